/**
 * Engine benchmark: per-image forward and training-step time of VGG16 + head at unfreeze levels FC, +B5, +B4, +B1
 * (224×224, batch 4) for fedcxr's engines and for PyTorch on the same CPU and thread count, in the same run,
 * interleaved level by level; ratio fedcxr/PyTorch; peak RSS; CPU-seconds per image (robust on a shared machine);
 * with --profile, achieved GFLOP/s per kernel type. Each (engine, level) runs in its own process.
 * --precision fp32|bf16|auto|all sets the native engine's FEDCXR_PRECISION (default auto); `all` runs it in fp32
 * and bf16 and PyTorch in fp32 and bf16 autocast, and prints the four-way precision table.
 *
 * Usage: npm run bench -- engine [--engines native,wasm] [--levels FC,+B5,+B4,+B1] [--input-size 224] [--batch 4]
 *        [--threads N] [--iters 3] [--warmup 1] [--wasm-iters 1] [--epoch-images 32] [--no-pytorch] [--profile] [--json]
 *        [--precision auto|fp32|bf16|all]
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerResult } from './engine-worker.js';
import { formatPrecisionTable, type PrecisionRow } from './lib/precision-table.js';
import { option } from './lib/args.js';

/** One line of `--json` output (one per engine and level). */
export interface EngineBenchRow {
  bench: 'engine';
  engine: string;
  /** Native engine: the precision it ran (fp32 | bf16) and why; null for other engines. */
  precision: { precision: string; reason: string } | null;
  level: string;
  inputSize: number;
  batch: number;
  threads: number;
  forwardSecPerImage: number;
  trainSecPerImage: number;
  forwardCpuSecPerImage: number;
  trainCpuSecPerImage: number;
  forwardGflops: number;
  peakRssMB: number;
  pytorchForwardSecPerImage: number | null;
  pytorchTrainSecPerImage: number | null;
  pytorchForwardCpuSecPerImage: number | null;
  pytorchTrainCpuSecPerImage: number | null;
  pytorchPeakRssMB: number | null;
  /** PyTorch with bf16 autocast (measured with --precision all|bf16 where its build supports it). */
  pytorchBf16ForwardSecPerImage: number | null;
  pytorchBf16TrainSecPerImage: number | null;
  /** Local-trainer epoch over `epochImages` images: full model, cache-filling, warm cache (null: nothing frozen). */
  epochImages: number | null;
  epochFullSec: number | null;
  epochFillSec: number | null;
  epochWarmSec: number | null;
  /** PyTorch's naive epoch over the same images: epochImages × pytorchTrainSecPerImage. */
  pytorchEpochSec: number | null;
  /** epochWarmSec / pytorchEpochSec (target: FC ≤ 0.05, +B5 ≤ 0.3). */
  warmEpochRatio: number | null;
  forwardRatio: number | null;
  trainRatio: number | null;
  kernels?: WorkerResult['kernels'];
}

interface PytorchRow {
  level: string;
  precision?: string;
  forwardSecPerImage: number | null;
  trainSecPerImage: number;
  forwardCpuSecPerImage: number | null;
  trainCpuSecPerImage: number;
  peakRssMB: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
/**
 * VGG16 trunk forward at 224×224: 15.35 G multiply-adds (the "15.5 GFLOP" usually quoted) = 30.7 GFLOP counting
 * a multiply-add as 2, as GFLOP/s peaks do (Σ 2·H·W·9·Cin·Cout over the 13 convs).
 */
const VGG16_FORWARD_GFLOP_224 = 30.7;

const flag = (name: string): boolean => process.argv.includes(`--${name}`);

/** Runs `bench/engine-worker.ts` in a fresh process for one engine and level; returns its JSON line. */
function spawnWorker(engine: string, level: string, common: string[], iters: number, profile: boolean, precision: string): WorkerResult | string {
  const res = spawnSync(
    process.execPath,
    [join(here, '..', 'bin', 'run-ts.js'), join(here, 'engine-worker.ts'), '--engine', engine, '--level', level,
      '--iters', String(iters), '--precision', precision, ...common, ...(profile ? ['--profile'] : [])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 },
  );
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) return `exit ${res.status ?? res.signal}: ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(line) as WorkerResult;
}

/** Runs the PyTorch baseline for one level; a string saying why when PyTorch (or its bf16 autocast) is not there. */
function runPytorch(level: string, o: { size: number; batch: number; threads: number; iters: number; warmup: number }, precision = 'fp32'): PytorchRow | string {
  const res = spawnSync(
    PYTHON,
    [join(here, 'pytorch_vgg16.py'), '--levels', level, '--input-size', String(o.size), '--batch', String(o.batch),
      '--threads', String(o.threads), '--iters', String(o.iters), '--warmup', String(o.warmup), '--precision', precision],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (res.error) return `${PYTHON} not runnable: ${res.error.message}`;
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) return `PyTorch baseline failed: ${res.stderr.trim().split('\n').slice(-1).join('')}`;
  const parsed = JSON.parse(line) as PytorchRow | { unsupported: string };
  return 'unsupported' in parsed ? parsed.unsupported : parsed;
}

/** Native precisions to run for a --precision value ('all' = both). */
function nativePrecisions(precision: string): string[] {
  if (!['auto', 'fp32', 'bf16', 'all'].includes(precision)) throw new Error(`--precision must be auto, fp32, bf16 or all, got '${precision}'`);
  return precision === 'all' ? ['fp32', 'bf16'] : [precision];
}

/** Row label: the engine, with the native engine's precision (e.g. `nat-bf16`). */
const label = (r: EngineBenchRow): string => (r.precision ? `nat-${r.precision.precision}` : r.engine);
const fmt = (x: number | null, d = 3): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));

function main(): void {
  const json = flag('json');
  const engines = option('engines', 'native,wasm').split(',');
  const levels = option('levels', 'FC,+B5,+B4,+B1').split(',');
  const size = Number(option('input-size', '224'));
  const batch = Number(option('batch', '4'));
  const threads = Number(option('threads', String(availableParallelism())));
  const iters = Number(option('iters', '3'));
  const warmup = Number(option('warmup', '1'));
  const wasmIters = Number(option('wasm-iters', '1'));
  const profile = flag('profile');
  const withTorch = !flag('no-pytorch');
  const precision = option('precision', 'auto');
  const precisions = nativePrecisions(precision);
  const withTorchBf16 = withTorch && (precision === 'all' || precision === 'bf16');
  const precisionRows: PrecisionRow[] = [];
  const precisionNotes = new Set<string>();
  // Trainer epochs (with and without the trunk cache) are timed on the fast engines; wasm would take minutes per level.
  const epochImages = option('epoch-images', '32');
  const common = ['--input-size', String(size), '--batch', String(batch), '--threads', String(threads), '--warmup', String(warmup)];
  const out = (s: string): boolean => (json ? process.stderr : process.stdout).write(`${s}\n`);

  out(`engine bench: VGG16+head ${size}×${size}, batch ${batch}, ${threads} threads, ${iters} timed runs after ${warmup} warm-up (wasm: ${wasmIters}); medians`);
  out(`precision: ${precision}${precision === 'all' ? ' (fedcxr fp32 and bf16, PyTorch fp32 and bf16 autocast)' : ''}`);
  let torchMissing: string | null = null;
  const rows: EngineBenchRow[] = [];
  const kernelsSeen: NonNullable<WorkerResult['kernels']>[] = [];
  for (const level of levels) {
    // Interleave: fedcxr engines, then PyTorch, for one level at a time, so load changes hit both alike.
    const results = engines.flatMap((engine) =>
      (engine === 'native' ? precisions : ['auto']).map((p) => ({
        engine,
        r: spawnWorker(engine, level, [...common, '--epoch-images', engine === 'wasm' ? '0' : epochImages], engine === 'wasm' ? wasmIters : iters, profile && engine === 'native', p),
      })),
    );
    let torch: PytorchRow | null = null;
    if (withTorch && torchMissing === null) {
      const t = runPytorch(level, { size, batch, threads, iters, warmup });
      if (typeof t === 'string') {
        torchMissing = t;
        out(`PyTorch baseline unavailable (${t}): printing fedcxr's figures alone`);
      } else torch = t;
    }
    let torchBf16: PytorchRow | null = null;
    if (withTorchBf16 && torch !== null) {
      const t = runPytorch(level, { size, batch, threads, iters, warmup }, 'bf16');
      if (typeof t === 'string') precisionNotes.add(`PyTorch bf16 autocast not measured: ${t}`);
      else torchBf16 = t;
    }
    const prow: PrecisionRow = {
      level, fedcxrBf16: null, fedcxrFp32: null,
      torchFp32: torch ? { forward: torch.forwardSecPerImage, train: torch.trainSecPerImage } : null,
      torchBf16: torchBf16 ? { forward: torchBf16.forwardSecPerImage, train: torchBf16.trainSecPerImage } : null,
    };
    precisionRows.push(prow);
    for (const { engine, r } of results) {
      if (typeof r === 'string') {
        out(`${engine} ${level}: failed (${r})`);
        if (engine === 'native') precisionNotes.add(`fedcxr: ${r}`);
        continue;
      }
      if (engine === 'native' && r.precision) {
        prow[r.precision.precision === 'bf16' ? 'fedcxrBf16' : 'fedcxrFp32'] = { forward: r.forwardSecPerImage, train: r.trainSecPerImage };
        precisionNotes.add(`fedcxr ${r.precision.precision}: ${r.precision.reason}`);
      }
      const row: EngineBenchRow = {
        bench: 'engine', engine, precision: r.precision, level, inputSize: size, batch, threads: r.threads,
        forwardSecPerImage: r.forwardSecPerImage, trainSecPerImage: r.trainSecPerImage,
        forwardCpuSecPerImage: r.forwardCpuSecPerImage, trainCpuSecPerImage: r.trainCpuSecPerImage,
        forwardGflops: (VGG16_FORWARD_GFLOP_224 * (size / 224) ** 2) / r.forwardSecPerImage,
        peakRssMB: r.peakRssMB,
        pytorchForwardSecPerImage: torch?.forwardSecPerImage ?? null,
        pytorchTrainSecPerImage: torch?.trainSecPerImage ?? null,
        pytorchForwardCpuSecPerImage: torch?.forwardCpuSecPerImage ?? null,
        pytorchTrainCpuSecPerImage: torch?.trainCpuSecPerImage ?? null,
        pytorchPeakRssMB: torch?.peakRssMB ?? null,
        pytorchBf16ForwardSecPerImage: torchBf16?.forwardSecPerImage ?? null,
        pytorchBf16TrainSecPerImage: torchBf16?.trainSecPerImage ?? null,
        forwardRatio: torch?.forwardSecPerImage ? r.forwardSecPerImage / torch.forwardSecPerImage : null,
        trainRatio: torch ? r.trainSecPerImage / torch.trainSecPerImage : null,
        epochImages: r.epoch?.images ?? null,
        epochFullSec: r.epoch?.fullSec ?? null,
        epochFillSec: r.epoch?.fillSec ?? null,
        epochWarmSec: r.epoch?.warmSec ?? null,
        pytorchEpochSec: r.epoch && torch ? r.epoch.images * torch.trainSecPerImage : null,
        warmEpochRatio: r.epoch && torch ? r.epoch.warmSec / (r.epoch.images * torch.trainSecPerImage) : null,
        ...(r.kernels ? { kernels: r.kernels } : {}),
      };
      if (r.kernels) kernelsSeen.push(r.kernels);
      rows.push(row);
      if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  }

  out('');
  out('engine  level  fwd s/img  train s/img  torch fwd  torch train  fwd ratio  train ratio  fwd GFLOP/s  cpu-s/img fwd|train (torch)   RSS MB (torch)');
  for (const r of rows) {
    out(
      `${label(r).padEnd(7)} ${r.level.padEnd(5)} ${fmt(r.forwardSecPerImage).padStart(10)} ${fmt(r.trainSecPerImage).padStart(12)} ` +
        `${fmt(r.pytorchForwardSecPerImage).padStart(10)} ${fmt(r.pytorchTrainSecPerImage).padStart(12)} ` +
        `${fmt(r.forwardRatio, 2).padStart(10)} ${fmt(r.trainRatio, 2).padStart(12)} ${fmt(r.forwardGflops, 1).padStart(12)}  ` +
        `${fmt(r.forwardCpuSecPerImage, 2)}|${fmt(r.trainCpuSecPerImage, 2)} (${fmt(r.pytorchForwardCpuSecPerImage, 2)}|${fmt(r.pytorchTrainCpuSecPerImage, 2)})`.padEnd(32) +
        `${fmt(r.peakRssMB, 0).padStart(8)} (${fmt(r.pytorchPeakRssMB, 0)})`,
    );
  }
  const epochs = rows.filter((r) => r.epochImages !== null);
  if (epochs.length > 0) {
    out(`\nlocal-trainer epoch over ${epochs[0]?.epochImages} synthetic images (batch ${batch}), seconds: full model | epoch filling the trunk cache | warm cache;`);
    out("PyTorch's naive epoch = images × its train s/img; ratio = warm / PyTorch naive");
    out('engine  level    full s    fill s    warm s   torch s   warm/torch');
    for (const r of epochs) {
      out(
        `${label(r).padEnd(7)} ${r.level.padEnd(5)} ${fmt(r.epochFullSec, 2).padStart(9)} ${fmt(r.epochFillSec, 2).padStart(9)} ` +
          `${fmt(r.epochWarmSec, 2).padStart(9)} ${fmt(r.pytorchEpochSec, 2).padStart(9)} ${fmt(r.warmEpochRatio, 3).padStart(12)}`,
      );
    }
  }
  if (torchMissing !== null) out(`(no PyTorch baseline: ${torchMissing})`);
  if (precision === 'all') {
    out('');
    for (const line of formatPrecisionTable(precisionRows, [...precisionNotes])) out(line);
  }
  for (const k of kernelsSeen.slice(0, 1)) {
    out('\nnative kernels in one forward + one training step at the first level (tf.profile):');
    out('kernel                    calls   total ms   GFLOP   GFLOP/s');
    for (const e of k) {
      out(`${e.kernel.padEnd(24)} ${String(e.calls).padStart(6)} ${e.ms.toFixed(1).padStart(10)} ${e.gflop > 0 ? e.gflop.toFixed(2).padStart(7) : '      —'} ${e.gflop > 0 ? (e.gflop / (e.ms / 1000)).toFixed(1).padStart(9) : '        —'}`);
    }
  }
}

main();
