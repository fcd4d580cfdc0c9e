/**
 * Epoch times of the real local trainer with and without the frozen-trunk cache, for the `cache` and `engine`
 * benches: after one unmeasured warm-up epoch, the median of `repeats` full-model epochs; then, on a fresh trainer
 * with an in-memory cache, the epoch that fills it and the median of `repeats` epochs on the warm cache.
 * Synthetic `easy` KM phantoms, no validation set, no augmentation (the cache needs it off).
 */
import type * as tf from '@tensorflow/tfjs';
import { phantomDataset } from '../../shared/data/phantom.js';
import { FeatureCache } from '../../shared/train/feature-cache.js';
import { LocalTrainer } from '../../shared/train/trainer.js';
import { median } from './stats.js';
import type { UnfreezeLevel } from '../../shared/domain/levels.js';

/** Seconds of one full-model epoch, of the cache-filling epoch and of one warm-cache epoch (medians). */
export interface TrainerEpochTimes {
  readonly images: number;
  readonly fullSec: number;
  readonly fillSec: number;
  readonly warmSec: number;
}

/** What to time. */
export interface TrainerEpochOptions {
  readonly model: tf.LayersModel;
  readonly level: UnfreezeLevel;
  readonly inputSize: number;
  readonly images: number;
  readonly batchSize: number;
  readonly repeats: number;
}

/** Times trainer epochs on `o.model` at `o.level` (the model's weights change as it trains). */
export async function trainerEpochTimes(o: TrainerEpochOptions): Promise<TrainerEpochTimes> {
  const half = Math.floor(o.images / 2);
  const data = phantomDataset({ site: 'KM', nNormal: half, nDisease: o.images - half, inputSize: o.inputSize, seed: 1, difficulty: 'easy' });
  const config = { epochs: 1, batchSize: o.batchSize, learningRate: 1e-4, seed: 1 };
  const run = async (trainer: LocalTrainer): Promise<number[]> => {
    const secs: number[] = [];
    for (let e = 0; e <= o.repeats; e++) secs.push((await trainer.runEpoch(e)).seconds);
    trainer.dispose();
    return secs;
  };
  const full = await run(new LocalTrainer({ model: o.model, level: o.level, train: data.samples, config }));
  const cached = await run(new LocalTrainer({ model: o.model, level: o.level, train: data.samples, config, featureCache: new FeatureCache() }));
  return { images: o.images, fullSec: median(full.slice(1)), fillSec: cached[0] ?? NaN, warmSec: median(cached.slice(1)) };
}
