/**
 * Measures the wasm heap a VGG16 training step really needs, to calibrate `estimateStepMemory`.
 * The wasm heap never shrinks, so each configuration runs in a fresh process.
 * Usage: node bin/run-ts.js bench/wasm-memory.ts                       (driver: runs the default grid)
 *        node bin/run-ts.js bench/wasm-memory.ts SIZE BATCH LEVEL [STEPS=1]  (one measurement, JSON on stdout)
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { estimateStepMemory, initEngine } from '../shared/engine/index.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { buildModel } from '../shared/model/vgg16.js';
import { applyUnfreeze, parseUnfreezeLevel, splitAtLevel } from '../shared/model/unfreeze.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';

const MB = 1024 ** 2;

/** One measured training step. */
interface Measurement {
  inputSize: number;
  batchSize: number;
  level: UnfreezeLevel;
  steps: number;
  /** WebAssembly memory size after the steps (high-water mark, includes emscripten's growth slack). */
  heapBytes: number;
  /** Heap before the step (weights + runtime). */
  heapBeforeBytes: number;
  estimateBytes: number;
}

async function measure(inputSize: number, batchSize: number, level: UnfreezeLevel, steps: number): Promise<Measurement> {
  await initEngine({ backend: 'wasm' });
  const heap = (): number => (tf.backend() as BackendWasm).wasm.HEAPU8.byteLength;
  const model = applyUnfreeze(buildModel(defaultModelConfig({ inputSize }), { seed: 1 }), level);
  const { frozen, top } = splitAtLevel(model, level);
  const optimizer = tf.train.adam(1e-4);
  const x = tf.randomNormal([batchSize, inputSize, inputSize, 3]);
  const y = tf.tensor2d(Array.from({ length: batchSize }, (_, i) => i % 2), [batchSize, 1]);
  const features = frozen ? (frozen.predict(x) as tf.Tensor) : x;
  const heapBeforeBytes = heap();
  const step = (): void => {
    optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, top.apply(features, { training: true }) as tf.Tensor), false);
  };
  for (let i = 0; i < steps; i += 1) step();
  return {
    inputSize,
    batchSize,
    level,
    steps,
    heapBytes: heap(),
    heapBeforeBytes,
    estimateBytes: estimateStepMemory({ inputSize, batchSize, level }).total,
  };
}

const [size, batch, level, steps] = process.argv.slice(2);
if (size && batch && level) {
  const m = await measure(Number(size), Number(batch), parseUnfreezeLevel(level), Number(steps ?? 1));
  process.stdout.write(`${JSON.stringify(m)}\n`);
} else {
  const grid: [number, number, UnfreezeLevel][] = [
    [64, 2, '+B1'],
    [64, 8, '+B1'],
    [112, 4, '+B1'],
    [112, 4, '+B3'],
    [224, 2, '+B1'],
    [224, 4, '+B5'],
  ];
  process.stdout.write('size batch level   heap MB  before MB  estimate MB  estimate/heap\n');
  for (const [s, b, l] of grid) {
    const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/wasm-memory.ts', String(s), String(b), l], {
      env: { ...process.env, FEDCXR_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    const m = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement;
    process.stdout.write(
      `${String(s).padStart(4)} ${String(b).padStart(5)} ${l.padEnd(5)} ${(m.heapBytes / MB).toFixed(0).padStart(9)} ` +
        `${(m.heapBeforeBytes / MB).toFixed(0).padStart(10)} ${(m.estimateBytes / MB).toFixed(0).padStart(12)} ` +
        `${(m.estimateBytes / m.heapBytes).toFixed(2).padStart(14)}\n`,
    );
  }
}
