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
