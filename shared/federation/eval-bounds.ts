/**
 * Evaluation results a site cannot fake into the pooled metrics: its example count may not exceed the test
 * count the operator enrolled (or, unenrolled, the one it registered), and its confusion counts and score
 * histograms must add up to that count. A violation rejects the site's evaluation for the round.
 */
import type { EvaluateRes } from './types.js';

const isCount = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

/** Why `res` cannot be summed, or null. `bound` is the most test examples the site may report. */
export function checkEvaluation(res: EvaluateRes, bound: number): string | null {
  if (!isCount(res.numExamples)) return `evaluation numExamples ${res.numExamples} is not a count`;
  if (res.numExamples > bound) return `evaluation claims ${res.numExamples} test examples, at most ${bound} enrolled`;
  if (res.withheld) return null; // counts suppressed by the site (fewer than k): nothing is summed
  const { tp, fp, tn, fn } = res.confusion;
  if (![tp, fp, tn, fn].every(isCount)) return 'confusion counts must be non-negative integers';
  if (tp + fp + tn + fn !== res.numExamples) return `confusion counts sum to ${tp + fp + tn + fn}, numExamples is ${res.numExamples}`;
  if (!res.positiveHistogram.every(isCount) || !res.negativeHistogram.every(isCount)) return 'histogram bins must be non-negative integers';
  const pos = res.positiveHistogram.reduce((s, v) => s + v, 0);
  const neg = res.negativeHistogram.reduce((s, v) => s + v, 0);
  if (pos !== tp + fn) return `positive histogram holds ${pos} scores, confusion has ${tp + fn} positives`;
  if (neg !== tn + fp) return `negative histogram holds ${neg} scores, confusion has ${tn + fp} negatives`;
  if (!Number.isFinite(res.loss)) return `evaluation loss ${res.loss} is not finite`;
  return null;
}
