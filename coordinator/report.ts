/**
 * Human and JSON views of rounds: per-site and global sensitivity, specificity, accuracy and AUC, with
 * undefined metrics printed as "n/a (reason)" rather than a misleading 0 or NaN.
 */
import { confusionMetrics, undefinedReason } from '../shared/federation/federated-metrics.js';
import { aucFromHistograms } from '../shared/train/histogram.js';
import type { EvaluateRes, FederatedEvaluation } from '../shared/federation/types.js';
import type { RoundOutcome } from './rounds.js';
import type { Confusion } from '../shared/domain/confusion.js';

/** Metrics of one scope (a site or the federation). */
export interface MetricSet {
  readonly scope: string;
  readonly n: number;
  readonly sensitivity: number | null;
  readonly specificity: number | null;
  readonly accuracy: number | null;
  readonly auc: number | null;
  /** Why some metric is undefined or withheld. */
  readonly note?: string;
}

/** Metrics of one site's evaluation. */
export function siteMetrics(e: EvaluateRes): MetricSet {
  if (e.withheld) return { scope: e.siteId, n: e.numExamples, sensitivity: null, specificity: null, accuracy: null, auc: null, note: 'withheld (fewer than k examples)' };
  return fromCounts(e.siteId, e.confusion, e.positiveHistogram, e.negativeHistogram);
}

/** Metrics of the federated evaluation. */
export function globalMetrics(e: FederatedEvaluation): MetricSet {
  return fromCounts('global', e.confusion, e.positiveHistogram, e.negativeHistogram);
}

/** Metrics from counts and histograms. */
export function fromCounts(scope: string, c: Confusion, pos: readonly number[], neg: readonly number[]): MetricSet {
  const reason = undefinedReason(c);
  return { scope, n: c.tp + c.fp + c.tn + c.fn, ...confusionMetrics(c), auc: aucFromHistograms(pos, neg).value, ...(reason ? { note: reason } : {}) };
}

/** A metric as text: 3 decimals, or `n/a` when undefined. */
export function fmt(v: number | null): string {
  return v === null ? 'n/a' : v.toFixed(3);
}

/** One table row. */
export function metricRow(m: MetricSet, width = 8): string {
  const cols = [m.sensitivity, m.specificity, m.accuracy, m.auc].map((v) => fmt(v).padStart(6));
  return `  ${m.scope.padEnd(width)} n=${String(m.n).padStart(4)}  sens ${cols[0]}  spec ${cols[1]}  acc ${cols[2]}  auc ${cols[3]}${m.note ? `  (${m.note})` : ''}`;
}

/** The lines printed after a round. */
export function roundLines(o: RoundOutcome): string[] {
  const ok = o.fit.filter((f) => f.status === 'ok').length;
  const head = `round ${o.round}${o.attempt > 1 ? ` (attempt ${o.attempt})` : ''}: ${o.state}${o.reason ? ` — ${o.reason}` : ''}; ${ok}/${o.fit.length} sites trained; ${(o.timings.totalMs / 1000).toFixed(1)} s`;
  const lines = [head];
  for (const f of o.fit) if (f.status !== 'ok') lines.push(`  ${f.siteId}: ${f.status} — ${f.reason ?? ''}`);
  for (const e of o.siteEvaluations) lines.push(metricRow(siteMetrics(e)));
  if (o.evaluation) lines.push(metricRow(globalMetrics(o.evaluation)));
  if (o.privacy) lines.push(`  privacy: (ε ${o.privacy.epsilon.toFixed(3)}, δ ${o.privacy.delta})-DP after ${o.privacy.rounds} rounds (z ${o.privacy.noiseMultiplier}, clip ${o.privacy.clip})`);
  return lines;
}
