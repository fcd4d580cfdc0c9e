/**
 * `--init` / `--model` for the training CLI: a checkpoint directory (or a parent with LATEST), `random`
 * (seeded Glorot), or `imagenet`, which cannot be downloaded here and so must be imported first.
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, UnavailableError } from '../domain/errors.js';
import { defaultModelConfig, type ModelConfig } from '../model/config.js';
import { loadCheckpoint, type Checkpoint } from '../model/checkpoint.js';
import { modelFromCheckpoint } from '../model/model-checkpoint.js';
import { findCheckpointDir } from '../model/pretrained.js';
import { buildModel } from '../model/vgg16.js';

/** A model ready to train, with where it came from. */
export interface InitModel {
  readonly model: tf.LayersModel;
  readonly config: ModelConfig;
  /** The checkpoint it was loaded from, if any. */
  readonly parent?: Checkpoint;
  readonly source: string;
}

/** Loads a checkpoint directory (or what its LATEST points at) as a model; ConfigError when there is none. */
export async function loadModelDir(dir: string): Promise<InitModel> {
  const found = await findCheckpointDir(dir);
  if (!found) throw new ConfigError(`${dir} is not a fedcxr checkpoint directory (no manifest.json, no LATEST)`);
  const ckpt = await loadCheckpoint(found);
  return { model: modelFromCheckpoint(ckpt), config: ckpt.config, parent: ckpt, source: found };
}

/** Builds the starting model for `fedcxr train --init`. `inputSize` must match a checkpoint's if both are given. */
export async function initModel(init: string, o: { inputSize?: number; seed: number }): Promise<InitModel> {
  if (init === 'imagenet') {
    throw new UnavailableError(
      'ImageNet weights cannot be downloaded here. Import them once with `fedcxr import-weights --from vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 --out DIR`, then pass `--init DIR`.',
    );
  }
  if (init === 'random') {
    const config = defaultModelConfig({ inputSize: o.inputSize ?? 224 });
    return { model: buildModel(config, { seed: o.seed }), config, source: `random(seed ${o.seed})` };
  }
  const loaded = await loadModelDir(init);
  if (o.inputSize !== undefined && o.inputSize !== loaded.config.inputSize) {
    loaded.model.dispose();
    throw new ConfigError(`--input-size ${o.inputSize} differs from the checkpoint's ${loaded.config.inputSize}`);
  }
  return loaded;
}
