import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExternal } from '../../../experiments/runner.js';
import { ConfigError } from '../../../shared/domain/errors.js';

/** Two real X-rays per class from the embedded demo sample, as a hospital would export a test set: one folder per class. */
const PICKS = { NORMAL: ['mixed/000-n.png', 'mixed/001-n.png'], PNEUMONIA: ['mixed/020-d.png', 'mixed/022-d.png'] };

describe('--external DIR', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcxr-external-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads class folders into labelled samples at the experiment input size', async () => {
    for (const [label, files] of Object.entries(PICKS)) {
      await mkdir(join(dir, label));
      for (const f of files) await copyFile(join('data/demo', f), join(dir, label, f.replace('/', '-')));
    }
    const samples = await loadExternal(dir, 32);
    expect(samples.map((s) => s.y).sort()).toEqual([0, 0, 1, 1]);
    expect(samples.every((s) => s.x.length === 32 * 32 * 3)).toBe(true);
  });
  it('refuses a set with no usable image, naming it', async () => {
    await mkdir(join(dir, 'NORMAL'));
    const err = await loadExternal(dir, 32).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(dir);
  });
});
