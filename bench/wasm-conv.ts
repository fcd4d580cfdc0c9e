/**
 * Conv2D backward on the wasm backend: fedcxr's kernels vs the cpu backend (and the stock wasm input-gradient
 * loop), at VGG16 layer shapes, batch 1. Median of RUNS timed runs (BENCH_CPU_RUNS for the slow cpu backend) after
 * one warm-up; wall and process CPU time. Usage: node bin/run-ts.js bench/wasm-conv.ts [runs=3] [--json]
 */
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../shared/engine/index.js';
import { stockWasmKernel } from '../shared/engine/wasm-conv-grad.js';
import { median } from './lib/stats.js';

/** One VGG16 3×3 conv layer: input side and channels in/out. */
interface Shape {
  readonly name: string;
  readonly side: number;
  readonly cin: number;
  readonly cout: number;
}

const SHAPES: Shape[] = [
  { name: '56×56×128→128', side: 56, cin: 128, cout: 128 },
  { name: '14×14×512→512 (block5)', side: 14, cin: 512, cout: 512 },
];

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
// The cpu backend's conv gradients are naive loops (minutes per call on a busy machine): time them once.
const cpuRuns = Number(process.env.BENCH_CPU_RUNS ?? 1);
const asJson = process.argv.includes('--json');

/** Wall and CPU milliseconds of one timing (CPU time stays meaningful on a machine shared with other jobs). */
interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Median timing of `fn` (which returns the tensor info to free) over `n` runs after one warm-up. */
function time(fn: () => tf.TensorInfo, n: number): Timing {
  const free = (t: tf.TensorInfo): void => void tf.backend().disposeData(t.dataId);
  free(fn());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    free(out);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** Runs a kernel directly (engine-free) on the active backend. */
function kernel(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, config = tf.getKernel(name, tf.getBackend())): tf.TensorInfo {
  const out = config.kernelFunc({ inputs, attrs, backend: tf.backend() });
  if (Array.isArray(out)) throw new Error(`${name} returned several outputs`);
  return out;
}

interface Row extends Timing {
  shape: string;
  op: string;
  backend: string;
  runs: number;
}

const rows: Row[] = [];
/** Records a row, echoing it at once on a terminal run (the cpu rows take seconds each). */
function record(row: Row): void {
  rows.push(row);
  if (!asJson) {
    const ms = (v: number): string => `${v.toFixed(1).padStart(9)} ms`;
    process.stdout.write(`${row.shape.padEnd(24)} ${row.op.padEnd(16)} ${row.backend.padEnd(26)} wall ${ms(row.wallMs)}  cpu ${ms(row.cpuMs)}  (n=${row.runs})\n`);
  }
}
for (const s of SHAPES) {
  for (const backend of ['wasm', 'cpu'] as const) {
    await initEngine({ backend });
    const x = tf.randomNormal([1, s.side, s.side, s.cin]);
    const w = tf.randomNormal([3, 3, s.cin, s.cout]);
    const dy = tf.randomNormal([1, s.side, s.side, s.cout]);
    const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' } as const;
    const fwd = { ...conv, dilations: [1, 1] };
    const n = backend === 'cpu' ? cpuRuns : runs;
    record({ shape: s.name, op: 'conv2d forward', backend, runs: n, ...time(() => kernel('Conv2D', { x, filter: w }, fwd), n) });
    const bpf = { ...conv, filterShape: [3, 3, s.cin, s.cout] };
    record({ shape: s.name, op: 'backprop filter', backend, runs: n, ...time(() => kernel('Conv2DBackpropFilter', { x, dy }, bpf), n) });
    const bpi = { ...conv, inputShape: [1, s.side, s.side, s.cin] };
    record({ shape: s.name, op: 'backprop input', backend, runs: n, ...time(() => kernel('Conv2DBackpropInput', { dy, filter: w }, bpi), n) });
    const stock = stockWasmKernel('Conv2DBackpropInput');
    if (backend === 'wasm' && stock) {
      // Its wasm function binding is made by setupFunc, which tfjs skipped because the kernel was replaced first.
      stock.setupFunc?.(tf.backend());
      record({
        shape: s.name,
        op: 'backprop input',
        backend: 'wasm (stock tfjs kernel)',
        runs: n,
        ...time(() => kernel('Conv2DBackpropInput', { dy, filter: w }, bpi, stock), n),
      });
    }
    tf.dispose([x, w, dy]);
  }
}

if (asJson) {
  process.stdout.write(`${JSON.stringify({ runs, cpuRuns, rows }, null, 2)}\n`);
} else {
  process.stdout.write(`(median of ${runs} wasm / ${cpuRuns} cpu runs after a warm-up; batch 1, 3×3 SAME stride 1)\n`);
  for (const s of SHAPES) {
    const get = (op: string, b: string): number => rows.find((r) => r.shape === s.name && r.op === op && r.backend === b)?.cpuMs ?? NaN;
    process.stdout.write(
      `${s.name} (CPU time): filter-grad cpu/wasm = ${(get('backprop filter', 'cpu') / get('backprop filter', 'wasm')).toFixed(1)}×, ` +
        `input-grad cpu/wasm = ${(get('backprop input', 'cpu') / get('backprop input', 'wasm')).toFixed(1)}×\n`,
    );
  }
}
