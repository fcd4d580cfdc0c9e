/** Repeated stratified k-fold by patient: every patient in exactly one test fold per repeat, classes balanced across folds. */
import type { Labelled } from '../shared/data/split.js';
import { ConfigError } from '../shared/domain/errors.js';
import { seededRng, shuffleInPlace } from '../shared/domain/random.js';

/**
 * Assigns every patient of `items` to one of `k` folds, per class (a patient goes with the class of their
 * first item), seeded; returns the items of each fold.
 * @example patientKFold(samples, 3, 42)[0] // the first test fold
 */
export function patientKFold<T extends Labelled>(items: readonly T[], k: number, seed: number): T[][] {
  if (!(Number.isInteger(k) && k >= 2)) throw new ConfigError(`k-fold needs an integer k ≥ 2, got ${k}`);
  const folds: T[][] = Array.from({ length: k }, () => []);
  const byPatient = new Map<string, T[]>();
  for (const it of items) byPatient.set(it.patient, [...(byPatient.get(it.patient) ?? []), it]);
  for (const y of [0, 1] as const) {
    const patients = [...byPatient.entries()].filter(([, l]) => l[0]?.y === y).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (patients.length > 0 && patients.length < k) throw new ConfigError(`k-fold: class ${y} has ${patients.length} patients, fewer than k = ${k}`);
    shuffleInPlace(patients, seededRng(seed * 2 + y)).forEach(([, l], i) => folds[i % k]?.push(...l));
  }
  return folds;
}

/** One site's train / validation / test for one rotation of a patient k-fold. */
export interface Rotation<T> {
  readonly train: T[];
  readonly val: T[];
  readonly test: T[];
}

/**
 * Rotation `i` of a patient k-fold: fold `i` is the test set, and the other folds are split by patient and
 * class into train and validation (validation = one of round(1/valShare) patient folds of them, ≈ `valShare`). Over `k` rotations every patient is
 * tested exactly once, so seeds × folds cover a site's images instead of re-testing one small fold.
 * @example rotation(samples, 3, 0, 0.2 / 0.7, 11).test // the first third of the patients
 */
export function rotation<T extends Labelled>(items: readonly T[], k: number, i: number, valShare: number, seed: number): Rotation<T> {
  if (!(valShare > 0 && valShare < 1)) throw new ConfigError(`rotation: validation share must be in (0, 1), got ${valShare}`);
  const folds = patientKFold(items, k, seed);
  const test = folds[((i % k) + k) % k] ?? [];
  const rest = folds.filter((f) => f !== test).flat();
  const inner = patientKFold(rest, Math.max(2, Math.round(1 / valShare)), seed + 7919 * (i + 1));
  const val = inner[0] ?? [];
  return { train: inner.slice(1).flat(), val, test };
}

/** Seed offset between the patient partitions of successive repeats (a prime, far from rotation's inner offsets). */
const REPEAT_STRIDE = 104_729;

/**
 * The rotation of run number `index` under repeated k-fold: fold `index mod k` of repeat `⌊index / k⌋`, each repeat
 * a fresh patient partition. Repeat 0 is `rotation(items, k, index, valShare, seed)` itself, so adding runs never
 * changes the first k; over k·r runs every patient is tested exactly r times.
 * @example repeatedRotation(samples, 3, 4, 0.2 / 0.7, 11).test // fold 1 of the second partition
 */
export function repeatedRotation<T extends Labelled>(items: readonly T[], k: number, index: number, valShare: number, seed: number): Rotation<T> {
  if (!(Number.isInteger(index) && index >= 0)) throw new ConfigError(`repeated k-fold: run index must be an integer ≥ 0, got ${index}`);
  return rotation(items, k, index % k, valShare, seed + REPEAT_STRIDE * Math.floor(index / k));
}
