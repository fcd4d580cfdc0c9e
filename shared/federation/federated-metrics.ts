/**
 * Federated evaluation from counts only: sites send confusion counts and per-class score histograms;
 * summing them gives exactly the pooled confusion matrix and a binned ROC-AUC, with no per-image row.
 * Histogram binning and the binned AUC (ties count half) are shared/train/histogram.ts's.
 */
import { ValueError } from '../domain/errors.js';
import { aucFromHistograms, sumHistograms } from '../train/histogram.js';
import { accuracy, sensitivity, specificity } from '../train/metrics.js';
import type { EvaluateRes, FederatedEvaluation } from './types.js';
import type { Confusion } from '../domain/confusion.js';

/** Default number of equal score bins over [0,1] in EvaluateRes histograms: coarse on purpose (privacy), the wire's default. */
export const DEFAULT_HISTOGRAM_BINS = 20;

/** Most histogram bins EvaluateIns may ask for (the wire refuses more). */
export const MAX_HISTOGRAM_BINS = 4096;

/** Sensitivity, specificity and accuracy of one confusion matrix (shared/train/metrics.ts); null where the denominator is 0. */
export function confusionMetrics(c: Confusion): {
  sensitivity: number | null;
  specificity: number | null;
  accuracy: number | null;
} {
  return { sensitivity: sensitivity(c).value, specificity: specificity(c).value, accuracy: accuracy(c).value };
}

/** Why a metric is undefined, in words, or undefined when every metric is defined. */
export function undefinedReason(c: Confusion): string | undefined {
  const pos = c.tp + c.fn;
  const neg = c.tn + c.fp;
  if (pos + neg === 0) return 'no examples';
  if (pos === 0) return 'only one class (no disease cases)';
  if (neg === 0) return 'only one class (no normal cases)';
  return undefined;
}

/**
 * Sums the sites' counts (withheld sites excluded: their counts are suppressed) into one federated
 * evaluation. Histograms must all have the same number of bins.
 */
export function sumEvaluations(round: number, results: readonly EvaluateRes[]): FederatedEvaluation {
  const used = [...results.filter((r) => !r.withheld)].sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
  const bins = used[0]?.positiveHistogram.length ?? DEFAULT_HISTOGRAM_BINS;
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let n = 0;
  let lossSum = 0;
  for (const r of used) {
    if (r.positiveHistogram.length !== bins || r.negativeHistogram.length !== bins) {
      throw new ValueError(`site ${r.siteId} sent histograms with a different bin count`, { field: 'histogram' });
    }
    tp += r.confusion.tp;
    fp += r.confusion.fp;
    tn += r.confusion.tn;
    fn += r.confusion.fn;
    n += r.numExamples;
    lossSum += r.loss * r.numExamples;
  }
  const empty = new Array<number>(bins).fill(0);
  const { positive: pos, negative: neg } = sumHistograms([{ positive: empty, negative: empty }, ...used.map((r) => ({ positive: [...r.positiveHistogram], negative: [...r.negativeHistogram] }))]);
  const confusion = { tp, fp, tn, fn };
  const reason = undefinedReason(confusion);
  return {
    round,
    numExamples: n,
    loss: n > 0 ? lossSum / n : Number.NaN,
    confusion,
    positiveHistogram: pos,
    negativeHistogram: neg,
    ...confusionMetrics(confusion),
    auc: aucFromHistograms(pos, neg).value,
    ...(reason ? { reason } : {}),
    withheldSites: results.filter((r) => r.withheld).map((r) => r.siteId),
  };
}
