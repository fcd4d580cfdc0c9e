/**
 * `fedcxr doctor` reports the native engine's precision, and a CPU without bf16 changes nothing: oneDNN is capped
 * at AVX2 (DNNL_MAX_CPU_ISA) to stand in for such a CPU, which works on any x86 machine with the addon.
 */
import { execFile } from 'node:child_process';
import { arch } from 'node:os';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../cli/commands/doctor.js';
import { tryNative } from './helpers.js';

const run = promisify(execFile);
const native = await tryNative();
const why = native.info === undefined ? native.why : arch() !== 'x64' ? 'DNNL_MAX_CPU_ISA=AVX2 needs an x86-64 CPU' : '';

/** Runs `fedcxr doctor` on the native engine with extra environment. */
function doctor(env: Record<string, string>, json = true): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/fedcxr.js', 'doctor', '--backend', 'fedcxr-native', ...(json ? ['--json'] : [])], {
    env: { ...process.env, FEDCXR_LOG_LEVEL: 'silent', FEDCXR_PRECISION: '', ...env },
    timeout: 60_000,
  });
}

describe.skipIf(why !== '')('fedcxr doctor: native precision', () => {
  it('on a CPU without bf16, auto keeps fp32 and says why', async () => {
    // Execute
    const { stdout } = await doctor({ DNNL_MAX_CPU_ISA: 'AVX2' });

    // Assert
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.precision).toMatchObject({ precision: 'fp32', requested: 'auto', source: 'default' });
    expect(report.precision?.reason).toMatch(/oneDNN ISA avx2 has no native bf16/);
  });

  it('refuses FEDCXR_PRECISION=bf16 on a CPU without bf16 with a configuration error, not a silent fallback', async () => {
    const attempt = doctor({ DNNL_MAX_CPU_ISA: 'AVX2', FEDCXR_PRECISION: 'bf16' });
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringMatching(/ConfigError: precision bf16 \(FEDCXR_PRECISION\).*avx2/) });
  });

  it('prints the precision line in the human report', async () => {
    const { stdout } = await doctor({ FEDCXR_PRECISION: 'fp32' }, false);
    expect(stdout).toMatch(/^precision fp32 \(forced by FEDCXR_PRECISION/m);
  });
});
