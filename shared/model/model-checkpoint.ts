/** Bridges between a live tf.LayersModel and a Checkpoint (build from one, snapshot into one). */
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.js';
import type { Checkpoint, Provenance } from './checkpoint.js';
import { hashTensorSet } from './hash.js';
import { buildModel } from './vgg16.js';
import { getTensorSet, setTensorSet } from './weights.js';
import type { UnfreezeLevel } from '../domain/levels.js';

/** Builds the checkpoint's architecture and loads all its tensors into it. */
export function modelFromCheckpoint(ckpt: Checkpoint): tf.LayersModel {
  const model = buildModel(ckpt.config);
  try {
    setTensorSet(model, ckpt.tensors);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/** Snapshots a model's weights as a Checkpoint. `createdAt` defaults to now. */
export function checkpointFromModel(
  model: tf.LayersModel,
  config: ModelConfig,
  meta: { source: string; notes?: string; parent?: Checkpoint; level?: UnfreezeLevel; createdAt?: string },
): Checkpoint {
  const provenance: Provenance = {
    createdAt: meta.createdAt ?? new Date().toISOString(),
    source: meta.source,
    ...(meta.notes !== undefined ? { notes: meta.notes } : {}),
    ...(meta.parent ? { parentHash: hashTensorSet(meta.parent.tensors) } : {}),
  };
  return { config, tensors: getTensorSet(model), provenance, ...(meta.level ? { level: meta.level } : {}) };
}
