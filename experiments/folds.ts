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
