/**
 * Compute precision of the native engine's convolutions and matmuls: fp32, or bf16 operands with fp32
 * accumulation and fp32 outputs (weights, activations, gradients and Adam state stay fp32 tensors).
 * `auto` picks bf16 exactly when oneDNN's effective ISA has native bf16 dot products (AVX512-BF16 / AMX-BF16).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../domain/errors.js';

/** A precision the native engine can run. */
export type NativePrecision = 'fp32' | 'bf16';

/** What may be asked for: a precision, or `auto` (bf16 where the CPU has it). */
export type PrecisionRequest = NativePrecision | 'auto';

/** What the CPU offers, as the addon and /proc/cpuinfo report it. */
export interface CpuPrecisionSupport {
  /** oneDNN's effective ISA, e.g. "avx512_core_amx" (honours DNNL_MAX_CPU_ISA). */
  readonly isa: string;
  /** Whether that ISA has native bf16 dot products (avx512_core_bf16 or better). */
  readonly bf16: boolean;
  /** The CPU's bf16-related flags from /proc/cpuinfo (avx512_bf16, amx_bf16, amx_tile); empty if unknown. */
  readonly cpuFlags: readonly string[];
}

/** The precision chosen, what was asked and why. */
export interface PrecisionChoice {
  /** The precision the kernels run. */
  readonly precision: NativePrecision;
  /** What was asked for. */
  readonly requested: PrecisionRequest;
  /** Where the request came from. */
  readonly source: 'option' | 'env' | 'default';
  /** Human-readable reason, e.g. "auto: oneDNN ISA avx512_core_amx has native bf16 (CPU flags: avx512_bf16 amx_bf16)". */
  readonly reason: string;
}

const REQUESTS: readonly PrecisionRequest[] = ['fp32', 'bf16', 'auto'];

/** CPU flags that matter for bf16, in the order /proc/cpuinfo lists them. */
export const BF16_CPU_FLAGS = ['avx512_bf16', 'amx_bf16', 'amx_tile'] as const;

/** The requested precision from the option or FEDCXR_PRECISION (default auto); throws ConfigError on a bad value. */
export function precisionRequest(
  option: PrecisionRequest | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { requested: PrecisionRequest; source: PrecisionChoice['source'] } {
  if (option !== undefined) {
    if (!REQUESTS.includes(option)) throw new ConfigError(`precision must be fp32, bf16 or auto, got '${String(option)}'`);
    return { requested: option, source: 'option' };
  }
  const raw = env.FEDCXR_PRECISION?.trim();
  if (!raw) return { requested: 'auto', source: 'default' };
  if (!(REQUESTS as readonly string[]).includes(raw)) {
    throw new ConfigError(`FEDCXR_PRECISION must be fp32, bf16 or auto, got '${raw}'`);
  }
  return { requested: raw as PrecisionRequest, source: 'env' };
}

/** The bf16-related flags in the first `flags` line of /proc/cpuinfo text (pure). */
export function bf16FlagsFromCpuinfo(cpuinfo: string): string[] {
  const line = cpuinfo.split('\n').find((l) => /^flags\s*:/.test(l));
  if (line === undefined) return [];
  const flags = new Set(line.slice(line.indexOf(':') + 1).trim().split(/\s+/));
  return BF16_CPU_FLAGS.filter((f) => flags.has(f));
}

/** The bf16-related flags of this CPU (empty where /proc/cpuinfo is absent, e.g. macOS). */
export function cpuBf16Flags(): string[] {
  try {
    return bf16FlagsFromCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return [];
  }
}

/**
 * Decides the precision (pure). Throws ConfigError when bf16 is asked for explicitly on a CPU whose oneDNN ISA has
 * no native bf16 (emulated bf16 would be slower than fp32, so it is never chosen silently).
 */
export function choosePrecision(
  request: { requested: PrecisionRequest; source: PrecisionChoice['source'] },
  cpu: CpuPrecisionSupport,
): PrecisionChoice {
  const { requested, source } = request;
  const flags = `CPU flags: ${cpu.cpuFlags.length > 0 ? cpu.cpuFlags.join(' ') : 'no bf16 flags'}`;
  const by = source === 'env' ? 'FEDCXR_PRECISION' : source === 'option' ? 'option' : 'default';
  if (requested === 'bf16' && !cpu.bf16) {
    throw new ConfigError(
      `precision bf16 (${by}) needs a CPU with AVX512-BF16 or AMX-BF16; oneDNN runs ${cpu.isa} here (${flags}). ` +
        'Use FEDCXR_PRECISION=fp32 or auto',
    );
  }
  if (requested !== 'auto') return { precision: requested, requested, source, reason: `forced by ${by} (oneDNN ISA ${cpu.isa}; ${flags})` };
  return cpu.bf16
    ? { precision: 'bf16', requested, source, reason: `auto: oneDNN ISA ${cpu.isa} has native bf16 (${flags})` }
    : { precision: 'fp32', requested, source, reason: `auto: oneDNN ISA ${cpu.isa} has no native bf16 (${flags})` };
}
