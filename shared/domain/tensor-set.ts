/**
 * TensorSet: the plain-data form of model weights that aggregation, checkpoints and the wire share.
 * Ordered; never a tf.Tensor, so the math stays pure and testable.
 */

/** Storage dtype of one tensor. Values are always held as float32 in memory. */
export type WireDType = 'float32' | 'float16';

/** One named tensor, row-major. */
export interface NamedTensor {
  /** Keras-style weight name, e.g. `block5_conv3/kernel`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** An ordered list of named tensors (order is part of the identity). */
export type TensorSet = readonly NamedTensor[];

/** Number of elements a shape holds. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Total number of values in a tensor set. */
export function countParams(set: TensorSet): number {
  let n = 0;
  for (const t of set) n += t.data.length;
  return n;
}

/** Whether two shapes are equal (the one shape comparison). */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The first way a tensor set's layout (count, names, order, shapes) differs from the expected one. */
export type LayoutMismatch =
  | { readonly kind: 'count'; readonly actual: number; readonly expected: number }
  | { readonly kind: 'name' | 'shape'; readonly index: number; readonly actual: NamedTensor; readonly expected: NamedTensor };

/**
 * Compares layouts only (values are not looked at); null when `actual` has `expected`'s count, names, order
 * and shapes. Callers word the mismatch for their own boundary.
 * @example layoutMismatch(res.tensors, ins.tensors) // { kind: 'shape', index: 0, actual, expected } or null
 */
export function layoutMismatch(actual: TensorSet, expected: TensorSet): LayoutMismatch | null {
  if (actual.length !== expected.length) return { kind: 'count', actual: actual.length, expected: expected.length };
  for (const [index, a] of actual.entries()) {
    const e = expected[index] as NamedTensor;
    if (a.name !== e.name) return { kind: 'name', index, actual: a, expected: e };
    if (!sameShape(a.shape, e.shape)) return { kind: 'shape', index, actual: a, expected: e };
  }
  return null;
}
