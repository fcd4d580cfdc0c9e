/**
 * Binary classification metrics as pure functions over scores and 0/1 labels (positive = disease).
 * A metric that is undefined on the given data (no positives, no negatives, nothing predicted positive)
 * is a `Metric` with `value: null` and a `reason`, never NaN.
 */
import { ValueError } from '../domain/errors.js';
import type { Confusion } from '../domain/confusion.js';
import { seededRng } from '../domain/random.js';

/** A metric value, or null with the reason it is undefined here. */
export type Metric = { readonly value: number; readonly reason: null } | { readonly value: null; readonly reason: string };

/** Labels as a plain array or typed array of 0/1. */
export type Labels = ArrayLike<number>;

const defined = (value: number): Metric => ({ value, reason: null });
const undefinedMetric = (reason: string): Metric => ({ value: null, reason });

/** Throws ValueError unless scores and labels have the same length and labels are 0/1. */
export function checkScoresLabels(scores: ArrayLike<number>, labels: Labels): void {
  if (scores.length !== labels.length) {
    throw new ValueError(`scores (${scores.length}) and labels (${labels.length}) differ in length`, { field: 'labels' });
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new ValueError(`label ${i} is ${String(y)}, expected 0 or 1`, { field: 'labels' });
    if (!Number.isFinite(scores[i])) throw new ValueError(`score ${i} is not finite`, { field: 'scores' });
  }
}

/** Confusion counts when `score >= threshold` predicts positive. */
export function confusionAt(scores: ArrayLike<number>, labels: Labels, threshold: number): Confusion {
  checkScoresLabels(scores, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pred = (scores[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (pred) tp++;
      else fn++;
    } else if (pred) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** Sensitivity (recall, true-positive rate) = TP / (TP + FN). */
export function sensitivity(c: Confusion): Metric {
  const p = c.tp + c.fn;
  return p === 0 ? undefinedMetric('no positive examples: sensitivity undefined') : defined(c.tp / p);
}

/** Specificity (true-negative rate) = TN / (TN + FP). */
export function specificity(c: Confusion): Metric {
  const n = c.tn + c.fp;
  return n === 0 ? undefinedMetric('no negative examples: specificity undefined') : defined(c.tn / n);
}

/** Accuracy = (TP + TN) / all. */
export function accuracy(c: Confusion): Metric {
  const all = c.tp + c.fp + c.tn + c.fn;
  return all === 0 ? undefinedMetric('no examples: accuracy undefined') : defined((c.tp + c.tn) / all);
}

/** Precision (positive predictive value) = TP / (TP + FP). */
export function precision(c: Confusion): Metric {
  const pp = c.tp + c.fp;
  return pp === 0 ? undefinedMetric('nothing predicted positive: precision undefined') : defined(c.tp / pp);
}

/** F1 = 2TP / (2TP + FP + FN) (harmonic mean of precision and recall). */
export function f1(c: Confusion): Metric {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? undefinedMetric('no positives and none predicted: F1 undefined') : defined((2 * c.tp) / d);
}

/** Counts positives and negatives; returns a reason when one class is missing. */
function classReason(labels: Labels): { pos: number; neg: number; reason: string | null } {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) {
    return { pos, neg, reason: `only one class present (${pos} positive, ${neg} negative): ROC-AUC undefined` };
  }
  return { pos, neg, reason: null };
}

/**
 * ROC-AUC as the Mann–Whitney U statistic with mid-ranks: equals P(score⁺ > score⁻) + ½·P(score⁺ = score⁻),
 * so ties count half. O(n log n).
 */
export function rocAuc(scores: ArrayLike<number>, labels: Labels): Metric {
  checkScoresLabels(scores, labels);
  const { pos, neg, reason } = classReason(labels);
  if (reason) return undefinedMetric(reason);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let rankSumPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j + 1 < order.length && scores[order[j + 1] as number] === s) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based; tied block i..j shares the mean rank
    for (let k = i; k <= j; k++) if (labels[order[k] as number] === 1) rankSumPos += midRank;
    i = j + 1;
  }
  return defined((rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg));
}

/** One ROC point: rates when `score >= threshold` predicts positive. */
export interface RocPoint {
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

/**
 * The ROC curve: one point per distinct score (descending thresholds), starting at (0,0) with threshold
 * +Infinity and ending at (1,1). Empty when one class is missing.
 */
export function rocCurve(scores: ArrayLike<number>, labels: Labels): RocPoint[] {
  checkScoresLabels(scores, labels);
  const { pos, neg, reason } = classReason(labels);
  if (reason) return [];
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i] as number] as number;
    // Consume the whole tied block: a threshold cannot separate equal scores.
    while (i < order.length && scores[order[i] as number] === s) {
      if (labels[order[i] as number] === 1) tp++;
      else fp++;
      i++;
    }
    points.push({ threshold: s, fpr: fp / neg, tpr: tp / pos });
  }
  return points;
}

/** Options of `bootstrapAucCI`. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples. @default 1000 */
  resamples?: number;
  /** Seed of the resampling. @default 0 */
  seed?: number;
  /** Confidence level. @default 0.95 */
  level?: number;
}

/** An AUC with its percentile bootstrap confidence interval. */
export interface AucWithCI {
  readonly auc: Metric;
  /** [lower, upper], or null when the AUC is undefined. */
  readonly ci: readonly [number, number] | null;
  readonly level: number;
  readonly resamples: number;
}

/**
 * Percentile bootstrap CI of ROC-AUC. Resampling is stratified (positives and negatives resampled
 * separately, with replacement) so every resample keeps both classes and the AUC stays defined.
 */
export function bootstrapAucCI(scores: ArrayLike<number>, labels: Labels, opts: BootstrapOptions = {}): AucWithCI {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const auc = rocAuc(scores, labels);
  if (auc.value === null) return { auc, ci: null, level, resamples };
  const posScores: number[] = [];
  const negScores: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? posScores : negScores).push(scores[i] as number);
  const rand = seededRng(opts.seed ?? 0);
  const n = posScores.length + negScores.length;
  const s = new Float64Array(n);
  const y = new Uint8Array(n);
  y.fill(1, 0, posScores.length);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < posScores.length; i++) s[i] = posScores[Math.floor(rand() * posScores.length)] as number;
    for (let i = 0; i < negScores.length; i++) {
      s[posScores.length + i] = negScores[Math.floor(rand() * negScores.length)] as number;
    }
    const v = rocAuc(s, y).value;
    if (v !== null) values.push(v);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { auc, ci: [quantile(values, alpha), quantile(values, 1 - alpha)], level, resamples };
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new ValueError('quantile of an empty list', { field: 'values' });
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Youden's J threshold: a threshold maximising sensitivity + specificity − 1, null when one class is missing.
 * Every threshold between the lowest score the best ROC point calls positive and the next lower score gives the
 * same J on these scores; this returns the middle of that gap (pROC's convention), not its upper edge, which sits
 * on a positive's own score and so leans towards specificity on new data. Ties in J: the higher threshold.
 */
export function youdenThreshold(scores: ArrayLike<number>, labels: Labels): { threshold: number; j: number } | null {
  const curve = rocCurve(scores, labels).filter((p) => Number.isFinite(p.threshold));
  let best: { threshold: number; j: number } | null = null;
  for (const [i, p] of curve.entries()) {
    const j = p.tpr - p.fpr;
    if (best !== null && j <= best.j) continue;
    const below = curve[i + 1]?.threshold;
    best = { threshold: below === undefined ? p.threshold : (p.threshold + below) / 2, j };
  }
  return best;
}

/**
 * The highest threshold whose sensitivity reaches `target` (so specificity is as high as that allows).
 * Null when there are no positives.
 */
export function thresholdAtSensitivity(scores: ArrayLike<number>, labels: Labels, target: number): number | null {
  if (!(target >= 0 && target <= 1)) throw new ValueError(`target sensitivity ${target} not in [0,1]`, { field: 'target' });
  const curve = rocCurve(scores, labels);
  for (const p of curve) if (Number.isFinite(p.threshold) && p.tpr >= target) return p.threshold;
  return null;
}
