import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeChain, formatDoctor, type DoctorReport } from '../../../cli/commands/doctor.js';
import { BACKEND_CHAIN, type EngineInfo } from '../../../shared/engine/index.js';

const run = promisify(execFile);

describe('fedcxr doctor', () => {
  it('prints a JSON report naming a known backend and at least one thread', async () => {
    // Execute
    const { stdout } = await run(process.execPath, ['bin/fedcxr.js', 'doctor', '--json'], {
      env: { ...process.env, FEDCXR_LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    // Assert
    const report = JSON.parse(stdout) as DoctorReport;
    expect(BACKEND_CHAIN).toContain(report.backend);
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.tfjsVersion).toMatch(/^4\.22\./);
    expect(report.chain.map((c) => c.backend)).toEqual([...BACKEND_CHAIN]);
    expect(report.chain.filter((c) => c.status === 'selected').map((c) => c.backend)).toEqual([report.backend]);
    expect(report.cores).toBeGreaterThanOrEqual(1);
    expect(report.node).toBe(process.version);
  });

  it('exits with the unavailable code and names the cause for a missing forced backend', async () => {
    const attempt = run(process.execPath, ['bin/fedcxr.js', 'doctor', '--backend', 'tensorflow-gpu'], {
      env: { ...process.env, FEDCXR_LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    await expect(attempt).rejects.toMatchObject({ code: 6, stderr: expect.stringMatching(/tensorflow-gpu.*tfjs-node-gpu is not installed/) });
  });
});

describe('describeChain', () => {
  it('marks skipped, selected and untried backends', () => {
    // Prepare
    const info: EngineInfo = {
      backend: 'wasm',
      tfBackend: 'wasm',
      tfjsVersion: '4.22.0',
      simd: true,
      threads: 1,
      gpu: false,
      detail: 'x',
      source: 'chain',
      tried: [
        { backend: 'tensorflow-gpu', error: 'not installed' },
        { backend: 'tensorflow', error: 'not installed' },
        { backend: 'fedcxr-native', error: 'addon not built' },
      ],
    };
    // Execute
    const chain = describeChain(info);
    // Assert
    expect(chain.map((c) => c.status)).toEqual(['skipped', 'skipped', 'skipped', 'selected', 'not tried']);
    expect(chain[2]?.reason).toBe('addon not built');
    const text = formatDoctor({ ...info, chain, node: 'v20', platform: 'linux-x64', cores: 2, memory: { totalBytes: 1, freeBytes: 1 } });
    expect(text).toContain('fedcxr-native   skipped: addon not built');
  });
});
