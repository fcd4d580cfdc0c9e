/**
 * The report's bootstrap as it was before `experiments/resample.ts`: every replicate copies each group's resampled
 * labels and scores, then runs `rocAuc` (a sort) and `confusionAt` on the copy. Kept as the baseline of
 * `bench/bootstrap.ts` and as the oracle of `test/unit/experiments/resample.test.ts`.
 */
import { seededRng } from '../../shared/domain/random.js';
import { confusionAt, quantile, rocAuc } from '../../shared/train/metrics.js';

/** One model's scores on one labelled set with its threshold. */
export interface Group {
  readonly labels: readonly number[];
  readonly scores: readonly number[];
  readonly threshold: number;
}

const mean = (v: readonly (number | null)[]): number | null => {
  const d = v.filter((x): x is number => x !== null);
  return d.length === 0 ? null : d.reduce((a, b) => a + b, 0) / d.length;
};

const STATS = [
  (l: number[], s: number[]) => rocAuc(s, l).value,
  (l: number[], s: number[], t: number) => {
    const c = confusionAt(s, l, t);
    return c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
  },
  (l: number[], s: number[], t: number) => {
    const c = confusionAt(s, l, t);
    return c.tn + c.fp === 0 ? null : c.tn / (c.tn + c.fp);
  },
];

/** [lo, hi] of the percentile 95% CI of AUC, sensitivity and specificity (null bounds when undefined). */
export function copyingBootstrap(groups: readonly Group[], resamples: number, seed: number): (number | null)[][] {
  const rand = seededRng(seed);
  const reps: number[][] = [[], [], []];
  for (let r = 0; r < resamples; r++) {
    const copies = groups.map((g) => {
      const pos: number[] = [];
      const neg: number[] = [];
      g.labels.forEach((y, i) => (y === 1 ? pos : neg).push(i));
      const pick = (from: number[]) => from.map(() => from[Math.floor(rand() * from.length)] as number);
      const idx = [...pick(pos), ...pick(neg)];
      return { labels: idx.map((i) => g.labels[i] as number), scores: idx.map((i) => g.scores[i] as number), threshold: g.threshold };
    });
    STATS.forEach((f, k) => {
      const m = mean(copies.map((c) => f(c.labels, c.scores, c.threshold)));
      if (m !== null) reps[k]?.push(m);
    });
  }
  return reps.map((x) => {
    const sorted = x.sort((a, b) => a - b);
    return sorted.length === 0 ? [null, null] : [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  });
}
