/**
 * Batched inference forward pass over plain Float32Array rows: the one place that packs rows into a
 * batch tensor, runs a model in inference mode inside tf.tidy and copies the output back out.
 */
import * as tf from '@tensorflow/tfjs';
import { ValueError } from '../domain/errors.js';

/** Packs `rows` (each `rowShape` values) into one contiguous batch buffer, checking sizes. */
export function packRows(rows: readonly Float32Array[], rowShape: readonly number[], indices?: readonly number[]): Float32Array {
  const rowSize = rowShape.reduce((a, d) => a * d, 1);
  const n = indices ? indices.length : rows.length;
  const buf = new Float32Array(n * rowSize);
  for (let i = 0; i < n; i++) {
    const r = indices ? (indices[i] as number) : i;
    const row = rows[r];
    if (!row || row.length !== rowSize) {
      throw new ValueError(`row ${r} has ${row?.length ?? 0} values, expected ${rowSize} ([${rowShape.join(',')}])`, {
        field: 'x',
      });
    }
    buf.set(row, i * rowSize);
  }
  return buf;
}

/**
 * Runs `net` (inference mode) over rows of shape `rowShape`, `batchSize` rows at a time, and returns
 * the outputs concatenated row by row (`outSize` values per row, checked).
 */
export function forwardRows(
  net: tf.LayersModel,
  rows: readonly Float32Array[],
  rowShape: readonly number[],
  outSize: number,
  batchSize = 32,
): Float32Array {
  const out = new Float32Array(rows.length * outSize);
  for (let start = 0; start < rows.length; start += batchSize) {
    const n = Math.min(batchSize, rows.length - start);
    const buf = packRows(rows.slice(start, start + n), rowShape);
    const values = tf.tidy(() => {
      const y = net.apply(tf.tensor(buf, [n, ...rowShape], 'float32'), { training: false }) as tf.Tensor;
      if (y.size !== n * outSize) {
        throw new ValueError(`model output has ${y.size / n} values per row, expected ${outSize}`, { field: 'output' });
      }
      return y.dataSync() as Float32Array;
    });
    out.set(values, start * outSize);
  }
  return out;
}
