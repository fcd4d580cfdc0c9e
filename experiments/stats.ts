/**
 * Every number the report prints, with its percentile bootstrap 95% CI. A "group" is one model scored on one
 * test set (one seed, one fold); a row of the report averages its groups, and each bootstrap replicate
 * resamples every group's items (stratified by class) and averages again: the CI says how the mean over these
 * trained models moves with the test images drawn. Paired differences can also resample the groups
 * (`overGroups`), so their CI covers how the difference moves from one training run to the next.
 */
import { confusionAt, quantile, rocAuc } from '../shared/train/metrics.js';
import { seededRng } from '../shared/domain/random.js';
import { aucIndex, drawnAuc, drawnShare, newDraw, redraw, splitByLabel } from './resample.js';

/** One model's scores on one labelled set, with the threshold chosen on validation for it. */
export interface ScoredGroup {
  readonly labels: readonly number[];
  readonly scores: readonly number[];
  readonly threshold: number;
}

/** A point estimate with its 95% CI; null when undefined on these data (e.g. AUC with one class). */
export interface Estimate {
  readonly value: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** AUC, sensitivity and specificity (at each group's validation threshold) with CIs. */
export interface Summary {
  readonly n: number;
  readonly groups: number;
  readonly auc: Estimate;
  readonly sensitivity: Estimate;
  readonly specificity: Estimate;
}

type Stat = (labels: readonly number[], scores: readonly number[], threshold: number) => number | null;

const aucStat: Stat = (l, s) => rocAuc(s, l).value;
const sensStat: Stat = (l, s, t) => {
  const c = confusionAt(s, l, t);
  return c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
};
const specStat: Stat = (l, s, t) => {
  const c = confusionAt(s, l, t);
  return c.tn + c.fp === 0 ? null : c.tn / (c.tn + c.fp);
};

/** Mean of the defined values, or null when none is. */
function meanDefined(values: readonly (number | null)[]): number | null {
  const d = values.filter((v): v is number => v !== null);
  return d.length === 0 ? null : d.reduce((a, b) => a + b, 0) / d.length;
}

/** A group ready for replicates: its score ranks, threshold flags per class and a reusable draw. */
function prepared(g: ScoredGroup) {
  const split = splitByLabel(g.labels);
  return {
    auc: aucIndex(split, g.scores),
    positiveCalled: Uint8Array.from(split.pos, (i) => ((g.scores[i] as number) >= g.threshold ? 1 : 0)),
    negativeCleared: Uint8Array.from(split.neg, (i) => ((g.scores[i] as number) < g.threshold ? 1 : 0)),
    draw: newDraw(split),
  };
}

/** The percentile 95% CI of replicate values around `value` (null bounds when either is missing). */
function interval(value: number | null, reps: number[]): Estimate {
  reps.sort((a, b) => a - b);
  if (value === null || reps.length === 0) return { value, lo: null, hi: null };
  return { value, lo: quantile(reps, 0.025), hi: quantile(reps, 0.975) };
}

/** Mean over groups of AUC, sensitivity and specificity, each with its percentile bootstrap CI (`resample.ts`). */
function bootstrap(groups: readonly ScoredGroup[], resamples: number, seed: number): [Estimate, Estimate, Estimate] {
  const point = [aucStat, sensStat, specStat].map((f) => meanDefined(groups.map((g) => f(g.labels, g.scores, g.threshold))));
  const rand = seededRng(seed);
  const ready = groups.map(prepared);
  const reps: [number[], number[], number[]] = [[], [], []];
  for (let r = 0; r < resamples; r++) {
    for (const g of ready) redraw(g.draw, rand);
    const stats = [
      meanDefined(ready.map((g) => drawnAuc(g.auc, g.draw))),
      meanDefined(ready.map((g) => drawnShare(g.positiveCalled, g.draw.pos))),
      meanDefined(ready.map((g) => drawnShare(g.negativeCleared, g.draw.neg))),
    ];
    stats.forEach((m, k) => {
      if (m !== null) reps[k as 0 | 1 | 2].push(m);
    });
  }
  return [interval(point[0] ?? null, reps[0]), interval(point[1] ?? null, reps[1]), interval(point[2] ?? null, reps[2])];
}

/** AUC, sensitivity and specificity averaged over groups, each with a bootstrap 95% CI. */
export function summarize(groups: readonly ScoredGroup[], resamples = 1000, seed = 0): Summary {
  const [auc, sensitivity, specificity] = bootstrap(groups, resamples, seed);
  return { n: groups.reduce((k, g) => k + g.labels.length, 0), groups: groups.length, auc, sensitivity, specificity };
}

/** Two models scored on the same items (same labels, same order). */
export interface PairedGroup {
  readonly labels: readonly number[];
  readonly a: readonly number[];
  readonly b: readonly number[];
}

/** How the CI of a paired difference is drawn. */
export interface PairedOptions {
  /**
   * Two-stage bootstrap: each replicate first draws the groups (seeds) with replacement, then each drawn group's
   * items. The CI then covers how much the difference changes from one training run to the next (its init, its
   * shuffling, its folds), not only which test images were drawn; with items alone it is conditional on the very
   * models trained, and a difference that flips sign between seeds can still get a CI far from 0. @default false
   */
  readonly overGroups?: boolean;
}

/**
 * Mean paired AUC difference a − b over groups (seeds, folds) with a bootstrap 95% CI: items resampled jointly
 * (both models on the same draw), and with `overGroups` the groups too.
 */
export function pairedAucDifference(groups: readonly PairedGroup[], resamples = 1000, seed = 0, o: PairedOptions = {}): Estimate {
  const diff = (l: readonly number[], a: readonly number[], b: readonly number[]): number | null => {
    const x = rocAuc(a, l).value;
    const y = rocAuc(b, l).value;
    return x === null || y === null ? null : x - y;
  };
  const value = meanDefined(groups.map((g) => diff(g.labels, g.a, g.b)));
  if (value === null) return { value, lo: null, hi: null };
  const rand = seededRng(seed);
  const ready = groups.map((g) => {
    const split = splitByLabel(g.labels);
    return { a: aucIndex(split, g.a), b: aucIndex(split, g.b), draw: newDraw(split) };
  });
  const drawnDiff = (g: (typeof ready)[number]): number | null => {
    redraw(g.draw, rand);
    const x = drawnAuc(g.a, g.draw);
    const y = drawnAuc(g.b, g.draw);
    return x === null || y === null ? null : x - y;
  };
  const reps: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const drawn = o.overGroups ? ready.map(() => ready[Math.floor(rand() * ready.length)] as (typeof ready)[number]) : ready;
    const m = meanDefined(drawn.map(drawnDiff));
    if (m !== null) reps.push(m);
  }
  return interval(value, reps);
}

/** Mean and sample standard deviation of the defined values (sd null below two values). */
export function meanSd(values: readonly (number | null)[]): { mean: number | null; sd: number | null; n: number } {
  const d = values.filter((v): v is number => v !== null);
  if (d.length === 0) return { mean: null, sd: null, n: 0 };
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = d.length < 2 ? null : Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  return { mean, sd, n: d.length };
}

/** Per-group values of one metric (for mean ± sd over folds). */
export function perGroup(groups: readonly ScoredGroup[], metric: 'auc' | 'sensitivity' | 'specificity'): (number | null)[] {
  const f = metric === 'auc' ? aucStat : metric === 'sensitivity' ? sensStat : specStat;
  return groups.map((g) => f(g.labels, g.scores, g.threshold));
}

/** Phi coefficient (Matthews correlation) between two 0/1 variables; null when either is constant. */
export function phi(a: readonly number[], b: readonly number[]): number | null {
  let n11 = 0, n10 = 0, n01 = 0, n00 = 0;
  a.forEach((x, i) => {
    const y = b[i];
    if (x === 1 && y === 1) n11++;
    else if (x === 1) n10++;
    else if (y === 1) n01++;
    else n00++;
  });
  const d = Math.sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00));
  return d === 0 ? null : (n11 * n00 - n10 * n01) / d;
}
