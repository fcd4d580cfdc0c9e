/**
 * Pure numbers the dashboard plots: proportions with Wilson 95 % intervals, ROC-AUC with the
 * Hanley–McNeil 95 % interval, and the ROC curve — all from the federated counts and score histograms
 * (the only evaluation data that leaves a site).
 */
import type { Confusion } from '../../shared/domain/confusion.js';
import { aucFromHistograms } from '../../shared/train/histogram.js';

/** A value with its 95 % interval; null when undefined (e.g. no positives). */
export interface Estimate {
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

const Z = 1.959963984540054;
const NONE: Estimate = { value: null, lo: null, hi: null };

/** Wilson score interval of `k` successes out of `n`. @example wilson(45, 50) // {value: 0.9, lo: 0.786, hi: 0.957} */
export function wilson(k: number, n: number): Estimate {
  if (!(n > 0)) return NONE;
  const p = k / n;
  const z2 = Z * Z;
  const den = 1 + z2 / n;
  const mid = (p + z2 / (2 * n)) / den;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return { value: p, lo: Math.max(0, mid - half), hi: Math.min(1, mid + half) };
}

/** Hanley & McNeil (1982) 95 % interval of an AUC with `nPos` positives and `nNeg` negatives, clipped to [0, 1]. */
export function aucInterval(auc: number | null, nPos: number, nNeg: number): Estimate {
  if (auc === null || nPos === 0 || nNeg === 0) return NONE;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg);
  const se = Math.sqrt(Math.max(0, v));
  return { value: auc, lo: Math.max(0, auc - Z * se), hi: Math.min(1, auc + Z * se) };
}

/**
 * ROC points [fpr, tpr] from per-class score histograms (bin b = scores in [b/B, (b+1)/B)), sweeping the
 * threshold from above the top bin down to 0: starts at [0, 0], ends at [1, 1]. Empty when a class is absent.
 */
export function rocFromHistograms(positive: readonly number[], negative: readonly number[]): [number, number][] {
  const p = positive.reduce((a, b) => a + b, 0);
  const n = negative.reduce((a, b) => a + b, 0);
  if (p === 0 || n === 0 || positive.length !== negative.length) return [];
  const pts: [number, number][] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let b = positive.length - 1; b >= 0; b--) {
    tp += positive[b] as number;
    fp += negative[b] as number;
    pts.push([fp / n, tp / p]);
  }
  return pts;
}

/** What the dashboard shows of one federated evaluation. */
export interface EvaluationSummary {
  readonly n: number;
  readonly loss: number;
  readonly sensitivity: Estimate;
  readonly specificity: Estimate;
  readonly accuracy: Estimate;
  readonly auc: Estimate;
  readonly roc: [number, number][];
}

/** Summarises federated counts and histograms with intervals and the ROC curve. */
export function summariseEvaluation(c: Confusion, loss: number, positive: readonly number[], negative: readonly number[]): EvaluationSummary {
  const nPos = c.tp + c.fn;
  const nNeg = c.tn + c.fp;
  const n = nPos + nNeg;
  const auc = positive.length === negative.length ? aucFromHistograms(positive, negative).value : null;
  return {
    n,
    loss,
    sensitivity: wilson(c.tp, nPos),
    specificity: wilson(c.tn, nNeg),
    accuracy: wilson(c.tp + c.tn, n),
    auc: aucInterval(auc, nPos, nNeg),
    roc: rocFromHistograms(positive, negative),
  };
}
