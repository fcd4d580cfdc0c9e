import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../../shared/engine/index.js';

describe('wasm zero-copy Identity', () => {
  beforeAll(async () => {
    // These tests are about the wasm kernels themselves: a suite-wide FEDCXR_BACKEND must not redirect them.
    delete process.env.FEDCXR_BACKEND;
    await initEngine({ backend: 'wasm' });
  });

  it('clones without a second buffer', () => {
    // Prepare
    const a = tf.tensor1d([1, 2, 3, 4]);
    const before = tf.memory().numDataBuffers;
    // Execute
    const b = tf.clone(a);
    // Assert
    expect(tf.memory().numDataBuffers).toBe(before);
    tf.dispose([a, b]);
  });

  it('keeps the clone valid after the original is disposed, and frees the buffer with the last owner', () => {
    // Prepare
    const start = tf.memory().numDataBuffers;
    const a = tf.tensor1d([1, 2, 3, 4]);
    const b = tf.clone(a);
    // Execute
    a.dispose();
    // Ops on the clone allocate fresh outputs and never write into the shared buffer.
    const c = tf.add(b, 1);
    // Assert
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(c.dataSync())).toEqual([2, 3, 4, 5]);
    tf.dispose([b, c]);
    expect(tf.memory().numDataBuffers).toBe(start);
  });

  it('survives a variable assign on the source', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const saved = tf.clone(v);
    const next = tf.tensor1d([5, 6]);
    v.assign(next);
    expect(Array.from(saved.dataSync())).toEqual([1, 2]);
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    tf.dispose([v, saved, next]);
  });
});
