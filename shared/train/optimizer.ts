/**
 * The optimizers of local training. On the native engine Adam is the fused `NativeAdam` (one pass per variable);
 * elsewhere tfjs' own. Both take the NamedTensorMap of `tf.variableGrads`.
 */
import * as tf from '@tensorflow/tfjs';
import { loadAddon } from '../engine/native/addon.js';
import { NativeAdam } from '../engine/native/adam.js';
import { NATIVE_BACKEND_NAME } from '../engine/native/index.js';
import type { OptimizerKind } from '../domain/kinds.js';

/** What the trainer needs of an optimizer. */
export interface TrainOptimizer {
  applyGradients(grads: tf.NamedTensorMap): void;
  dispose(): void;
}

/**
 * Adam or SGD at `learningRate` for the active backend.
 * @example const opt = createOptimizer('adam', 1e-4); opt.applyGradients(tf.variableGrads(f, vars).grads);
 */
export function createOptimizer(kind: OptimizerKind, learningRate: number): TrainOptimizer {
  if (kind === 'adam' && tf.getBackend() === NATIVE_BACKEND_NAME) return new NativeAdam(loadAddon(), { learningRate });
  const optimizer: tf.Optimizer = kind === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate);
  return optimizer;
}
