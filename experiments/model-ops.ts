/**
 * Centralised training and scoring for the experiment's non-federated cells (each site alone, pooled, the
 * sweep, pretraining, personalisation fine-tunes): a model built from a full tensor set, trained at a level
 * with the local trainer and a shared frozen-trunk feature cache, and scored on any sample set.
 */
import * as tf from '@tensorflow/tfjs';
import type { Sample } from '../shared/data/sample.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { ModelConfig } from '../shared/model/config.js';
import { buildModel, OUTPUT_LAYER_NAME } from '../shared/model/vgg16.js';
import { frozenTensorSet, getTensorSet, setTensorSet } from '../shared/model/weights.js';
import { scoreRows } from '../shared/train/evaluate.js';
import { forwardRows } from '../shared/train/forward.js';
import { splitAtLevel } from '../shared/model/unfreeze.js';
import { hashTensorSet } from '../shared/model/hash.js';
import { FeatureCache } from '../shared/train/feature-cache.js';
import { trainLocal, type EarlyStoppingConfig } from '../shared/train/trainer.js';
import { chooseThreshold } from '../shared/train/threshold.js';

/** A full model: architecture + every weight. */
export interface FullModel {
  readonly config: ModelConfig;
  readonly tensors: TensorSet;
}

/** One process-wide trunk cache: the same frozen trunk is never run twice on the same image. */
const sharedCache = new FeatureCache({ maxBytes: 1.5 * 1024 ** 3 });

/** Training settings of one centralised cell. */
export interface TrainSpec {
  readonly level: UnfreezeLevel;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly earlyStopping?: EarlyStoppingConfig;
}

/** Trains a copy of `from` on `train` (class-balanced BCE) and returns the full trained weights. */
export async function trainModel(from: FullModel, train: readonly Sample[], val: readonly Sample[], s: TrainSpec): Promise<FullModel> {
  const model = buildModel(from.config);
  try {
    setTensorSet(model, from.tensors);
    await trainLocal({
      model,
      level: s.level,
      train,
      ...(val.length > 0 && s.earlyStopping ? { val } : {}),
      config: { epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate, seed: s.seed, classWeights: 'balanced', ...(s.earlyStopping ? { earlyStopping: s.earlyStopping } : {}) },
      featureCache: sharedCache,
    });
    return { config: from.config, tensors: getTensorSet(model) };
  } finally {
    model.dispose();
  }
}

/** Replaces the tensors of `base` that `update` names (e.g. a federated run's trainable tensors). */
export function withTensors(base: FullModel, update: TensorSet): FullModel {
  const byName = new Map(update.map((t) => [t.name, t]));
  return { config: base.config, tensors: base.tensors.map((t) => byName.get(t.name) ?? t) };
}

/**
 * Scores of `m` on each named sample set, plus the features feeding the output layer when asked. The part of
 * the model frozen at `level` runs through the shared trunk cache (each image once per trunk), the rest per call.
 */
export async function scoreSets(
  m: FullModel,
  sets: Readonly<Record<string, readonly Sample[]>>,
  o: { level: UnfreezeLevel; withFeatures?: boolean },
): Promise<{ scores: Record<string, number[]>; features: Record<string, Float32Array[]> }> {
  const model = buildModel(m.config);
  const scores: Record<string, number[]> = {};
  const features: Record<string, Float32Array[]> = {};
  try {
    setTensorSet(model, m.tensors);
    const split = splitAtLevel(model, o.level);
    const frozen = split.frozen;
    const rowShape = frozen ? (split.top.inputs[0]?.shape.slice(1) as number[]) : [m.config.inputSize, m.config.inputSize, 3];
    const hash = frozen ? hashTensorSet(frozenTensorSet(model, o.level)) : '';
    const rowsOf = async (samples: readonly Sample[]): Promise<Float32Array[]> =>
      frozen ? (await sharedCache.features(frozen, hash, o.level, samples, { batchSize: 32, featureShape: rowShape })).features : samples.map((s) => s.x);
    // The layer feeding the output, as called inside `top` (its newest node: splitAtLevel re-applies the layers).
    const pen = model.getLayer(OUTPUT_LAYER_NAME).inboundNodes[0]?.inboundLayers[0];
    const penOut = pen?.getOutputAt(pen.inboundNodes.length - 1);
    const featModel = o.withFeatures && penOut && !Array.isArray(penOut) ? tf.model({ inputs: split.top.inputs, outputs: penOut }) : null;
    const dim = penOut && !Array.isArray(penOut) ? (penOut.shape[penOut.shape.length - 1] ?? 0) : 0;
    for (const [name, samples] of Object.entries(sets)) {
      if (samples.length === 0) {
        scores[name] = [];
        continue;
      }
      const rows = await rowsOf(samples);
      scores[name] = Array.from(scoreRows(split.top, rows, rowShape, { batchSize: 32 }));
      if (featModel) {
        const flat = forwardRows(featModel, rows, rowShape, dim, 32);
        features[name] = rows.map((_, i) => flat.slice(i * dim, (i + 1) * dim));
      }
    }
    return { scores, features };
  } finally {
    model.dispose();
  }
}

/** The Youden threshold on validation scores (0.5 with a note when validation lacks a class). */
export function validationThreshold(valScores: readonly number[], valLabels: readonly number[]): { threshold: number; note?: string } {
  const c = chooseThreshold(valScores, valLabels, { kind: 'youden' });
  return c.fallbackReason ? { threshold: c.threshold, note: c.fallbackReason } : { threshold: c.threshold };
}

/** Labels of a sample set as numbers. */
export const labelsOf = (s: readonly Sample[]): number[] => s.map((x) => x.y);
