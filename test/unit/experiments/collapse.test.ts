import { describe, expect, it } from 'vitest';
import { collapsed, COLLAPSED_LOGIT_SD, logitSd } from '../../../experiments/collapse.js';

describe('collapsed scores', () => {
  it('flags outputs that are practically one value, at 0.5 or saturated, and passes a weak model that still ranks', () => {
    // what the distance-based alignment term produced: 0.500 ± 0.00002 on every image
    expect(collapsed([0.49999, 0.5, 0.50001, 0.5])).toBe(true);
    expect(collapsed([0.3, 0.3, 0.3])).toBe(true);
    // a weakly trained model: logits within ±0.05 of each other still rank
    expect(collapsed([0.49, 0.5, 0.51, 0.505])).toBe(false);
    // saturated but far apart in logit space (1e-5 vs 1e-9): not collapsed
    expect(collapsed([1e-5, 1e-9, 1e-7])).toBe(false);
    // exact 0 and 1 are clamped to finite logits
    expect(Number.isFinite(logitSd([0, 1, 0.5]))).toBe(true);
    expect(logitSd([0.7])).toBe(0);
    expect(COLLAPSED_LOGIT_SD).toBeGreaterThan(0);
  });
});
