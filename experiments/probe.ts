/**
 * The shortcut probe: how well the institution can be read from a model's features (cross-validated
 * logistic-regression AUC, folds by patient), and how much the model's disease score itself leans on the
 * institution — among normals only, the AUC of the score for "comes from the mixed site" against "comes from
 * the normal-only site" (0.5 = no shortcut; near 1 = normals of the mixed institution look diseased).
 */
import { rocAuc } from '../shared/train/metrics.js';
import { seededRng, shuffleInPlace } from '../shared/domain/random.js';

/** L2-regularised logistic regression by full-batch gradient descent on standardised features; returns a scorer. */
export function fitLogistic(x: readonly Float32Array[], y: readonly number[], o: { l2?: number; iterations?: number; rate?: number } = {}): (row: Float32Array) => number {
  const d = x[0]?.length ?? 0;
  const n = x.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const r of x) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (r[j] as number) / n;
  for (const r of x) for (let j = 0; j < d; j++) sd[j] = (sd[j] as number) + ((r[j] as number) - (mean[j] as number)) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] as number) || 1;
  const z = x.map((r) => Float64Array.from(r, (v, j) => (v - (mean[j] as number)) / (sd[j] as number)));
  const w = new Float64Array(d);
  let b = 0;
  const l2 = o.l2 ?? 0.1;
  const rate = o.rate ?? 0.1;
  const grad = new Float64Array(d);
  for (let it = 0; it < (o.iterations ?? 200); it++) {
    grad.fill(0);
    let gb = 0;
    z.forEach((r, i) => {
      let s = b;
      for (let j = 0; j < d; j++) s += (w[j] as number) * (r[j] as number);
      const e = 1 / (1 + Math.exp(-s)) - (y[i] as number);
      gb += e / n;
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + (e * (r[j] as number)) / n;
    });
    for (let j = 0; j < d; j++) w[j] = (w[j] as number) - rate * ((grad[j] as number) + l2 * (w[j] as number));
    b -= rate * gb;
  }
  return (row) => {
    let s = b;
    for (let j = 0; j < d; j++) s += (w[j] as number) * (((row[j] as number) - (mean[j] as number)) / (sd[j] as number));
    return 1 / (1 + Math.exp(-s));
  };
}

/**
 * Cross-validated AUC of predicting a binary group (institution) from feature rows; folds by patient so one
 * patient's images never sit on both sides. Null when a class is missing.
 */
export function groupProbeAuc(rows: readonly Float32Array[], group: readonly number[], patients: readonly string[], folds = 5, seed = 0): number | null {
  const ids = shuffleInPlace([...new Set(patients)].sort(), seededRng(seed));
  const foldOf = new Map(ids.map((p, i) => [p, i % folds]));
  const scores = new Array<number>(rows.length).fill(0.5);
  for (let f = 0; f < folds; f++) {
    const tr = rows.map((_, i) => i).filter((i) => foldOf.get(patients[i] as string) !== f);
    const te = rows.map((_, i) => i).filter((i) => foldOf.get(patients[i] as string) === f);
    const ys = tr.map((i) => group[i] as number);
    if (te.length === 0 || ys.every((v) => v === ys[0])) continue;
    const score = fitLogistic(tr.map((i) => rows[i] as Float32Array), ys);
    for (const i of te) scores[i] = score(rows[i] as Float32Array);
  }
  return rocAuc(scores, group).value;
}

/** Among normals: AUC of the disease score separating the mixed site's normals (1) from the normal-only site's (0). */
export function shortcutReliance(mixedNormalScores: readonly number[], normalSiteScores: readonly number[]): number | null {
  return rocAuc([...mixedNormalScores, ...normalSiteScores], [...mixedNormalScores.map(() => 1), ...normalSiteScores.map(() => 0)]).value;
}
