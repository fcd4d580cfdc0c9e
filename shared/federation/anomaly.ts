/** What the coordinator noticed about one site's input this round, as data (logged and kept in the ledger). */

/** Kinds of anomaly, each naming the defence that fired. */
export const ANOMALY_KINDS = [
  'count-capped',
  'norm-clipped',
  'norm-rejected',
  'direction',
  'share-capped',
  'update-rejected',
  'evaluation-rejected',
  'late-result',
] as const;

/** One of ANOMALY_KINDS. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** One anomaly: which site, which defence, what it did and the numbers behind it. */
export interface Anomaly {
  readonly siteId: string;
  readonly kind: AnomalyKind;
  /** What the coordinator did about it. */
  readonly action: 'flagged' | 'capped' | 'clipped' | 'rejected';
  readonly detail: string;
}
