import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../cli/exit-codes.js';
import { initEngine } from '../../../shared/engine/index.js';
import { runCli } from './run-cli.js';

beforeAll(async () => {
  await initEngine();
});

describe('fedcxr demo and experiment options', () => {
  it('runs the synthetic demo for its default 6 rounds when --rounds is not given', async () => {
    const r = await runCli(['demo', '--synthetic', '--input-size', '32', '--local-epochs', '1', '--no-local-baseline', '--json']);
    expect(r.stderr).not.toMatch(/ConfigError/);
    expect(r.code).toBe(ExitCode.ok);
    const result = JSON.parse(r.stdout) as { rounds: unknown[] };
    expect(result.rounds).toHaveLength(6);
  }, 300_000);

  it('refuses an unknown demo init and a bad --export-init by name, before any work', async () => {
    const bad = await runCli(['demo', '--init', 'imagenet']);
    expect(bad.code).toBe(ExitCode.config);
    expect(bad.stderr).toContain('--init must be one of related, pneumonia, got imagenet');
    const unknown = await runCli(['experiment', '--out', 'runs/none', '--export-init', 'random', '--to', 'x']);
    expect(unknown.stderr).toContain('--export-init must be one of related, pneumonia, got random');
    const noDest = await runCli(['experiment', '--out', 'runs/none', '--export-init', 'related']);
    expect(noDest.stderr).toContain('--export-init needs --to DIR');
  });
});
