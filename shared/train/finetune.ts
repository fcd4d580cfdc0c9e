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
  /**
   * With validation samples: stop when the validation loss has not improved for this many epochs and keep
   * the best epoch's head (a tiny site overfits its head quickly). @default none (all epochs)
   */
  readonly patience?: number;
}

/**
 * Fine-tunes `model`'s head in place on `train` (everything below the head frozen) and returns the log;
 * with `val` and `cfg.patience`, early-stops on the validation loss and restores the best head.
 * @example await fineTuneHead(model, site.train, { epochs: 5, learningRate: 1e-3 })
 */
export async function fineTuneHead(model: tf.LayersModel, train: readonly Sample[], cfg: FineTuneConfig, val: readonly Sample[] = []): Promise<TrainResult> {
  if (!(Number.isInteger(cfg.epochs) && cfg.epochs >= 1 && cfg.learningRate > 0)) {
    throw new ConfigError(`fine-tuning needs integer epochs ≥ 1 and learningRate > 0, got ${cfg.epochs}, ${cfg.learningRate}`);
  }
  if (cfg.patience !== undefined && !(Number.isInteger(cfg.patience) && cfg.patience >= 1)) {
    throw new ConfigError(`fine-tuning patience must be an integer ≥ 1, got ${cfg.patience}`);
  }
  const stop = cfg.patience !== undefined && val.length > 0;
  const cache = new FeatureCache({ maxBytes: cfg.cacheBytes ?? 512 * 1024 ** 2 });
  return trainLocal({
    model,
    level: 'FC',
    train,
    ...(stop ? { val } : {}),
    config: {
      epochs: cfg.epochs,
      batchSize: cfg.batchSize ?? 16,
      learningRate: cfg.learningRate,
      seed: cfg.seed ?? 1,
      classWeights: cfg.classWeights ?? 'balanced',
      ...(stop ? { earlyStopping: { monitor: 'val_loss' as const, patience: cfg.patience as number, restoreBest: true } } : {}),
    },
    featureCache: cache,
  });
}
