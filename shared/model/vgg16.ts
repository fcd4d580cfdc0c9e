/**
 * VGG16 built in code with Keras's exact layer names and shapes (`input_1`, `block1_conv1` … `block5_pool`),
 * so Keras/ImageNet weights import by name, plus a configurable binary classification head.
 * Trunk = Keras `VGG16(include_top=False)`: 13 convs (3×3, same, relu), 5 max-pools, 14,714,688 parameters.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from './seeded-dropout.js';
import { parseModelConfig, type ModelConfig } from './config.js';
import { fnv1a, mulberry32Raw } from '../domain/random.js';

/** One VGG16 block: its number and the output channels of each of its convolutions. */
export interface VggBlock {
  readonly block: 1 | 2 | 3 | 4 | 5;
  readonly filters: number;
  readonly convs: number;
}

/** VGG16's five blocks (configuration "D" of Simonyan & Zisserman). */
export const VGG16_BLOCKS: readonly VggBlock[] = [
  { block: 1, filters: 64, convs: 2 },
  { block: 2, filters: 128, convs: 2 },
  { block: 3, filters: 256, convs: 3 },
  { block: 4, filters: 512, convs: 3 },
  { block: 5, filters: 512, convs: 3 },
];

/** Keras's name for the model input layer (Keras 2 `applications.VGG16`). */
export const INPUT_LAYER_NAME = 'input_1';

/** Name of the sigmoid output layer. */
export const OUTPUT_LAYER_NAME = 'head_output';

/** Parameters in the VGG16 trunk (Keras `include_top=False`), independent of input size. */
export const VGG16_TRUNK_PARAMS = 14_714_688;

/** Options of `buildModel`. */
export interface BuildOptions {
  /**
   * Seed for the Glorot-uniform kernels, so two builds with the same seed start from identical weights
   * (sites and coordinator can agree on a fresh head without sending it). @default undefined (random)
   */
  seed?: number;
}

/**
 * Builds VGG16 + head for a config. Trunk layers carry Keras names; head layers are `head_pool` or
 * `head_flatten`, then per hidden width `head_dense_i` (relu) + `head_dropout_i`, then `head_output`
 * (1 unit, sigmoid). With no hidden units, one `head_dropout` precedes the output.
 * @example const model = buildModel(defaultModelConfig({ inputSize: 32 }));
 */
export function buildModel(config: ModelConfig, opts: BuildOptions = {}): tf.LayersModel {
  const cfg = parseModelConfig(config);
  // Seeded builds start from zeros and are filled by reseedKernels (tfjs's seeded initialiser is slow).
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> =>
    opts.seed === undefined ? tf.initializers.glorotUniform({}) : tf.initializers.zeros();

  const input = tf.input({ shape: [cfg.inputSize, cfg.inputSize, 3], name: INPUT_LAYER_NAME, dtype: 'float32' });
  let x = input;
  for (const b of VGG16_BLOCKS) {
    for (let i = 1; i <= b.convs; i++) {
      x = tf.layers
        .conv2d({
          name: `block${b.block}_conv${i}`,
          filters: b.filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: init(),
          biasInitializer: 'zeros',
        })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers
      .maxPooling2d({ name: `block${b.block}_pool`, poolSize: 2, strides: 2 })
      .apply(x) as tf.SymbolicTensor;
  }

  x = (
    cfg.head.pooling === 'gap'
      ? tf.layers.globalAveragePooling2d({ name: 'head_pool' })
      : tf.layers.flatten({ name: 'head_flatten' })
  ).apply(x) as tf.SymbolicTensor;
  cfg.head.units.forEach((units, i) => {
    x = tf.layers
      .dense({ name: `head_dense_${i + 1}`, units, activation: 'relu', kernelInitializer: init() })
      .apply(x) as tf.SymbolicTensor;
    x = new SeededDropout({ name: `head_dropout_${i + 1}`, rate: cfg.head.dropout }).apply(x) as tf.SymbolicTensor;
  });
  if (cfg.head.units.length === 0) {
    x = new SeededDropout({ name: 'head_dropout', rate: cfg.head.dropout }).apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .dense({ name: OUTPUT_LAYER_NAME, units: 1, activation: 'sigmoid', kernelInitializer: init() })
    .apply(x) as tf.SymbolicTensor;

  const model = tf.model({ inputs: input, outputs: output, name: 'fedcxr_vgg16' });
  if (opts.seed !== undefined) reseedKernels(model, opts.seed);
  return model;
}

/**
 * Overwrites every kernel with seeded Glorot-uniform values. tfjs's own seeded initialisers run a JS
 * Alea generator per value (~5 s for VGG16's 14.7 M weights); mulberry32 does the same job in ~0.1 s.
 */
function reseedKernels(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
    if (!kernel) continue;
    const shape = kernel.shape.map((d) => d ?? 1);
    const fanOut = shape[shape.length - 1] ?? 1;
    const receptive = shape.slice(0, -2).reduce((a, d) => a * d, 1);
    const fanIn = (shape[shape.length - 2] ?? 1) * receptive;
    const limit = Math.sqrt(6 / (fanIn + fanOut * receptive));
    const next = mulberry32Raw(seed ^ fnv1a(layer.name));
    const values = new Float32Array(shape.reduce((a, d) => a * d, 1));
    for (let i = 0; i < values.length; i++) values[i] = (2 * next() - 1) * limit;
    tf.tidy(() => {
      kernel.write(tf.tensor(values, shape, 'float32'));
    });
  }
}

/** Whether a layer belongs to the VGG16 trunk (block1..block5 or the input), not the head. */
export function isTrunkLayer(layerName: string): boolean {
  return layerName === INPUT_LAYER_NAME || /^block[1-5]_/.test(layerName);
}

/** Parameter count of one layer (all its weights, trainable or not). */
export function layerParamCount(layer: tf.layers.Layer): number {
  return layer.weights.reduce((n, w) => n + w.shape.reduce<number>((a, d) => a * (d ?? 1), 1), 0);
}

/** A weight's name and shape, as the architecture defines it. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * The names and shapes of every weight `buildModel(config)` creates, in model order, computed without
 * building the model (so checkpoints and imports can be checked cheaply against an architecture).
 */
export function modelWeightSpecs(config: ModelConfig): WeightSpec[] {
  const cfg = parseModelConfig(config);
  const out: WeightSpec[] = [];
  let channels = 3;
  for (const b of VGG16_BLOCKS) {
    for (let i = 1; i <= b.convs; i++) {
      const name = `block${b.block}_conv${i}`;
      out.push({ name: `${name}/kernel`, shape: [3, 3, channels, b.filters] }, { name: `${name}/bias`, shape: [b.filters] });
      channels = b.filters;
    }
  }
  let features = channels;
  if (cfg.head.pooling === 'flatten') {
    let side = cfg.inputSize;
    for (let i = 0; i < VGG16_BLOCKS.length; i++) side = Math.floor(side / 2); // 'valid' 2×2 pools floor
    features = side * side * channels;
  }
  cfg.head.units.forEach((units, i) => {
    out.push({ name: `head_dense_${i + 1}/kernel`, shape: [features, units] }, { name: `head_dense_${i + 1}/bias`, shape: [units] });
    features = units;
  });
  out.push({ name: `${OUTPUT_LAYER_NAME}/kernel`, shape: [features, 1] }, { name: `${OUTPUT_LAYER_NAME}/bias`, shape: [1] });
  return out;
}
