import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExperiment, PRESETS, quickConfig, withSeeds } from '../../../experiments/config.js';
import { checkFolderConfig, jsonDifferences, writeFolderConfig } from '../../../experiments/folder-config.js';
import { ConfigError } from '../../../shared/domain/errors.js';

describe('jsonDifferences', () => {
  it('names each differing leaf by its path, in key order, and skips ignored subtrees', () => {
    expect(jsonDifferences({ b: [1, 2], a: { x: 1, y: 'q' } }, { a: { x: 2, y: 'q' }, b: [1, 3], c: true })).toEqual(['a.x: 1 → 2', 'b: [1,2] → [1,3]', 'c: absent → true']);
    expect(jsonDifferences({ a: { s: [1] }, n: 1 }, { a: { s: [1, 2] }, n: 1 }, ['a.s'])).toEqual([]);
    expect(jsonDifferences(1, 2)).toEqual(['(root): 1 → 2']);
  });
});

describe('checkFolderConfig', () => {
  let dir: string;
  const real = parseExperiment(PRESETS['real']);
  const store = (cfg: unknown) => writeFile(join(dir, 'config.json'), JSON.stringify(cfg));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcxr-folder-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('accepts a new folder, the same config, and more seeds (how --seeds extends a finished run)', async () => {
    await expect(checkFolderConfig(dir, real)).resolves.toBeUndefined();
    await store(real);
    await expect(checkFolderConfig(dir, real)).resolves.toBeUndefined();
    await expect(checkFolderConfig(dir, withSeeds(real, 6))).resolves.toBeUndefined();
  });
  it('reads a folder written before a field existed with that field at its default', async () => {
    const { folds: _folds, ...oldSplit } = real.split;
    await store({ ...real, split: oldSplit });
    await expect(checkFolderConfig(dir, real)).resolves.toBeUndefined();
  });
  it('refuses another config, naming the fields that differ, so old cells are never reused as new ones', async () => {
    await store(real);
    const fewer = { ...real, federated: { ...real.federated, rounds: 5 } };
    const err = await checkFolderConfig(dir, fewer).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/holds cells of another experiment config \(federated\.rounds: 10 → 5\).*use another --out/);
    await expect(checkFolderConfig(dir, quickConfig(real))).rejects.toThrow(/and \d+ more/);
  });
  it('refuses a rerun scored on another --external set, and accepts the same one', async () => {
    await writeFolderConfig(dir, real, 'data/ext-a');
    await expect(checkFolderConfig(dir, real, 'data/ext-a')).resolves.toBeUndefined();
    await expect(checkFolderConfig(dir, real, 'data/ext-b')).rejects.toThrow(/scored with --external data\/ext-a, not data\/ext-b/);
    await expect(checkFolderConfig(dir, real)).rejects.toThrow(/not \(none: the held-out carve\)/);
  });
  it('names a config.json that is not an experiment config', async () => {
    await writeFile(join(dir, 'config.json'), '{"kind": "nope"}');
    await expect(checkFolderConfig(dir, real)).rejects.toThrow(/config\.json is not an experiment config/);
  });
});
