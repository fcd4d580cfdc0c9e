/** Small TensorSet builders for federation unit tests. */
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import type { FitRes, RunContext } from '../../../shared/federation/types.js';

/** A two-tensor set `[a/kernel (2x2), a/bias (2)]` from 6 numbers. */
export function set6(v: readonly number[]): TensorSet {
  return [
    { name: 'a/kernel', shape: [2, 2], data: Float32Array.from(v.slice(0, 4)) },
    { name: 'a/bias', shape: [2], data: Float32Array.from(v.slice(4, 6)) },
  ];
}

/** Flattened values of a set. */
export function flat(set: TensorSet): number[] {
  return set.flatMap((t) => Array.from(t.data));
}

/** A FitRes for tests. */
export function fitRes(siteId: string, numExamples: number, tensors: TensorSet, round = 1, runId = 'run'): FitRes {
  return { runId, round, siteId, numExamples, tensors, metrics: { trainLoss: 0.5 } };
}

/** A run context for tests. */
export const ctx: RunContext = {
  runId: 'run',
  level: '+B5',
  trunkHash: 'abc',
  fit: { localEpochs: 1, batchSize: 8, learningRate: 0.01, proximalMu: 0, seed: 7, optimizer: 'adam' },
  seed: 1,
  fraction: 1,
  minFitSites: 2,
  threshold: 0.5,
  histogramBins: 20,
};

/** `probe()`'s kernel, or undefined where it throws (FEDCXR_MEAN_KERNEL=native without the addon): tests then check JS only. */
export function probedOrUndefined<K>(probe: () => K | undefined): K | undefined {
  try {
    return probe();
  } catch {
    return undefined;
  }
}
