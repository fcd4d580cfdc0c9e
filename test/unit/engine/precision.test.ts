/** The native engine's precision choice: FEDCXR_PRECISION parsing, /proc/cpuinfo flags, and auto's decision. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/domain/errors.js';
import { bf16FlagsFromCpuinfo, choosePrecision, precisionRequest } from '../../../shared/engine/native/precision.js';

const AMX = { isa: 'avx512_core_amx', bf16: true, cpuFlags: ['avx512_bf16', 'amx_bf16', 'amx_tile'] };
const AVX2 = { isa: 'avx2', bf16: false, cpuFlags: [] };

describe('precisionRequest', () => {
  it('defaults to auto, reads FEDCXR_PRECISION, and lets the option win', () => {
    expect(precisionRequest(undefined, {})).toEqual({ requested: 'auto', source: 'default' });
    expect(precisionRequest(undefined, { FEDCXR_PRECISION: ' bf16 ' })).toEqual({ requested: 'bf16', source: 'env' });
    expect(precisionRequest('fp32', { FEDCXR_PRECISION: 'bf16' })).toEqual({ requested: 'fp32', source: 'option' });
  });

  it('rejects an unknown value, naming the variable and the value', () => {
    expect(() => precisionRequest(undefined, { FEDCXR_PRECISION: 'fp16' })).toThrow(ConfigError);
    expect(() => precisionRequest(undefined, { FEDCXR_PRECISION: 'fp16' })).toThrow(/FEDCXR_PRECISION.*fp32, bf16 or auto.*'fp16'/);
  });
});

describe('bf16FlagsFromCpuinfo', () => {
  it('lists the bf16 flags of the first flags line, and none without one', () => {
    const text = 'processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 avx512_bf16 amx_tile amx_int8\nprocessor\t: 1\nflags\t\t: fpu\n';
    expect(bf16FlagsFromCpuinfo(text)).toEqual(['avx512_bf16', 'amx_bf16', 'amx_tile']);
    expect(bf16FlagsFromCpuinfo('flags\t\t: fpu sse avx2 avx512f\n')).toEqual([]);
    expect(bf16FlagsFromCpuinfo('')).toEqual([]);
  });
});

describe('choosePrecision', () => {
  it('auto runs bf16 exactly where oneDNN has native bf16, saying why', () => {
    const onAmx = choosePrecision({ requested: 'auto', source: 'default' }, AMX);
    const onAvx2 = choosePrecision({ requested: 'auto', source: 'default' }, AVX2);
    expect(onAmx).toMatchObject({ precision: 'bf16', requested: 'auto' });
    expect(onAmx.reason).toMatch(/avx512_core_amx has native bf16.*amx_bf16/);
    expect(onAvx2).toMatchObject({ precision: 'fp32', requested: 'auto' });
    expect(onAvx2.reason).toMatch(/avx2 has no native bf16/);
  });

  it('an explicit fp32 holds on a bf16 CPU; an explicit bf16 without it is a ConfigError naming the ISA', () => {
    expect(choosePrecision({ requested: 'fp32', source: 'env' }, AMX)).toMatchObject({ precision: 'fp32', source: 'env' });
    expect(choosePrecision({ requested: 'fp32', source: 'env' }, AMX).reason).toMatch(/forced by FEDCXR_PRECISION/);
    expect(() => choosePrecision({ requested: 'bf16', source: 'env' }, AVX2)).toThrow(ConfigError);
    expect(() => choosePrecision({ requested: 'bf16', source: 'env' }, AVX2)).toThrow(/bf16 \(FEDCXR_PRECISION\).*avx2/);
  });
});
