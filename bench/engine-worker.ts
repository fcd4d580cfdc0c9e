/**
 * One (engine, level) measurement of `bench/engine.ts`, in its own process: median per-image forward and
 * training-step wall and CPU time, peak RSS, and with --profile per-kernel time and FLOPs. Prints one JSON line.
 * Usage: node bin/run-ts.js bench/engine-worker.ts --engine native|wasm|cpu --level FC [--input-size 224] [--batch 4]
 *        [--threads N] [--iters 3] [--warmup 1] [--epoch-images 32] [--precision fp32|bf16|auto] [--profile]
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { initEngine } from '../shared/engine/index.js';
import { fuseForNativeTraining } from '../shared/engine/native/index.js';
import type { BackendName } from '../shared/engine/types.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { applyUnfreeze, parseUnfreezeLevel, splitAtLevel } from '../shared/model/unfreeze.js';
import { median } from './lib/stats.js';
import { trainerEpochTimes, type TrainerEpochTimes } from './lib/trainer-epochs.js';
import { buildModel } from '../shared/model/vgg16.js';
import { createOptimizer } from '../shared/train/optimizer.js';
import { trainStep, type StepNet } from '../shared/train/step.js';
import { option } from './lib/args.js';

/** Per-kernel totals from tf.profile. */
export interface KernelRow {
  kernel: string;
  calls: number;
  ms: number;
  gflop: number;
}

/** What the worker prints. */
export interface WorkerResult {
  engine: string;
  backend: string;
  level: string;
  threads: number;
  /** Native engine: the conv/matmul precision it ran and why; null on other engines. */
  precision: { precision: string; reason: string } | null;
  forwardSecPerImage: number;
  trainSecPerImage: number;
  forwardCpuSecPerImage: number;
  trainCpuSecPerImage: number;
  forwardSamples: number[];
  trainSamples: number[];
  peakRssMB: number;
  /** Epoch seconds over `epochImages` synthetic images through the local trainer (levels with a frozen part). */
  epoch?: TrainerEpochTimes;
  kernels?: KernelRow[];
}

/** Wall and CPU seconds of each timed run after the warm-ups. */
function timed(fn: () => void, warmup: number, iters: number): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iters; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

const prod = (s: readonly number[] | undefined): number => (s ?? []).reduce((a, b) => a * b, 1);

/** FLOPs of one kernel call from its shapes (convolutions and matmuls; 0 for the rest). */
export function kernelFlops(name: string, inputs: readonly (readonly number[])[], outputs: readonly (readonly number[])[]): number {
  const [a, b] = inputs;
  const out = outputs[0];
  switch (name) {
    case 'Conv2D':
    case 'FusedConv2D': // out (N,OH,OW,OC) × KH·KW·IC multiply-adds
      return 2 * prod(out) * prod(b?.slice(0, 3));
    case 'Conv2DBackpropInput': // dy (N,OH,OW,OC) × KH·KW·IC
      return 2 * prod(a) * prod(b?.slice(0, 3));
    case 'Conv2DBackpropFilter': // dy × KH·KW·IC (filter = output)
    case 'FedcxrConv2DBackpropFilterBias': // the same, plus the bias sum (not counted)
      return 2 * prod(b) * prod(out?.slice(0, 3));
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // a holds batch·m·k values and out batch·m·n, so k = |a|·n / |out| (exact unless a is broadcast).
      const n = out?.[out.length - 1] ?? 0;
      return prod(out) === 0 ? 0 : 2 * prod(out) * ((prod(a) * n) / prod(out));
    }
    default:
      return 0;
  }
}

async function main(): Promise<void> {
  const engine = option('engine', 'native');
  const backend: BackendName = engine === 'native' ? 'fedcxr-native' : (engine as BackendName);
  const level = parseUnfreezeLevel(option('level', 'FC'));
  const size = Number(option('input-size', '224'));
  const batch = Number(option('batch', '4'));
  const threads = Number(option('threads', String(availableParallelism())));
  const iters = Number(option('iters', '3'));
  const warmup = Number(option('warmup', '1'));
  // The native engine reads FEDCXR_PRECISION when it registers; the flag wins over the environment.
  const precisionFlag = option('precision', '');
  if (precisionFlag !== '') process.env.FEDCXR_PRECISION = precisionFlag;

  const info = await initEngine({ backend, threads });
  const model = buildModel(defaultModelConfig({ inputSize: size }), { seed: 1 });
  applyUnfreeze(model, level);
  fuseForNativeTraining(model);
  // Exactly the local trainer's full-mode step: the frozen trunk outside the tape, gradients for the level's
  // trainable variables, the engine's Adam.
  const split = splitAtLevel(model, level);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const net: StepNet = { frozen: split.frozen, top: split.top, vars, optimizer: createOptimizer('adam', 1e-4) };
  const x = tf.randomUniform([batch, size, size, 3], -1, 1, 'float32', 7);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2));

  const forward = (): void => {
    tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  };
  const step = (): void => {
    trainStep(net, x, y, { classWeights: { 0: 1, 1: 1 } });
  };

  const fwd = timed(forward, warmup, iters);
  const train = timed(step, warmup, iters);

  const epochImages = Number(option('epoch-images', '32'));
  const epoch =
    split.frozen !== null && epochImages > 0
      ? await trainerEpochTimes({ model, level, inputSize: size, images: epochImages, batchSize: batch, repeats: 2 })
      : undefined;

  let kernels: KernelRow[] | undefined;
  if (process.argv.includes('--profile')) {
    const agg = new Map<string, KernelRow>();
    for (const fn of [forward, step]) {
      const prof = await tf.profile(() => fn());
      // Kernels only: tf.profile also lists the op wrappers (`fusedConv2d__op`) that contain them.
      for (const k of prof.kernels.filter((e) => !e.name.endsWith('__op'))) {
        const row = agg.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0, gflop: 0 };
        row.calls += 1;
        row.ms += Number(k.kernelTimeMs);
        row.gflop += kernelFlops(k.name, k.inputShapes, k.outputShapes) / 1e9;
        agg.set(k.name, row);
      }
    }
    kernels = [...agg.values()].sort((p, q) => q.ms - p.ms).filter((r) => r.ms >= 1);
  }

  const result: WorkerResult = {
    engine,
    backend: info.backend,
    level,
    threads: info.threads,
    precision: info.precision ? { precision: info.precision.precision, reason: info.precision.reason } : null,
    forwardSecPerImage: median(fwd.wall) / batch,
    trainSecPerImage: median(train.wall) / batch,
    forwardCpuSecPerImage: median(fwd.cpu) / batch,
    trainCpuSecPerImage: median(train.cpu) / batch,
    forwardSamples: fwd.wall,
    trainSamples: train.wall,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ...(epoch ? { epoch } : {}),
    ...(kernels ? { kernels } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
