/**
 * Personalisation by local fine-tuning: after federated training a site trains only the head (level FC)
 * on its own training split, starting from the global model. The trunk features are computed once into
 * a private feature cache (the federated blocks are frozen here), so each epoch costs only the head.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Sample } from '../data/sample.js';
import { ConfigError } from '../domain/errors.js';
import { FeatureCache } from './feature-cache.js';
import { trainLocal, type ClassWeights, type TrainResult } from './trainer.js';

/** Head fine-tuning settings (a site option). */
export interface FineTuneConfig {
  /** Epochs over the site's training split. */
  readonly epochs: number;
  /** Adam learning rate of the head. */
  readonly learningRate: number;
  /** @default 16 */
  readonly batchSize?: number;
  /** Seed of shuffling and dropout masks. @default 1 */
  readonly seed?: number;
  /** @default 'balanced' */
  readonly classWeights?: ClassWeights;
  /** Feature-cache budget for the trunk activations. @default 512 MiB */
  readonly cacheBytes?: number;
}

/**
 * Fine-tunes `model`'s head in place on `train` (everything below the head frozen) and returns the log.
 * @example await fineTuneHead(model, site.train, { epochs: 5, learningRate: 1e-3 })
 */
export async function fineTuneHead(model: tf.LayersModel, train: readonly Sample[], cfg: FineTuneConfig): Promise<TrainResult> {
  if (!(Number.isInteger(cfg.epochs) && cfg.epochs >= 1 && cfg.learningRate > 0)) {
    throw new ConfigError(`fine-tuning needs integer epochs ≥ 1 and learningRate > 0, got ${cfg.epochs}, ${cfg.learningRate}`);
  }
  const cache = new FeatureCache({ maxBytes: cfg.cacheBytes ?? 512 * 1024 ** 2 });
  return trainLocal({
    model,
    level: 'FC',
    train,
    config: {
      epochs: cfg.epochs,
      batchSize: cfg.batchSize ?? 16,
      learningRate: cfg.learningRate,
      seed: cfg.seed ?? 1,
      classWeights: cfg.classWeights ?? 'balanced',
    },
    featureCache: cache,
  });
}
