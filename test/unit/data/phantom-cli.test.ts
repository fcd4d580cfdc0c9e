import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../../cli/commands/phantom.js';
import { ConfigError } from '../../../shared/domain/errors.js';

function program(): Command {
  const p = new Command('fedcxr').exitOverride();
  register(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fedcxr phantom', () => {
  it('writes PNGs, a synthetic manifest and a JSON result', async () => {
    // Prepare
    const out = await mkdtemp(join(tmpdir(), 'fedcxr-phantom-cli-'));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      written.push(String(s));
      return true;
    });
    try {
      // Execute
      await program().parseAsync(['node', 'fedcxr', 'phantom', '--site', 'KM', '--n-normal', '3', '--n-disease', '2', '--out', out, '--size', '32', '--seed', '5', '--difficulty', 'easy', '--json']);
      // Assert
      const result = JSON.parse(written.join('')) as { synthetic: boolean; site: string; counts: Record<string, Record<string, number>> };
      expect(result.synthetic).toBe(true);
      expect(result.site).toBe('KM');
      const total = Object.values(result.counts).reduce((n, c) => n + (c['0'] ?? 0) + (c['1'] ?? 0), 0);
      expect(total).toBe(5);
      expect((await readdir(join(out, 'NORMAL'))).length).toBe(3);
      expect((await readdir(join(out, 'PNEUMOCONIOSIS'))).length).toBe(2);
      expect((await readFile(join(out, 'manifest.csv'), 'utf8')).trim().split('\n').slice(1).every((l) => l.endsWith(',true'))).toBe(true);
      expect(JSON.parse(await readFile(join(out, 'phantom.json'), 'utf8'))).toMatchObject({ synthetic: true, difficulty: 'easy', size: 32 });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a ConfigError', async () => {
    const args = ['node', 'fedcxr', 'phantom', '--site', 'KM', '--n-normal', '1', '--n-disease', '1', '--out', '/nonexistent-never-written'];
    await expect(program().parseAsync([...args, '--difficulty', 'brutal'])).rejects.toThrow(ConfigError);
    await expect(program().parseAsync([...args, '--disease', 'flu'])).rejects.toThrow('--disease must be pneumoconiosis or pneumonia');
    await expect(program().parseAsync([...args.slice(0, 6), '-2', ...args.slice(7)])).rejects.toThrow();
  });
});
