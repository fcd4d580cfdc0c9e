/**
 * Batched scoring and evaluation of a model on samples: sigmoid scores, mean BCE loss, metrics at a
 * threshold (chosen on validation, see `threshold.ts`) and ROC-AUC with a bootstrap CI.
 */
import type * as tf from '@tensorflow/tfjs';
import { ValueError } from '../domain/errors.js';
import type { Sample } from '../data/sample.js';
import { evaluateAt, type BinaryReport, type ChosenThreshold } from './threshold.js';
import type { BootstrapOptions } from './metrics.js';
import { forwardRows } from './forward.js';

/** Smallest probability the loss uses, so log(0) never happens. */
export const LOSS_EPSILON = 1e-7;

/** Options of batched scoring. */
export interface ScoreOptions {
  /** Images per forward pass. @default 32 */
  batchSize?: number;
}

/** Runs `net` in inference mode over rows of shape `rowShape` (images or cached trunk features): one sigmoid score per row. */
export function scoreRows(
  net: tf.LayersModel,
  rows: readonly Float32Array[],
  rowShape: readonly number[],
  opts: ScoreOptions = {},
): Float32Array {
  return forwardRows(net, rows, rowShape, 1, opts.batchSize ?? 32);
}

/** The model's input side, from its input shape [null, S, S, 3]. */
export function modelInputSize(model: tf.LayersModel): number {
  const shape = model.inputs[0]?.shape;
  const s = shape?.[1];
  if (typeof s !== 'number') throw new ValueError('model input has no fixed size', { field: 'input' });
  return s;
}

/** Sigmoid scores of a model for samples, batched. Throws ValueError when sample size ≠ model input size. */
export function predictScores(model: tf.LayersModel, samples: readonly Sample[], opts: ScoreOptions = {}): Float32Array {
  const size = modelInputSize(model);
  return scoreRows(
    model,
    samples.map((s) => s.x),
    [size, size, 3],
    opts,
  );
}

/** Mean (optionally class-weighted) binary cross-entropy of scores against labels. */
export function bceLoss(scores: ArrayLike<number>, labels: ArrayLike<number>, weights: { 0: number; 1: number } = { 0: 1, 1: 1 }): number {
  if (scores.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - LOSS_EPSILON, Math.max(LOSS_EPSILON, scores[i] as number));
    sum += labels[i] === 1 ? -weights[1] * Math.log(p) : -weights[0] * Math.log(1 - p);
  }
  return sum / scores.length;
}

/** A model's evaluation on one split. */
export interface ModelEvaluation {
  readonly loss: number;
  readonly report: BinaryReport;
  readonly scores: Float32Array;
  readonly labels: Uint8Array;
}

/** Options of `evaluateModel`. */
export interface EvaluateOptions extends ScoreOptions {
  /** Decision threshold (a number, or one chosen on validation). @default 0.5 */
  threshold?: number | ChosenThreshold;
  /** Bootstrap settings of the AUC CI. @default { resamples: 1000, seed: 0 } */
  bootstrap?: BootstrapOptions;
}

/** Scores samples and reports loss, metrics at the threshold and AUC with CI. */
export function evaluateModel(model: tf.LayersModel, samples: readonly Sample[], opts: EvaluateOptions = {}): ModelEvaluation {
  const scores = predictScores(model, samples, opts);
  const labels = Uint8Array.from(samples, (s) => s.y);
  return {
    loss: bceLoss(scores, labels),
    report: evaluateAt(scores, labels, opts.threshold ?? 0.5, opts.bootstrap ?? {}),
    scores,
    labels,
  };
}
