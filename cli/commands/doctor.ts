/**
 * `fedcxr doctor`: which tfjs engine this machine runs, why the faster ones were skipped, and what the machine offers.
 * The first thing to run at a new site.
 */
import type { Command } from 'commander';
import { availableParallelism, freemem, totalmem } from 'node:os';
import { ConfigError } from '../../shared/domain/errors.js';
import {
  BACKEND_CHAIN,
  WASM_HEAP_LIMIT_BYTES,
  initEngine,
  isBackendName,
  maxBatchThatFits,
  type BackendName,
  type EngineInfo,
} from '../../shared/engine/index.js';

/** One link of the backend chain as doctor reports it. */
export interface ChainEntry {
  readonly backend: BackendName;
  readonly status: 'selected' | 'skipped' | 'not tried';
  readonly reason?: string;
}

/** Everything `fedcxr doctor --json` prints. */
export interface DoctorReport extends EngineInfo {
  readonly chain: readonly ChainEntry[];
  readonly node: string;
  readonly platform: string;
  readonly cores: number;
  readonly memory: { readonly totalBytes: number; readonly freeBytes: number };
  /** On wasm: the heap cap and the largest VGG16 batch per level at 224 px. */
  readonly wasm?: { readonly heapLimitBytes: number; readonly maxBatchAt224: Record<string, number> };
}

/** The chain with each backend's fate (pure). */
export function describeChain(info: EngineInfo): ChainEntry[] {
  return BACKEND_CHAIN.map((backend): ChainEntry => {
    if (backend === info.backend) {
      if (info.source === 'chain') return { backend, status: 'selected' };
      return { backend, status: 'selected', reason: `forced by ${info.source === 'env' ? 'FEDCXR_BACKEND' : '--backend'}` };
    }
    const tried = info.tried.find((t) => t.backend === backend);
    return tried ? { backend, status: 'skipped', reason: tried.error } : { backend, status: 'not tried' };
  });
}

/** Collects the doctor report after selecting the engine. */
export async function doctorReport(opts: { backend?: BackendName; threads?: number }): Promise<DoctorReport> {
  const info = await initEngine(opts);
  const levels = ['FC', '+B5', '+B4', '+B3', '+B2', '+B1'] as const;
  const wasm =
    info.backend === 'wasm'
      ? {
          heapLimitBytes: WASM_HEAP_LIMIT_BYTES,
          maxBatchAt224: Object.fromEntries(levels.map((l) => [l, maxBatchThatFits(224, l)])),
        }
      : undefined;
  return {
    ...info,
    chain: describeChain(info),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cores: availableParallelism(),
    memory: { totalBytes: totalmem(), freeBytes: freemem() },
    ...(wasm ? { wasm } : {}),
  };
}

const GB = 1024 ** 3;

/** Human-readable rendering of the report. */
export function formatDoctor(r: DoctorReport): string {
  const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
  const lines = [
    `engine    ${r.backend}${r.source === 'chain' ? '' : ` (forced by ${r.source === 'env' ? 'FEDCXR_BACKEND' : '--backend'})`}`,
    `detail    ${r.detail}`,
    ...(r.precision ? [`precision ${r.precision.precision} (${r.precision.reason})`] : []),
    `tfjs      ${r.tfjsVersion}`,
    `SIMD      ${yesNo(r.simd)}`,
    `threads   ${r.threads}${r.backend === 'wasm' ? ' (tfjs wasm is single-threaded in Node)' : ''}`,
    `GPU       ${r.gpu ? 'yes (tfjs-node-gpu)' : 'no (see docs/engine.md to install @tensorflow/tfjs-node-gpu@4.22.0)'}`,
    'chain',
    ...r.chain.map((c) => `  ${c.backend.padEnd(15)} ${c.status}${c.reason ? `: ${c.reason}` : ''}`),
    `node      ${r.node} (${r.platform})`,
    `cores     ${r.cores}`,
    `memory    ${(r.memory.totalBytes / GB).toFixed(1)} GB total, ${(r.memory.freeBytes / GB).toFixed(1)} GB free`,
  ];
  if (r.wasm) {
    const fits = Object.entries(r.wasm.maxBatchAt224).map(([level, b]) => `${level} ≤ ${b}`).join(', ');
    lines.push(`wasm heap ${(r.wasm.heapLimitBytes / GB).toFixed(0)} GB cap; VGG16 batch at 224: ${fits}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Registers `fedcxr doctor`. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('show the tfjs engine in use (and why faster ones were skipped), threads, SIMD, GPU, machine')
    .option('--json', 'print the report as JSON')
    .option('--backend <name>', `force a backend: ${BACKEND_CHAIN.join(' | ')}`)
    .option('--threads <n>', 'threads for backends that use several', (v) => Number(v))
    .action(async (opts: { json?: boolean; backend?: string; threads?: number }) => {
      if (opts.backend !== undefined && !isBackendName(opts.backend)) {
        throw new ConfigError(`--backend ${opts.backend} is not a backend; use one of ${BACKEND_CHAIN.join(', ')}`);
      }
      const report = await doctorReport({
        ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
        ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
    });
}
