import { describe, expect, it } from 'vitest';
import { pairedComparisons } from '../../../experiments/demo-compare.js';
import type { EvalRecord } from '../../../experiments/evaluate-model.js';

const labels = [0, 0, 0, 0, 1, 1, 1, 1];
const rec = (model: string, scores: number[], evalOn = 'external', l = labels): EvalRecord => ({ model, evalOn, labels: l, scores, threshold: 0.5 });

describe('pairedComparisons', () => {
  const perfect = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]; // AUC 1
  const backwards = [...perfect].reverse(); // AUC 0
  const half = [0.1, 0.2, 0.7, 0.8, 0.3, 0.4, 0.6, 0.9]; // AUC 0.625

  it('gives each model its AUC difference to every other reference on the same images', () => {
    const out = pairedComparisons([rec('alone', half), rec('pooled', backwards), rec('fed', perfect), rec('fed', backwards, 'fold')], 'external', ['alone', 'pooled'], 200, 1);
    expect(out.map((c) => c.model)).toEqual(['alone', 'pooled', 'fed']);
    const fed = out[2]?.against ?? {};
    expect(fed.alone?.value).toBeCloseTo(1 - 0.625, 10);
    expect(fed.pooled?.value).toBeCloseTo(1, 10);
    // a perfect ranking stays perfect in every resample: the CI of "fed − pooled" is that one value
    expect(fed.pooled?.lo).toBeCloseTo(1, 10);
    expect(fed.pooled?.hi).toBeCloseTo(1, 10);
    expect(Object.keys(out[0]?.against ?? {})).toEqual(['pooled']);
    expect(out[1]?.against.alone?.value).toBeCloseTo(-0.625, 10);
  });

  it('skips references that were not scored there, and refuses pairs over different images', () => {
    expect(pairedComparisons([rec('fed', perfect)], 'external', ['alone'], 50, 1)).toEqual([{ model: 'fed', against: {} }]);
    expect(() => pairedComparisons([rec('alone', half), rec('fed', perfect, 'external', [1, 0, 0, 0, 1, 1, 1, 0])], 'external', ['alone'], 50, 1)).toThrow(/fed and alone were scored on different external images/);
  });
});
