/**
 * A tiny model with VGG16's layer names (so unfreeze levels and splitAtLevel apply) for fast trainer tests:
 * 8×8 input → block1_conv1 → block1_pool → block5_conv1 → block5_pool → GAP → head_dense_1 → head_output.
 */
import * as tf from '@tensorflow/tfjs';
import type { Sample } from '../../../shared/data/sample.js';
import { seededRng } from '../../../shared/domain/random.js';

/** Input side of the tiny model. */
export const TINY_SIZE = 8;

/** Builds the tiny VGG-named model with seeded Glorot initialisers (dropout 0 unless given). */
export function tinyVggLike(seed: number, dropout = 0): tf.LayersModel {
  let k = 0;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed + k++ });
  const input = tf.input({ shape: [TINY_SIZE, TINY_SIZE, 3], name: 'input_1' });
  let x = tf.layers.conv2d({ name: 'block1_conv1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block1_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ name: 'block5_conv1', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'block5_pool', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'head_pool' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'head_dense_1', units: 5, activation: 'relu', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ name: 'head_dropout_1', rate: dropout }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ name: 'head_output', units: 1, activation: 'sigmoid', kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Separable toy samples: label-1 images are brighter in the upper half; patients unique. */
export function toySamples(n: number, seed: number, size = TINY_SIZE): Sample[] {
  const rand = seededRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const y = (i % 2) as 0 | 1;
    const x = new Float32Array(size * size * 3);
    for (let p = 0; p < x.length; p++) x[p] = rand() - 0.5 + (y && p < x.length / 2 ? 0.6 : 0);
    return { x, y, patient: `p${seed}-${i}` };
  });
}
