import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../../cli/exit-codes.js';
import { register } from '../../../cli/commands/model.js';
import { ConfigError } from '../../../shared/domain/errors.js';
import type { ModelSummary } from '../../../shared/model/summary.js';
import { UNFREEZE_LEVELS } from '../../../shared/domain/levels.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/fedcxr.js', import.meta.url));

/** Runs the CLI; resolves with exit code and output whatever the code. */
async function fedcxr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, FEDCXR_LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('fedcxr model', () => {
  it('--json reports 14,714,688 trunk parameters and strictly growing trainable counts FC < … < +B1', async () => {
    const { code, stdout } = await fedcxr('model', '--json');
    expect(code).toBe(0);
    const s = JSON.parse(stdout) as ModelSummary;
    expect(s.totals.trunkParams).toBe(14_714_688);
    expect(s.config.inputSize).toBe(224);
    const byLevel = UNFREEZE_LEVELS.map((l) => s.totals.trainableByLevel[l]);
    for (let i = 1; i < byLevel.length; i++) expect(byLevel[i]).toBeGreaterThan(byLevel[i - 1] ?? Infinity);
    expect(s.totals.trainableByLevel['+B1']).toBe(s.totals.totalParams);
    expect(s.totals.trainableByLevel.FC).toBe(s.totals.headParams);
    expect(s.layers.find((l) => l.name === 'block5_conv3')).toMatchObject({ params: 2_359_808, trainable: false, block: 5 });
    expect(s.layers.reduce((n, l) => n + l.params, 0)).toBe(s.totals.totalParams);
  });

  // The remaining cases run the same command in-process: each CLI child costs seconds of tsx start-up.
  it('--level marks what trains and prints a human table with totals', async () => {
    const stdout = await runInProcess('model', '--level', '+B5', '--input-size', '32', '--units', '64');
    expect(stdout).toMatch(/block5_conv1\s+Conv2D\s+2×2×512\s+2,359,808\s+yes/);
    expect(stdout).toMatch(/block4_conv3\s+Conv2D\s+4×4×512\s+2,359,808\s+frozen/);
    expect(stdout).toMatch(/trunk params\s+14,714,688/);
    expect(stdout).toMatch(/head_dense_1\s+Dense\s+64\s+32,832\s+yes/);
  });

  it('rejects an unknown level and a too-small input with ConfigError (exit code 3)', async () => {
    const level = await runInProcess('model', '--level', 'B9').catch((e: unknown) => e);
    expect(level).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(level)).toBe(3);
    expect((level as Error).message).toMatch(/unknown unfreeze level 'B9'/);
    await expect(runInProcess('model', '--input-size', '16', '--json')).rejects.toThrow(/at least 32/);
  });
});

/** Runs `fedcxr <args>` in this process with the real command registration; returns what it wrote to stdout. */
async function runInProcess(...args: string[]): Promise<string> {
  const program = new Command('fedcxr').exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'fedcxr', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
