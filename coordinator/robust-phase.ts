/**
 * The round loop's Byzantine phase, kept apart from rounds.ts so it re-attaches to any loop shape: screens the
 * validated fit results (shared/federation/screen-updates.ts) and the sites' evaluations
 * (shared/federation/eval-bounds.ts), logs every anomaly naming its site, and says what the round records.
 */
import { logger } from '../shared/log.js';
import type { Anomaly } from '../shared/federation/anomaly.js';
import { checkEvaluation } from '../shared/federation/eval-bounds.js';
import type { Enrolment } from '../shared/federation/robust-weights.js';
import { DEFAULT_ROBUST_POLICY, screenUpdates, type RobustPolicy, type Screened } from '../shared/federation/screen-updates.js';
import type { EvaluateRes, FitRes, SiteFailure, SiteRegistration } from '../shared/federation/types.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';

const log = logger('coordinator.robust');

/** The robust settings a round reads from its options. */
export interface RobustOptions {
  /** @default DEFAULT_ROBUST_POLICY */
  readonly robust?: RobustPolicy | undefined;
  /** Per-site enrolment from coordinator.yaml, keyed by site id. */
  readonly enrolled?: Readonly<Record<string, Enrolment>> | undefined;
}

/** Logs anomalies on 'coordinator.robust', one line each, naming the site. */
export function logAnomalies(round: number, anomalies: readonly Anomaly[]): void {
  for (const a of anomalies) log.warn({ round, site: a.siteId, kind: a.kind, action: a.action, detail: a.detail }, 'anomaly');
}

/** Screens the round's validated fit results under the configured policy and enrolment. */
export function screenFit(round: number, global: TensorSet, accepted: readonly FitRes[], o: RobustOptions): Screened {
  const enrolled = new Map<string, number>();
  for (const [id, e] of Object.entries(o.enrolled ?? {})) if (e.train !== undefined) enrolled.set(id, e.train);
  const s = screenUpdates(global, accepted, enrolled, o.robust ?? DEFAULT_ROBUST_POLICY);
  logAnomalies(round, s.anomalies);
  return s;
}

/**
 * Keeps the evaluations whose counts are plausible: bounded by the enrolled test count (or, when the operator
 * enrolled none, the registered one) and internally consistent. The rest become failures and anomalies.
 */
export function screenEvaluations(
  round: number,
  results: readonly EvaluateRes[],
  registrations: ReadonlyMap<string, SiteRegistration>,
  o: RobustOptions,
): { kept: EvaluateRes[]; failures: SiteFailure[]; anomalies: Anomaly[] } {
  const kept: EvaluateRes[] = [];
  const failures: SiteFailure[] = [];
  const anomalies: Anomaly[] = [];
  for (const r of results) {
    const reg = registrations.get(r.siteId);
    const registered = reg ? reg.counts.test.normal + reg.counts.test.disease : 0;
    const bound = o.enrolled?.[r.siteId]?.test ?? registered;
    const why = checkEvaluation(r, bound);
    if (why === null) kept.push(r);
    else {
      failures.push({ siteId: r.siteId, reason: `evaluation rejected: ${why}` });
      anomalies.push({ siteId: r.siteId, kind: 'evaluation-rejected', action: 'rejected', detail: why });
    }
  }
  logAnomalies(round, anomalies);
  return { kept, failures, anomalies };
}

/** Anomalies for updates the boundary validator refused (so the ledger names every refused site). */
export function rejectionAnomalies(failures: readonly SiteFailure[]): Anomaly[] {
  return failures.map((f) => ({
    siteId: f.siteId,
    kind: /late or replayed|arrived in round/.test(f.reason) ? 'late-result' : 'update-rejected',
    action: 'rejected',
    detail: f.reason,
  }));
}
