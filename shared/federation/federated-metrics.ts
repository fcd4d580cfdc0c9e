/**
 * Federated evaluation from counts only: sites send confusion counts and per-class score histograms;
 * summing them gives exactly the pooled confusion matrix and a binned ROC-AUC, with no per-image row.
 */
import { ValueError } from '../errors.js';
import type { Confusion, EvaluateRes, FederatedEvaluation } from './types.js';

/** Default number of equal score bins over [0,1] in EvaluateRes histograms. */
export const DEFAULT_HISTOGRAM_BINS = 20;

/**
 * ROC-AUC from per-class score histograms over the same bins (Mann–Whitney on binned scores: a positive
 * beats every negative in a lower bin and ties half with negatives in its own bin). null when a class is empty.
 * @example aucFromHistograms([0, 2], [2, 0]) // 1
 */
export function aucFromHistograms(positive: readonly number[], negative: readonly number[]): number | null {
  if (positive.length !== negative.length) {
    throw new ValueError(`histograms differ in length: ${positive.length} vs ${negative.length}`, { field: 'histogram' });
  }
  let p = 0;
  let n = 0;
  for (let b = 0; b < positive.length; b++) {
    p += positive[b] as number;
    n += negative[b] as number;
  }
  if (p === 0 || n === 0) return null;
  let below = 0;
  let wins = 0;
  for (let b = 0; b < positive.length; b++) {
    const pb = positive[b] as number;
    const nb = negative[b] as number;
    wins += pb * (below + 0.5 * nb);
    below += nb;
  }
  return wins / (p * n);
}

/** Score histogram: counts of `scores` in `bins` equal bins over [0,1] (1.0 falls in the last bin). */
export function histogram(scores: ArrayLike<number>, bins: number): number[] {
  const h = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = Math.min(1, Math.max(0, scores[i] as number));
    const b = Math.min(bins - 1, Math.floor(s * bins));
    h[b] = (h[b] as number) + 1;
  }
  return h;
}

/** Sensitivity, specificity and accuracy of one confusion matrix; null where the denominator is 0. */
export function confusionMetrics(c: Confusion): {
  sensitivity: number | null;
  specificity: number | null;
  accuracy: number | null;
} {
  const pos = c.tp + c.fn;
  const neg = c.tn + c.fp;
  return {
    sensitivity: pos > 0 ? c.tp / pos : null,
    specificity: neg > 0 ? c.tn / neg : null,
    accuracy: pos + neg > 0 ? (c.tp + c.tn) / (pos + neg) : null,
  };
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
  const used = results.filter((r) => !r.withheld);
  const bins = used[0]?.positiveHistogram.length ?? DEFAULT_HISTOGRAM_BINS;
  const pos = new Array<number>(bins).fill(0);
  const neg = new Array<number>(bins).fill(0);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  let n = 0;
  let lossSum = 0;
  for (const r of [...used].sort((a, b) => (a.siteId < b.siteId ? -1 : 1))) {
    if (r.positiveHistogram.length !== bins || r.negativeHistogram.length !== bins) {
      throw new ValueError(`site ${r.siteId} sent histograms with a different bin count`, { field: 'histogram' });
    }
    tp += r.confusion.tp;
    fp += r.confusion.fp;
    tn += r.confusion.tn;
    fn += r.confusion.fn;
    n += r.numExamples;
    lossSum += r.loss * r.numExamples;
    for (let b = 0; b < bins; b++) {
      pos[b] = (pos[b] as number) + (r.positiveHistogram[b] as number);
      neg[b] = (neg[b] as number) + (r.negativeHistogram[b] as number);
    }
  }
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
    auc: aucFromHistograms(pos, neg),
    ...(reason ? { reason } : {}),
    withheldSites: results.filter((r) => r.withheld).map((r) => r.siteId),
  };
}
