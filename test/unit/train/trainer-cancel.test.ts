/** Cancelling a local training run: it stops at the next batch boundary with a CancelledError naming where. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CancelledError } from '../../../shared/domain/errors.js';
import { initEngine } from '../../../shared/engine/index.js';
import { trainLocal } from '../../../shared/train/trainer.js';
import { tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine();
});

describe('trainLocal with an AbortSignal', () => {
  it('stops after the batch during which it was cancelled, frees its tensors, and says where it stopped', async () => {
    // Prepare: 3 epochs of 6 batches; the cancel comes during batch 2 of epoch 1.
    const model = tinyVggLike(4);
    const stop = new AbortController();
    const batches: number[] = [];
    const before = tf.memory().numTensors;
    // Execute
    const run = trainLocal({
      model,
      level: '+B5',
      train: toySamples(24, 3),
      config: { epochs: 3, batchSize: 4, learningRate: 1e-3, seed: 1 },
      signal: stop.signal,
      onBatch: (b) => {
        batches.push(b);
        if (b === 1) stop.abort(new Error('deadline passed'));
      },
    });
    // Assert
    const err = await run.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe('training (epoch 1, after batch 2/6) cancelled: deadline passed');
    expect(batches).toEqual([0, 1]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('does not start when already cancelled', async () => {
    const model = tinyVggLike(4);
    const stop = new AbortController();
    stop.abort(new Error('round abandoned'));
    let batches = 0;
    const err = await trainLocal({ model, level: 'FC', train: toySamples(8, 3), config: { epochs: 2, batchSize: 4, learningRate: 1e-3, seed: 1 }, signal: stop.signal, onBatch: () => batches++ }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('training (before epoch 1) cancelled: round abandoned');
    expect(batches).toBe(0);
    model.dispose();
  });
});
