import { describe, expect, it } from 'vitest';
import { aucIndex, drawnAuc, drawnShare, newDraw, redraw, splitByLabel } from '../../../experiments/resample.js';
import { pairedAucDifference, summarize } from '../../../experiments/stats.js';
import { seededRng } from '../../../shared/domain/random.js';
import { confusionAt, rocAuc } from '../../../shared/train/metrics.js';
import { copyingBootstrap } from '../../../bench/lib/copying-bootstrap.js';

/** A scored group with ties (scores on a coarse grid) and a random class balance. */
function group(rand: () => number, n: number) {
  const labels = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
  const scores = labels.map((y) => Math.round((0.3 * y + 0.7 * rand()) * 20) / 20);
  return { labels, scores, threshold: 0.5 };
}

describe('bootstrap replicates from drawn counts', () => {
  it('give the AUC and rates of the copied replicate exactly, ties included', () => {
    // Prepare
    const rand = seededRng(5);
    const g = group(rand, 40);
    const split = splitByLabel(g.labels);
    const ix = aucIndex(split, g.scores);
    const d = newDraw(split);
    for (let r = 0; r < 50; r++) {
      // Execute
      redraw(d, rand);
      // Assert: the copy the draw stands for
      const idx = [...Array.from(d.pos, (k) => split.pos[k] as number), ...Array.from(d.neg, (k) => split.neg[k] as number)];
      const labels = idx.map((i) => g.labels[i] as number);
      const scores = idx.map((i) => g.scores[i] as number);
      expect(drawnAuc(ix, d)).toBe(rocAuc(scores, labels).value);
      const c = confusionAt(scores, labels, g.threshold);
      expect(drawnShare(Uint8Array.from(split.pos, (i) => ((g.scores[i] as number) >= 0.5 ? 1 : 0)), d.pos)).toBe(c.tp / (c.tp + c.fn));
    }
  });

  it('leave every CI of summarize bit-identical to copying the resampled groups', () => {
    const rand = seededRng(11);
    const groups = [group(rand, 30), group(rand, 17), group(rand, 52)];
    const s = summarize(groups, 300, 9);
    const [auc, sens, spec] = copyingBootstrap(groups, 300, 9);
    expect([s.auc.lo, s.auc.hi]).toEqual(auc);
    expect([s.sensitivity.lo, s.sensitivity.hi]).toEqual(sens);
    expect([s.specificity.lo, s.specificity.hi]).toEqual(spec);
  });

  it('are null where a class is missing, as rocAuc is', () => {
    const split = splitByLabel([1, 1, 1]);
    const d = newDraw(split);
    redraw(d, seededRng(1));
    expect(drawnAuc(aucIndex(split, [0.2, 0.4, 0.9]), d)).toBeNull();
    expect(drawnShare(new Uint8Array(0), d.neg)).toBeNull();
    expect(pairedAucDifference([{ labels: [1, 1], a: [0.1, 0.2], b: [0.3, 0.4] }], 50).value).toBeNull();
  });
});
