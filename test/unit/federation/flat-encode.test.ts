/**
 * The encoders that copy model-sized bytes once (flat-encode.ts) write exactly what protobufjs writes for the whole
 * message: every message type with tensors (FitRes, FitIns, EvaluateIns, Trunk) and Chunk, with and without their
 * optional fields, float32 and float16, empty tensors and sets, tensors by reference, and lengths whose varints take
 * one to four bytes.
 */
import { describe, expect, it } from 'vitest';
import { pb } from '../../../shared/federation/serde-fields.js';
import { evaluateInsProps, evaluateInsToBytes, fitInsProps, fitInsToBytes, fitResProps, fitResToBytes, trunkProps, trunkToBytes } from '../../../shared/federation/serde.js';
import { chunkToBytes } from '../../../shared/federation/serde-control.js';
import type { EvaluateIns, FitIns, FitRes } from '../../../shared/federation/types.js';
import type { TensorSet, WireDType } from '../../../shared/domain/tensor-set.js';

const HASH = 'cd'.repeat(32);

/** Tensors whose encoded sizes cross the 1-, 2- and 3-byte varint boundaries (127, 16383, 2097151 bytes). */
function sets(): TensorSet[] {
  const t = (name: string, n: number, shape: number[] = [n]): TensorSet[number] => ({ name, shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.01) });
  return [
    [],
    [t('empty', 0, [0, 3])],
    [t('a', 1), t('b/kernel', 31), t('c', 32)],
    [t('block5_conv3/kernel', 4095, [3, 3, 5, 91]), t('bias', 4096), t('head/kernel', 600_000, [600, 1000])],
  ];
}

const same = (a: Uint8Array, b: Uint8Array): void => {
  expect(a.length).toBe(b.length);
  expect(Buffer.compare(a, b)).toBe(0);
};

describe('flat encoding: protobufjs bytes with the big fields copied once', () => {
  for (const dtype of ['float32', 'float16'] as WireDType[]) {
    it(`FitRes, ${dtype}`, () => {
      for (const tensors of sets()) {
        const variants: FitRes[] = [
          { runId: 'run-1', round: 3, siteId: 'KM', numExamples: 91, tensors, metrics: { trainLoss: 0.42, trainAccuracy: 0.9, trainSeconds: 12.5 } },
          { runId: 'r', round: 0, siteId: 'a', numExamples: 0, tensors, metrics: { trainLoss: 0 }, prototypes: [{ label: 1, count: 7, mean: Float32Array.from([1, 2, 3]) }] },
        ];
        for (const res of variants) same(fitResToBytes(res, dtype), pb.FitRes.encode(fitResProps(res, dtype)).finish());
      }
    });

    it(`FitIns and EvaluateIns, in full and by reference, ${dtype}`, () => {
      const ref = new Uint8Array(32).fill(9);
      for (const tensors of sets()) {
        const fit: FitIns = {
          runId: 'run-1',
          round: 2,
          level: '+B5',
          trunkHash: HASH,
          tensors,
          config: { localEpochs: 2, batchSize: 16, learningRate: 1e-4, proximalMu: 0.01, seed: 2 ** 40 + 7, optimizer: 'sgd', localTensors: ['bias'], logitAdjust: true },
        };
        const ev: EvaluateIns = { runId: 'run-1', round: 2, level: 'FC', trunkHash: HASH, tensors, split: 'test', threshold: 0.25, histogramBins: 20, localTensors: ['bias'] };
        for (const r of [undefined, ref]) {
          same(fitInsToBytes(fit, dtype, r), pb.FitIns.encode(fitInsProps(fit, dtype, r)).finish());
          same(evaluateInsToBytes(ev, dtype, r), pb.EvaluateIns.encode(evaluateInsProps(ev, dtype, r)).finish());
        }
      }
    });
  }

  it('Trunk', () => {
    for (const tensors of sets()) {
      const t = { runId: 'run-1', trunkHash: HASH, tensors };
      same(trunkToBytes(t), pb.Trunk.encode(trunkProps(t)).finish());
    }
  });

  it('Chunk, empty to multi-megabyte data', () => {
    for (const n of [0, 1, 127, 128, 16_384, 4 * 1024 * 1024]) {
      const c = { transferId: 'tid', index: 3, count: 9, totalBytes: 40_000_000, sha256: new Uint8Array(32).fill(7), offset: 12_582_912, data: new Uint8Array(n).fill(5) };
      same(chunkToBytes(c), pb.Chunk.encode(c).finish());
    }
  });
});
