/** What crosses between a site client's thread and its worker: transferable tensors, errors that keep their class. */
import { describe, expect, it } from 'vitest';
import { CancelledError, ConfigError, ValueError, WireLimitError } from '../../../shared/domain/errors.js';
import { fromWorkerError, toWorkerError, transferable } from '../../../site-client/worker-messages.js';

describe('transferable', () => {
  it('moves arrays that own their buffer and copies views into larger or repeated buffers', () => {
    const own = new Float32Array([1, 2, 3]);
    const big = new Float32Array(10).fill(7);
    const view = big.subarray(2, 5);
    const { tensors, transfer } = transferable([
      { name: 'a', shape: [3], data: own },
      { name: 'b', shape: [3], data: view },
      { name: 'c', shape: [3], data: own }, // the same buffer twice: the second is copied
    ]);
    expect(tensors[0]?.data).toBe(own);
    expect(tensors[1]?.data).not.toBe(view);
    expect(Array.from(tensors[1]?.data ?? [])).toEqual([7, 7, 7]);
    expect(tensors[2]?.data).not.toBe(own);
    expect(transfer).toHaveLength(3);
    expect(new Set(transfer).size).toBe(3);
  });

  it('copies everything when asked (the sender keeps its arrays)', () => {
    const own = new Float32Array([1, 2]);
    const { tensors } = transferable([{ name: 'a', shape: [2], data: own }], true);
    expect(tensors[0]?.data).not.toBe(own);
  });
});

describe('worker errors', () => {
  it('come back as the same fedcxr class, with the message and a ValueError field', () => {
    const v = fromWorkerError(toWorkerError(new ValueError('bad tensor', { field: 'fitRes.tensors[0]' })));
    expect(v).toBeInstanceOf(ValueError);
    expect((v as ValueError).field).toBe('fitRes.tensors[0]');
    for (const e of [new CancelledError('training cancelled: deadline'), new ConfigError('cap'), new WireLimitError('too big')]) {
      const back = fromWorkerError(toWorkerError(e));
      expect(back).toBeInstanceOf(e.constructor);
      expect(back.message).toBe(e.message);
    }
  });

  it('keep the name of an unknown error on a plain Error', () => {
    const back = fromWorkerError(toWorkerError(new RangeError('Array buffer allocation failed')));
    expect(back.name).toBe('RangeError');
    expect(back.message).toBe('Array buffer allocation failed');
  });
});
