import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/domain/errors.js';
import { checkBatchFits, estimateStepMemory, maxBatchThatFits } from '../../../shared/engine/index.js';

const LEVELS = ['FC', '+B5', '+B4', '+B3', '+B2', '+B1'] as const;
const wasm = { backend: 'wasm' } as const;

describe('estimateStepMemory', () => {
  it('grows with batch, input size and unfrozen depth', () => {
    const at = (inputSize: number, batchSize: number, level: (typeof LEVELS)[number]): number =>
      estimateStepMemory({ inputSize, batchSize, level }).total;
    expect(at(224, 8, '+B1')).toBeGreaterThan(at(224, 4, '+B1'));
    expect(at(224, 4, '+B1')).toBeGreaterThan(at(112, 4, '+B1'));
    for (let i = 1; i < LEVELS.length; i += 1) {
      expect(at(224, 4, LEVELS[i]!)).toBeGreaterThan(at(224, 4, LEVELS[i - 1]!));
    }
  });

  it('is bounded by the weights plus the largest of the training, optimizer and feature-pass peaks', () => {
    const e = estimateStepMemory({ inputSize: 224, batchSize: 2, level: '+B3' });
    const peak = Math.max(e.training, e.optimizer, e.inference);
    expect(e.total).toBeGreaterThanOrEqual(e.weights + peak);
    expect(e.total).toBeLessThan(1.5 * (e.weights + peak));
    expect(estimateStepMemory({ inputSize: 224, batchSize: 2, level: '+B1' }).inference).toBe(0);
  });

  it('grows linearly in the batch once activations dominate, with a batch-free optimizer part', () => {
    const at = (batchSize: number): ReturnType<typeof estimateStepMemory> => estimateStepMemory({ inputSize: 224, batchSize, level: '+B1' });
    expect(at(12).training - at(8).training).toBeCloseTo(at(8).training - at(4).training, 0);
    expect(at(12).optimizer).toBe(at(4).optimizer);
    expect(at(12).weights).toBe(at(4).weights);
  });

  it('stays within −10 %/+30 % of the heap measured by bench/wasm-memory.ts', () => {
    // Heap high-water marks (MB) measured on tfjs-backend-wasm 4.22 with fedcxr's kernels (docs/engine.md):
    // one Adam step, except the 2066 MB point (3 steps).
    const measured: [number, number, (typeof LEVELS)[number], number][] = [
      [224, 4, '+B1', 2066],
      [64, 2, '+B1', 905],
      [112, 4, '+B1', 1004],
      [112, 4, '+B3', 907],
      [224, 2, '+B1', 1038],
      [224, 4, '+B1', 1861],
      [224, 8, '+B1', 3396],
      [224, 4, '+B5', 614],
      [224, 16, '+B3', 1992],
      [224, 8, 'FC', 275],
    ];
    for (const [inputSize, batchSize, level, mb] of measured) {
      const ratio = estimateStepMemory({ inputSize, batchSize, level }).total / (mb * 1024 ** 2);
      expect(ratio, `${inputSize}px batch ${batchSize} ${level}`).toBeGreaterThan(0.9);
      expect(ratio, `${inputSize}px batch ${batchSize} ${level}`).toBeLessThan(1.3);
    }
  });
});

describe('checkBatchFits', () => {
  it('rejects a full VGG16 step at 224 with batch 8 on wasm, saying which batch fits', () => {
    // Prepare
    const shape = { inputSize: 224, batchSize: 8, level: '+B1' } as const;
    // Execute
    let error: unknown;
    try {
      checkBatchFits(wasm, shape);
    } catch (err) {
      error = err;
    }
    // Assert
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^batch 8 at 224 \+B1 needs ~\d+\.\d GB; wasm caps at 4 GB: use batch ≤ \d+ or the native engine/);
    const fits = Number(/batch ≤ (\d+)/.exec(message)?.[1]);
    expect(fits).toBeLessThan(8);
    expect(fits).toBeGreaterThan(0);
    expect(fits).toBe(maxBatchThatFits(224, '+B1'));
    // The advised batch passes the same check.
    expect(() => checkBatchFits(wasm, { ...shape, batchSize: fits })).not.toThrow();
  });

  it('accepts small steps on wasm', () => {
    expect(() => checkBatchFits(wasm, { inputSize: 32, batchSize: 4, level: '+B1' })).not.toThrow();
    expect(() => checkBatchFits(wasm, { inputSize: 224, batchSize: 16, level: 'FC' })).not.toThrow();
  });

  it('is a no-op on backends without the 4 GB heap', () => {
    for (const backend of ['tensorflow-gpu', 'tensorflow', 'fedcxr-native', 'cpu'] as const) {
      expect(() => checkBatchFits({ backend }, { inputSize: 224, batchSize: 512, level: '+B1' })).not.toThrow();
    }
  });
});

describe('maxBatchThatFits', () => {
  it('returns the largest batch under the limit', () => {
    const limit = 3 * 1024 ** 3;
    const n = maxBatchThatFits(224, '+B2', limit);
    expect(estimateStepMemory({ inputSize: 224, batchSize: n, level: '+B2' }).total).toBeLessThanOrEqual(limit);
    expect(estimateStepMemory({ inputSize: 224, batchSize: n + 1, level: '+B2' }).total).toBeGreaterThan(limit);
  });
});
