/**
 * Patient-level, class-stratified, seeded splits: a patient's images always land in one split, so no split
 * ever sees a patient another split trained on. Two tools: fractions (`splitByPatient`) and exact per-class
 * counts (`carveBalanced`, e.g. the paper's 1,100 + 1,100 / 200 + 200 pretraining subsets).
 */
import { ConfigError } from '../domain/errors.js';
import type { Split } from '../domain/kinds.js';
import { seededRng, shuffleInPlace } from '../domain/random.js';

/** Anything with a patient id and a binary class. */
export interface Labelled {
  readonly patient: string;
  readonly y: 0 | 1;
}

/** Items grouped per split. */
export type Splits<T> = Record<Split, T[]>;

/** Patients of one class, each with their items, sorted by id (so the seed alone decides the order). */
function patientsOfClass<T extends Labelled>(items: readonly T[], y: 0 | 1): T[][] {
  const byPatient = new Map<string, T[]>();
  for (const it of items) {
    // A patient is assigned to the class of their first image; mixed patients stay whole (see splitByPatient).
    const list = byPatient.get(it.patient);
    if (list) list.push(it);
    else byPatient.set(it.patient, [it]);
  }
  return [...byPatient.entries()]
    .filter(([, list]) => list[0]?.y === y)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, list]) => list);
}

/**
 * Splits by patient into train/val/test with the given fractions of images per class (stratified), seeded.
 * @example splitByPatient(entries, { train: 0.8, val: 0.1, test: 0.1 }, 42)
 */
export function splitByPatient<T extends Labelled>(items: readonly T[], fractions: Readonly<Record<Split, number>>, seed: number): Splits<T> {
  const total = fractions.train + fractions.val + fractions.test;
  if (!(Math.abs(total - 1) < 1e-6) || Object.values(fractions).some((f) => f < 0)) {
    throw new ConfigError(`split fractions must be ≥ 0 and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  const out: Splits<T> = { train: [], val: [], test: [] };
  const order: Split[] = ['train', 'val', 'test'];
  for (const y of [0, 1] as const) {
    const patients = shuffleInPlace(patientsOfClass(items, y), seededRng(seed * 2 + y));
    const n = patients.reduce((k, p) => k + p.length, 0);
    const got: Record<Split, number> = { train: 0, val: 0, test: 0 };
    for (const p of patients) {
      // Give the patient to the split furthest below its target (largest deficit), so image counts track the fractions.
      let best: Split = 'train';
      let bestDeficit = -Infinity;
      for (const s of order) {
        const deficit = fractions[s] * n - got[s];
        if (fractions[s] > 0 && deficit > bestDeficit) {
          best = s;
          bestDeficit = deficit;
        }
      }
      got[best] += p.length;
      out[best].push(...p);
    }
  }
  return out;
}

/** Exact number of images per class for each split to carve. */
export type CarveSpec = Partial<Record<Split, { readonly 0: number; readonly 1: number }>>;

/**
 * Further seeded draws `carveBalanced` makes when whole-patient rounding leaves a split short though the class has
 * the images. The seed's own draw always comes first, so a carve that fits the first time never changes.
 */
export const CARVE_REDRAWS = 8;

/** A draw that ran out of patients although the class had enough images (rounding, not a shortage). */
class RoundingShortfall extends ConfigError {}

/**
 * Carves disjoint balanced subsets with exact per-class image counts, by patient, seeded. Splits are filled in
 * the order train, val, test; when a patient's images overshoot a split, the surplus images are left unused (never
 * given to another split). When those losses leave a split short, up to `CARVE_REDRAWS` further seeded draws are
 * tried. Throws ConfigError when a class has too few images, or when no draw fills every split.
 * @example carveBalanced(items, { train: { 0: 1100, 1: 1100 }, val: { 0: 200, 1: 200 } }, 7)
 */
export function carveBalanced<T extends Labelled>(items: readonly T[], spec: CarveSpec, seed: number): Splits<T> {
  let shortfall: RoundingShortfall | undefined;
  for (let draw = 0; draw <= CARVE_REDRAWS; draw++) {
    try {
      return carveOnce(items, spec, draw === 0 ? seed : seed + draw * 1_000_003);
    } catch (err) {
      if (!(err instanceof RoundingShortfall)) throw err;
      shortfall ??= err;
    }
  }
  throw new ConfigError(`${(shortfall as RoundingShortfall).message} (in each of ${CARVE_REDRAWS + 1} seeded draws; the first is shown)`);
}

/** One seeded draw of `carveBalanced`. */
function carveOnce<T extends Labelled>(items: readonly T[], spec: CarveSpec, seed: number): Splits<T> {
  const out: Splits<T> = { train: [], val: [], test: [] };
  const order = (['train', 'val', 'test'] as const).filter((s) => spec[s]);
  for (const y of [0, 1] as const) {
    const patients = shuffleInPlace(patientsOfClass(items, y), seededRng(seed * 2 + y));
    const need = order.reduce((k, s) => k + (spec[s]?.[y] ?? 0), 0);
    // Only this class's images count: a patient assigned here by their first image may hold the other class too.
    const have = patients.reduce((k, p) => k + p.filter((it) => it.y === y).length, 0);
    if (need > have) throw new ConfigError(`carveBalanced: class ${y} has ${have} images, ${need} requested`);
    let next = 0;
    for (const s of order) {
      const want = spec[s]?.[y] ?? 0;
      let taken = 0;
      while (taken < want) {
        const p = patients[next++];
        if (!p) throw new RoundingShortfall(`carveBalanced: ran out of class-${y} patients filling ${s} (${taken}/${want}); too many images lost to whole-patient rounding`);
        const part = p.filter((it) => it.y === y).slice(0, want - taken);
        out[s].push(...part);
        taken += part.length;
      }
    }
  }
  return out;
}

/** Patients present in more than one split (empty when the split is leak-free). */
export function patientOverlap<T extends { readonly patient: string }>(splits: Splits<T>): string[] {
  const seen = new Map<string, Split>();
  const leaks = new Set<string>();
  for (const s of ['train', 'val', 'test'] as const) {
    for (const it of splits[s]) {
      const prev = seen.get(it.patient);
      if (prev !== undefined && prev !== s) leaks.add(it.patient);
      seen.set(it.patient, s);
    }
  }
  return [...leaks].sort();
}
