/**
 * Fixed-bin score histograms per class and ROC-AUC computed from them: what a site sends instead of
 * per-image scores, so the coordinator can sum histograms over sites and get a federated AUC.
 */
import { ValueError } from '../domain/errors.js';
import { checkScoresLabels, type Labels, type Metric } from './metrics.js';

/** Counts of positive and negative scores in `bins` equal bins over [0, 1]. */
export interface ScoreHistogram {
  readonly positive: number[];
  readonly negative: number[];
}

/** Default number of bins sites use. @default 100 */
export const DEFAULT_HISTOGRAM_BINS = 100;

/** Bin index of a score in [0,1] (1.0 goes into the last bin; out-of-range scores are clamped). */
export function binOf(score: number, bins: number): number {
  const i = Math.floor(score * bins);
  return Math.min(bins - 1, Math.max(0, i));
}

/** Histograms of scores per class. */
export function scoreHistogram(scores: ArrayLike<number>, labels: Labels, bins = DEFAULT_HISTOGRAM_BINS): ScoreHistogram {
  if (!Number.isInteger(bins) || bins < 1) throw new ValueError(`bins must be a positive integer, got ${bins}`, { field: 'bins' });
  checkScoresLabels(scores, labels);
  const positive = new Array<number>(bins).fill(0);
  const negative = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = binOf(scores[i] as number, bins);
    if (labels[i] === 1) positive[b] = (positive[b] as number) + 1;
    else negative[b] = (negative[b] as number) + 1;
  }
  return { positive, negative };
}

/** Element-wise sum of histograms (all of the same bin count): the coordinator's aggregation. */
export function sumHistograms(hs: readonly ScoreHistogram[]): ScoreHistogram {
  const first = hs[0];
  if (!first) throw new ValueError('no histograms to sum', { field: 'histograms' });
  const bins = first.positive.length;
  const positive = new Array<number>(bins).fill(0);
  const negative = new Array<number>(bins).fill(0);
  for (const h of hs) {
    if (h.positive.length !== bins || h.negative.length !== bins) {
      throw new ValueError(`histogram has ${h.positive.length}/${h.negative.length} bins, expected ${bins}`, { field: 'bins' });
    }
    for (let b = 0; b < bins; b++) {
      positive[b] = (positive[b] as number) + (h.positive[b] as number);
      negative[b] = (negative[b] as number) + (h.negative[b] as number);
    }
  }
  return { positive, negative };
}

/**
 * ROC-AUC from per-class histograms: a positive beats every negative in a lower bin and ties (half) with
 * negatives in its own bin. Equals the exact AUC when no bin holds both a positive and a negative score
 * of different values; the error shrinks as bins grow.
 */
export function aucFromHistograms(positive: readonly number[], negative: readonly number[]): Metric {
  if (positive.length !== negative.length) {
    throw new ValueError(`histograms differ in bins (${positive.length} vs ${negative.length})`, { field: 'bins' });
  }
  let p = 0;
  let n = 0;
  for (const c of positive) p += c;
  for (const c of negative) n += c;
  if (p === 0 || n === 0) {
    return { value: null, reason: `only one class present (${p} positive, ${n} negative): ROC-AUC undefined` };
  }
  let negBelow = 0;
  let wins = 0;
  for (let b = 0; b < positive.length; b++) {
    const pb = positive[b] as number;
    const nb = negative[b] as number;
    wins += pb * (negBelow + nb / 2);
    negBelow += nb;
  }
  return { value: wins / (p * n), reason: null };
}
