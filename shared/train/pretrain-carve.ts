/**
 * The nested protocol's carve of a Kermany-style pool, by patient (no patient in two splits):
 * - `full`: every image is used — validation (selection, threshold calibration) and an internal test (scored once,
 *   at the end) each take a fraction of the patients per class; training takes the rest, class-weighted.
 * - `paper`: the study's balanced train 1,100 + 1,100 and validation 200 + 200 (the same carve as before for a
 *   seed); the internal test is every image of the patients left over (imbalanced: few normals remain; it may
 *   lack a class on small pools).
 */
import { ConfigError } from '../domain/errors.js';
import { carveBalanced, splitByPatient, type Labelled, type Splits } from '../data/split.js';

/** Which carve. */
export type PretrainProtocol = 'full' | 'paper';

/** Options of `carveNested`. */
export interface NestedCarveOptions {
  readonly protocol: PretrainProtocol;
  readonly seed: number;
  /** full: fraction of images per class for validation. @default 0.1 */
  readonly valFraction: number;
  /** full: fraction of images per class for the internal test. @default 0.1 */
  readonly testFraction: number;
  /** paper: training images per class. @default 1100 */
  readonly nTrain: number;
  /** paper: validation images per class. @default 200 */
  readonly nVal: number;
}

/** Carves train / val / internal test by patient; ConfigError on impossible fractions or counts. */
export function carveNested<T extends Labelled>(items: readonly T[], o: NestedCarveOptions): Splits<T> {
  if (o.protocol === 'full') {
    const { valFraction: v, testFraction: t } = o;
    if (!(v > 0 && t > 0 && v + t < 1)) throw new ConfigError(`validation (${v}) and test (${t}) fractions must be > 0 and sum to < 1`);
    for (const y of [0, 1] as const) {
      if (!items.some((e) => e.y === y)) throw new ConfigError(`class ${y} has 0 images; the full protocol needs both classes`);
    }
    return splitByPatient(items, { train: 1 - v - t, val: v, test: t }, o.seed);
  }
  const carved = carveBalanced(items, { train: { 0: o.nTrain, 1: o.nTrain }, val: { 0: o.nVal, 1: o.nVal } }, o.seed);
  const used = new Set([...carved.train, ...carved.val].map((e) => e.patient));
  // May lack a class when train + val use nearly every patient (the report then gives AUC as n/a with the reason).
  const test = items.filter((e) => !used.has(e.patient));
  return { train: carved.train, val: carved.val, test };
}
