/**
 * Federation benchmarks (`node bin/run-ts.js bench/federation.ts [--json] [--skip-large] [--skip-round] [--site-threads] [--demo-sites] [--wire-float16]`):
 * 1. FedAvg aggregation throughput for 3 sites × the whole VGG16 at +B1 (≈ 14.8 M params) and for a
 *    138 M-param set (VGG16 with its original top), as a ratio to a plain memcpy (`Float32Array.set`) of
 *    the same input bytes in the same run; medians over repetitions.
 * 2. The screen's direction check (cosines to the coordinate-wise median) of 3 updates of the +B5 trainable set at
 *    64 px, and the acceptance check's pass over one update (finiteness and ‖update − global‖²), native kernels
 *    against the JS ones in the same run (same bits; the native ones are the default).
 * 3. Seconds per round phase of a simulated +B5 run with the demo's sites over loopback socket.io, from the
 *    bench's clocks beside the coordinator's /metrics (bench/lib/round-phases.ts), and bytes on the wire per
 *    site per round ÷ (trainable params × 4 bytes). `--site-threads` runs each site in its own worker thread (the
 *    deployment-like layout) instead of in the coordinator's thread; `--demo-sites` runs the real X-rays `fedcxr demo`
 *    embeds, split as the demo splits them, instead of phantoms at the paper's counts; `--wire-float16` runs the
 *    round on the float16 wire (half the bytes, every value rounded).
 */
import { createRequire } from 'node:module';
import { fedAvg, type WeightedSet } from '../shared/federation/aggregate.js';
import { weightedMeanInto, weightedMeanIntoJs } from '../shared/federation/mean-kernels.js';
import { meanKernelName, nativeDirectionKernel, nativeDistanceKernel, nativeMeanKernel } from '../shared/federation/native-mean.js';
import { finiteSquaredDistanceJs } from '../shared/federation/aggregate.js';
import { cosinesToMedian } from '../shared/federation/median-direction.js';
import { splitTensors } from '../coordinator/run.js';
import { defaultModelConfig } from '../shared/model/config.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { modelWeightSpecs, VGG16_BLOCKS } from '../shared/model/vgg16.js';
import { median } from './lib/stats.js';
import { measureRoundPhases, phaseTable, type PhaseReport } from './lib/round-phases.js';

const FLAGS = ['--json', '--skip-large', '--skip-round', '--site-threads', '--demo-sites', '--wire-float16'];
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !FLAGS.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench federation: unknown option ${unknown.join(', ')}; use ${FLAGS.join(' ')}\n`);
  process.exit(2);
}
const json = args.has('--json');
const say = (s: string): void => {
  (json ? process.stderr : process.stdout).write(`${s}\n`);
};

/** A set with the given shapes, filled with cheap pseudo-random values. */
function filled(specs: readonly { name: string; shape: readonly number[] }[], seed: number): TensorSet {
  let x = seed >>> 0 || 1;
  return specs.map((s) => {
    const n = s.shape.reduce((a, d) => a * d, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      data[i] = ((x >>> 0) / 4294967296 - 0.5) * 0.1;
    }
    return { name: s.name, shape: [...s.shape], data };
  });
}

/** VGG16 with its original ImageNet top (138,357,544 params). */
function vgg16WithTopSpecs(): { name: string; shape: number[] }[] {
  const out: { name: string; shape: number[] }[] = [];
  let c = 3;
  for (const b of VGG16_BLOCKS) {
    for (let i = 1; i <= b.convs; i++) {
      out.push({ name: `block${b.block}_conv${i}/kernel`, shape: [3, 3, c, b.filters] }, { name: `block${b.block}_conv${i}/bias`, shape: [b.filters] });
      c = b.filters;
    }
  }
  out.push({ name: 'fc1/kernel', shape: [7 * 7 * 512, 4096] }, { name: 'fc1/bias', shape: [4096] });
  out.push({ name: 'fc2/kernel', shape: [4096, 4096] }, { name: 'fc2/bias', shape: [4096] });
  out.push({ name: 'predictions/kernel', shape: [4096, 1000] }, { name: 'predictions/bias', shape: [1000] });
  return out;
}

interface AggResult {
  readonly name: string;
  readonly params: number;
  readonly sites: number;
  readonly fedavgMs: number;
  readonly memcpyMs: number;
  /** fedavg time ÷ memcpy time of the same input bytes (lower is better; 1 = memcpy speed). */
  readonly ratio: number;
  /** The same ratio in process CPU time (user + system): what waiting for a core on a shared machine does not inflate. */
  readonly cpuRatio: number;
  readonly fedavgGBps: number;
  /** The kernels alone (`weightedMeanInto`) into outputs allocated once: fedavg minus allocating and collecting the new set. */
  readonly kernelMs: number;
  readonly kernelRatio: number;
  /** The JS kernels alone, same outputs (equal to kernelMs when FedAvg runs them; the before of the native kernel). */
  readonly jsKernelMs: number;
  readonly jsKernelRatio: number;
  /** Which kernel fedAvg ran (native-mean.ts). */
  readonly kernelName: string;
  readonly reps: number;
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

function benchAggregation(name: string, specs: readonly { name: string; shape: readonly number[] }[], reps: number, warmup = 2): AggResult {
  const sites: WeightedSet[] = [0, 1, 2].map((i) => ({ siteId: `s${i}`, numExamples: 50 + 17 * i, tensors: filled(specs, 7 + i) }));
  const params = sites[0]?.tensors.reduce((n, t) => n + t.data.length, 0) ?? 0;
  const dst = sites[0]?.tensors.map((t) => new Float32Array(t.data.length)) ?? [];
  const agg: number[] = [];
  const cpy: number[] = [];
  const cpuRatios: number[] = [];
  for (let r = 0; r < reps + warmup; r++) {
    // Interleave so both see the same machine state; the warm-up repetitions are dropped.
    let u0 = process.cpuUsage();
    let t0 = performance.now();
    for (const s of sites) s.tensors.forEach((t, i) => (dst[i] as Float32Array).set(t.data));
    const c = performance.now() - t0;
    const cc = cpuMs(process.cpuUsage(u0));
    u0 = process.cpuUsage();
    t0 = performance.now();
    // The new global is a fresh set (what a round needs); its allocation is part of the cost.
    const out = fedAvg(sites);
    const a = performance.now() - t0;
    const ac = cpuMs(process.cpuUsage(u0));
    if (out.length !== specs.length) throw new Error('fedavg lost tensors');
    if (r >= warmup) {
      cpy.push(c);
      agg.push(a);
      cpuRatios.push(ac / Math.max(cc, 1e-3));
    }
  }
  // The same arithmetic into outputs that already exist (what recycling the global's buffers would give).
  // Both kernels, interleaved: the one fedAvg runs (native where the addon has it) and the JS one.
  const kernel: number[] = [];
  const jsKernel: number[] = [];
  const srcs = (ti: number): Float32Array[] => sites.map((x) => (x.tensors[ti] as { data: Float32Array }).data);
  const w = sites.map((x) => x.numExamples);
  const total = w.reduce((a, b) => a + b, 0);
  const hasNative = nativeMeanKernel() !== undefined;
  for (let r = 0; r < reps + warmup; r++) {
    let t0 = performance.now();
    dst.forEach((out, ti) => weightedMeanInto(out, srcs(ti), w, total, new Float64Array(0)));
    const k = performance.now() - t0;
    t0 = performance.now();
    if (hasNative) dst.forEach((out, ti) => weightedMeanIntoJs(out, srcs(ti), w, total, new Float64Array(0)));
    const j = hasNative ? performance.now() - t0 : k;
    if (r >= warmup) {
      kernel.push(k);
      jsKernel.push(j);
    }
  }
  const fedavgMs = median(agg);
  const memcpyMs = median(cpy);
  const kernelMs = median(kernel);
  const jsKernelMs = median(jsKernel);
  return {
    name, params, sites: 3, fedavgMs, memcpyMs, ratio: fedavgMs / memcpyMs, cpuRatio: median(cpuRatios),
    fedavgGBps: (params * 4 * 3) / (fedavgMs / 1000) / 1e9, kernelMs, kernelRatio: kernelMs / memcpyMs,
    jsKernelMs, jsKernelRatio: jsKernelMs / memcpyMs, kernelName: meanKernelName(), reps,
  };
}

const aggLine = (r: AggResult): string =>
  `fedavg 3 sites × ${r.params.toLocaleString()} params: ${r.fedavgMs.toFixed(1)} ms vs memcpy ${r.memcpyMs.toFixed(1)} ms → ratio ${r.ratio.toFixed(2)} (CPU-time ratio ${r.cpuRatio.toFixed(2)}; median of ${r.reps}; goal ≤ 2)\n` +
  `  of which the kernels into already-allocated outputs: ${r.kernelMs.toFixed(1)} ms → ratio ${r.kernelRatio.toFixed(2)}; the rest is allocating the new set and collecting old ones\n` +
  `  kernel: ${r.kernelName}; the JS kernels alone, same outputs: ${r.jsKernelMs.toFixed(1)} ms → ratio ${r.jsKernelRatio.toFixed(2)}`;

/** Whether ws masks/unmasks frames natively (the optional `bufferutil` it loads) or in its JS fallback. */
function wsMasking(): string {
  if (process.env.WS_NO_BUFFER_UTIL) return 'JS (WS_NO_BUFFER_UTIL set)';
  try {
    createRequire(createRequire(import.meta.url).resolve('ws')).resolve('bufferutil');
    return 'native (bufferutil)';
  } catch {
    return 'JS (bufferutil not installed)';
  }
}

const b1 = modelWeightSpecs(defaultModelConfig({ inputSize: 224 }));
const results: AggResult[] = [benchAggregation('vgg16 +B1 (whole model, GAP head 256)', b1, 9)];
say(aggLine(results[0] as AggResult));
if (!args.has('--skip-large')) {
  const r = benchAggregation('vgg16 with original top (138 M)', vgg16WithTopSpecs(), 5, 1);
  results.push(r);
  say(aggLine(r));
}
/** The direction check over 3 updates of the +B5 trainable set (64 px): native vs JS, interleaved, medians. */
function benchDirection(): { params: number; nativeMs: number | null; jsMs: number } {
  const { trainable } = splitTensors(filled(modelWeightSpecs(defaultModelConfig({ inputSize: 64 })), 1), '+B5');
  const global = trainable;
  const sets = [2, 3, 4].map((seed) => filled(global, seed));
  const native = nativeDirectionKernel() ?? null;
  const time = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const nat: number[] = [];
  const js: number[] = [];
  for (let i = 0; i < 7; i++) {
    let a: number[] = [];
    if (native) nat.push(time(() => void (a = cosinesToMedian(sets, global, native))));
    let b: number[] = [];
    js.push(time(() => void (b = cosinesToMedian(sets, global, null))));
    if (native && a.some((c, k) => c !== b[k])) throw new Error(`direction check: native ${a.join(',')} ≠ JS ${b.join(',')}`);
  }
  return { params: global.reduce((n, t) => n + t.data.length, 0), nativeMs: native ? median(nat.slice(2)) : null, jsMs: median(js.slice(2)) };
}
/** The acceptance pass over one +B5 update (64 px): native vs JS, interleaved, medians; sums checked equal. */
function benchAcceptancePass(): { nativeMs: number | null; jsMs: number } {
  const { trainable: global } = splitTensors(filled(modelWeightSpecs(defaultModelConfig({ inputSize: 64 })), 1), '+B5');
  const update = filled(global, 2);
  const native = nativeDistanceKernel();
  const run = (k: typeof finiteSquaredDistanceJs): { ms: number; sum: number } => {
    const acc = new Float64Array(1);
    const t0 = performance.now();
    for (const [i, t] of update.entries()) k(t.data, (global[i] as { data: Float32Array }).data, acc);
    return { ms: performance.now() - t0, sum: acc[0] as number };
  };
  const nat: number[] = [];
  const js: number[] = [];
  for (let i = 0; i < 7; i++) {
    const a = native ? run(native) : undefined;
    const b = run(finiteSquaredDistanceJs);
    if (a) nat.push(a.ms);
    js.push(b.ms);
    if (a && a.sum !== b.sum) throw new Error(`acceptance pass: native ${a.sum} ≠ JS ${b.sum}`);
  }
  return { nativeMs: native ? median(nat.slice(2)) : null, jsMs: median(js.slice(2)) };
}

const dir = benchDirection();
say(
  dir.nativeMs === null
    ? `direction check 3 × ${dir.params.toLocaleString()} params: JS ${dir.jsMs.toFixed(1)} ms (no native kernel here)`
    : `direction check 3 × ${dir.params.toLocaleString()} params: native ${dir.nativeMs.toFixed(1)} ms vs JS ${dir.jsMs.toFixed(1)} ms → ${(dir.jsMs / dir.nativeMs).toFixed(1)}× (same cosines, checked; median of 5)`,
);

const pass = benchAcceptancePass();
say(
  pass.nativeMs === null
    ? `acceptance pass (finite + norm) over 1 × ${dir.params.toLocaleString()} params: JS ${pass.jsMs.toFixed(1)} ms (no native kernel here)`
    : `acceptance pass (finite + norm) over 1 × ${dir.params.toLocaleString()} params: native ${pass.nativeMs.toFixed(1)} ms vs JS ${pass.jsMs.toFixed(1)} ms → ${(pass.jsMs / pass.nativeMs).toFixed(1)}× (same sum, checked; median of 5)`,
);

let round: PhaseReport | undefined;
if (!args.has('--skip-round')) {
  const { initEngine } = await import('../shared/engine/index.js');
  const engine = await initEngine();
  const wire = args.has('--wire-float16') ? 'float16' : 'float32';
  round = await measureRoundPhases(3, 64, 1, args.has('--site-threads'), args.has('--demo-sites') ? 'demo' : 'paper', wire);
  say(`engine ${engine.backend} (${engine.threads} threads); socket.io on loopback; ws frame masking ${wsMasking()}; wire ${wire}`);
  for (const line of phaseTable(round)) say(line);
  say(`wire bytes per site per round ÷ (trainable ${round.trainableParams.toLocaleString()} × 4 B): down ${round.downRatio.toFixed(3)}, up ${round.upRatio.toFixed(3)}`);
}
if (json) process.stdout.write(`${JSON.stringify({ bench: 'federation', aggregation: results, direction: dir, acceptancePass: pass, round: round ?? null }, null, 2)}\n`);
