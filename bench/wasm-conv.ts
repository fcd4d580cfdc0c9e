/**
 * Conv2D backward on the wasm backend: fedcxr's kernels vs the cpu backend (and the stock wasm input-gradient
 * loop), at VGG16 layer shapes, batch 1. Median of RUNS timed runs after one warm-up.
 * Usage: node bin/run-ts.js bench/wasm-conv.ts [runs=3] [--json]
 */
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../shared/engine/index.js';
import { stockWasmKernel } from '../shared/engine/wasm-conv-grad.js';

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
const asJson = process.argv.includes('--json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Median milliseconds of `fn` (which returns the tensor info to free) over `runs` after one warm-up. */
function time(fn: () => tf.TensorInfo): number {
  const free = (t: tf.TensorInfo): void => void tf.backend().disposeData(t.dataId);
  free(fn());
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const out = fn();
    if (tf.getBackend() !== 'wasm') tf.backend().readSync(out.dataId); // cpu is synchronous too; keep it honest
    ms.push(performance.now() - t0);
    free(out);
  }
  return median(ms);
}

/** Runs a kernel directly (engine-free) on the active backend. */
function kernel(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, config = tf.getKernel(name, tf.getBackend())): tf.TensorInfo {
  const out = config.kernelFunc({ inputs, attrs, backend: tf.backend() });
  if (Array.isArray(out)) throw new Error(`${name} returned several outputs`);
  return out;
}

interface Row {
  shape: string;
  op: string;
  backend: string;
  ms: number;
}

const rows: Row[] = [];
/** Records a row, echoing it at once on a terminal run (the cpu rows take seconds each). */
function record(row: Row): void {
  rows.push(row);
  if (!asJson) process.stdout.write(`${row.shape.padEnd(24)} ${row.op.padEnd(16)} ${row.backend.padEnd(26)} ${row.ms.toFixed(1).padStart(9)} ms\n`);
}
for (const s of SHAPES) {
  for (const backend of ['wasm', 'cpu'] as const) {
    await initEngine({ backend });
    const x = tf.randomNormal([1, s.side, s.side, s.cin]);
    const w = tf.randomNormal([3, 3, s.cin, s.cout]);
    const dy = tf.randomNormal([1, s.side, s.side, s.cout]);
    const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' } as const;
    const fwd = { ...conv, dilations: [1, 1] };
    record({ shape: s.name, op: 'conv2d forward', backend, ms: time(() => kernel('Conv2D', { x, filter: w }, fwd)) });
    const bpf = { ...conv, filterShape: [3, 3, s.cin, s.cout] };
    record({ shape: s.name, op: 'backprop filter', backend, ms: time(() => kernel('Conv2DBackpropFilter', { x, dy }, bpf)) });
    const bpi = { ...conv, inputShape: [1, s.side, s.side, s.cin] };
    record({ shape: s.name, op: 'backprop input', backend, ms: time(() => kernel('Conv2DBackpropInput', { dy, filter: w }, bpi)) });
    const stock = stockWasmKernel('Conv2DBackpropInput');
    if (backend === 'wasm' && stock) {
      // Its wasm function binding is made by setupFunc, which tfjs skipped because the kernel was replaced first.
      stock.setupFunc?.(tf.backend());
      record({
        shape: s.name,
        op: 'backprop input',
        backend: 'wasm (stock tfjs kernel)',
        ms: time(() => kernel('Conv2DBackpropInput', { dy, filter: w }, bpi, stock)),
      });
    }
    tf.dispose([x, w, dy]);
  }
}

if (asJson) {
  process.stdout.write(`${JSON.stringify({ runs, rows }, null, 2)}\n`);
} else {
  process.stdout.write(`(median of ${runs} runs, batch 1, 3×3 SAME stride 1)\n`);
  for (const s of SHAPES) {
    const get = (op: string, b: string): number => rows.find((r) => r.shape === s.name && r.op === op && r.backend === b)?.ms ?? NaN;
    process.stdout.write(
      `${s.name}: filter-grad cpu/wasm = ${(get('backprop filter', 'cpu') / get('backprop filter', 'wasm')).toFixed(1)}×, ` +
        `input-grad cpu/wasm = ${(get('backprop input', 'cpu') / get('backprop input', 'wasm')).toFixed(1)}×\n`,
    );
  }
}
