/**
 * A label-free sanity check of a model's scores on a set: "collapsed" when the logits barely vary, i.e. the
 * model gives every image practically the same output. Its AUC then comes from numerical residue (seen in the
 * `real` preset: class-prototype alignment's first, distance-based term drove models to 0.500 ± 0.00002 on every
 * image, whose AUCs ranged from 0.03 to 1.00), so such a model must not win a choice or a comparison.
 */

/**
 * Below this standard deviation of the logits a model's scores count as collapsed (±0.00025 around 0.5). In the
 * `real` and `paper` runs of 2026-12-06 collapsed models sat at 1e-5–6e-4 (and tied ones at 0), weakly trained
 * but ranking ones at 9e-3 and above.
 */
export const COLLAPSED_LOGIT_SD = 1e-3;

/** The logit of a probability, with 0 and 1 clamped to the float32 extremes the scores come from. */
function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-38), 1 - 6e-8);
  return Math.log(q) - Math.log1p(-q);
}

/** Standard deviation of the scores' logits (0 for fewer than two scores). */
export function logitSd(scores: readonly number[]): number {
  if (scores.length < 2) return 0;
  const l = scores.map(logit);
  const mean = l.reduce((a, b) => a + b, 0) / l.length;
  return Math.sqrt(l.reduce((a, b) => a + (b - mean) ** 2, 0) / l.length);
}

/** Whether a model's scores on one set are practically one value (see COLLAPSED_LOGIT_SD). */
export function collapsed(scores: readonly number[]): boolean {
  return logitSd(scores) < COLLAPSED_LOGIT_SD;
}
