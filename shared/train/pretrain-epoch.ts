/**
 * One pretraining epoch of the nested protocol: seeded shuffle, seeded augmentation, seeded dropout masks,
 * class-weighted BCE, the learning rate of the schedule at every optimizer step, and an EMA update after each.
 * Step numbers are epoch·batches + batch, so a resumed run draws the same batches, masks and rates.
 */
import * as tf from '@tensorflow/tfjs';
import type { Sample } from '../data/sample.js';
import { setDropoutSeed } from '../model/seeded-dropout.js';
import { packRows } from './forward.js';
import type { TrainOptimizer } from './optimizer.js';
import { learningRateAt, setLearningRate, type ScheduleOptions } from './pretrain-schedule.js';
import type { WeightAverage } from './pretrain-ema.js';
import { deriveSeed, seededPermutation } from '../domain/random.js';
import { trainStep } from './step.js';
import type { AugmentFn } from './trainer.js';

/** Separates dropout seeds from shuffle/augmentation seeds (the local trainer's constant, same meaning). */
const DROPOUT_STREAM = 0x0d50;

/** Progress of one optimizer step. */
export interface StepProgress {
  /** 0-based global step and the run's total. */
  readonly step: number;
  readonly totalSteps: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly learningRate: number;
}

/** Everything an epoch needs; the model is fully trainable (+B1). */
export interface PretrainEpochContext {
  readonly model: tf.LayersModel;
  readonly vars: readonly tf.Variable[];
  readonly optimizer: TrainOptimizer;
  readonly train: readonly Sample[];
  readonly classWeights: { readonly 0: number; readonly 1: number };
  readonly batchSize: number;
  readonly seed: number;
  readonly inputSize: number;
  readonly schedule: ScheduleOptions;
  readonly augment: AugmentFn | null;
  readonly ema: WeightAverage | null;
  readonly onStep?: (p: StepProgress) => void;
}

/** Batches per epoch for `n` images. */
export const batchesPerEpoch = (n: number, batchSize: number): number => Math.ceil(n / batchSize);

/** Runs epoch `epochIndex` (0-based); returns its mean training loss and accuracy at 0.5. */
export async function runPretrainEpoch(ctx: PretrainEpochContext, epochIndex: number): Promise<{ trainLoss: number; trainAccuracy: number }> {
  const { train, batchSize, seed, inputSize } = ctx;
  const order = seededPermutation(train.length, deriveSeed(seed, epochIndex));
  const batches = batchesPerEpoch(order.length, batchSize);
  const rowShape = [inputSize, inputSize, 3];
  let lossSum = 0;
  let correct = 0;
  for (let b = 0; b < batches; b++) {
    const step = epochIndex * batches + b;
    const idx = order.slice(b * batchSize, (b + 1) * batchSize);
    let buf = packRows(train.map((s) => s.x), rowShape, idx);
    if (ctx.augment) buf = ctx.augment(buf, idx.length, inputSize, deriveSeed(seed, epochIndex * 100_003 + b));
    setDropoutSeed(ctx.model, deriveSeed(deriveSeed(seed, DROPOUT_STREAM), epochIndex * 100_003 + b));
    const lr = learningRateAt(step, ctx.schedule);
    setLearningRate(ctx.optimizer, lr);
    const x = tf.tensor(buf, [idx.length, ...rowShape], 'float32');
    const y = tf.tensor1d(Float32Array.from(idx, (i) => (train[i] as Sample).y));
    try {
      const { loss, hits } = trainStep({ frozen: null, top: ctx.model, vars: ctx.vars, optimizer: ctx.optimizer }, x, y, { classWeights: ctx.classWeights });
      lossSum += loss * idx.length;
      correct += hits;
      ctx.ema?.update();
      ctx.onStep?.({ step, totalSteps: ctx.schedule.totalSteps, batch: b, batches, loss, learningRate: lr });
    } finally {
      x.dispose();
      y.dispose();
    }
    // Let timers and signals run between batches.
    await new Promise<void>((r) => setImmediate(r));
  }
  return { trainLoss: lossSum / order.length, trainAccuracy: correct / order.length };
}
