/**
 * A class prototype: one class's mean feature vector (the input of the output layer) over a site's training
 * images, the unit of class-prototype alignment (`shared/federation/prototypes.ts`). An aggregate over at least
 * MIN_PROTOTYPE_COUNT images, never one image's features.
 */

/** Fewest training images of a class behind a shared prototype (a mean of fewer is not sent). */
export const MIN_PROTOTYPE_COUNT = 5;

/** One class's mean feature vector and how many training images it summarises. */
export interface ClassPrototype {
  readonly label: 0 | 1;
  readonly count: number;
  readonly mean: Float32Array;
}

/** Per-class means of `features` (n rows of `width`) for classes with at least MIN_PROTOTYPE_COUNT rows and a mean that is not all zeros. */
export function classMeans(features: Float32Array, labels: ArrayLike<number>, width: number): ClassPrototype[] {
  const out: ClassPrototype[] = [];
  for (const label of [0, 1] as const) {
    const acc = new Float64Array(width);
    let n = 0;
    for (let r = 0; r < labels.length; r++) {
      if (labels[r] !== label) continue;
      n++;
      const row = r * width;
      for (let i = 0; i < width; i++) acc[i] = (acc[i] as number) + (features[row + i] as number);
    }
    // All-zero features (every unit dead for that class) give no point to align to, and the coordinator refuses them.
    if (n >= MIN_PROTOTYPE_COUNT && acc.some((x) => x !== 0)) out.push({ label, count: n, mean: Float32Array.from(acc, (x) => x / n) });
  }
  return out;
}

