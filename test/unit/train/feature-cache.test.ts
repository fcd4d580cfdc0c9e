import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initEngine } from '../../../shared/engine/index.js';
import { splitAtLevel } from '../../../shared/model/unfreeze.js';
import { FeatureCache } from '../../../shared/train/feature-cache.js';
import { initModel } from '../../../shared/train/init-model.js';
import { parsePhantomSpec } from '../../../shared/train/data-spec.js';
import { UnavailableError } from '../../../shared/domain/errors.js';
import { tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('FeatureCache', () => {
  it('computes each activation once, then serves memory and disk hits keyed by trunk and level', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedcxr-fc-'));
    try {
      const model = tinyVggLike(1);
      const { frozen, top } = splitAtLevel(model, 'FC');
      const featureShape = top.inputs[0]!.shape.slice(1) as number[];
      const samples = toySamples(6, 1);
      const a = new FeatureCache({ dir });
      const first = await a.features(frozen!, 'trunkA', 'FC', samples, { featureShape });
      const again = await a.features(frozen!, 'trunkA', 'FC', samples, { featureShape });
      expect(first.stats.computed).toBe(6);
      expect(again.stats.memoryHits).toBe(6);
      expect(again.features[3]).toBe(first.features[3]);
      expect((await readdir(dir)).filter((f) => f.endsWith('.f32'))).toHaveLength(6);

      const b = new FeatureCache({ dir });
      const fromDisk = await b.features(frozen!, 'trunkA', 'FC', samples, { featureShape });
      expect(fromDisk.stats.diskHits).toBe(6);
      expect(Array.from(fromDisk.features[2]!)).toEqual(Array.from(first.features[2]!));
      // A different trunk hash or level never reuses an entry.
      expect((await b.features(frozen!, 'trunkB', 'FC', samples, { featureShape })).stats.computed).toBe(6);
      expect(b.key('t', 'FC', samples[0]!.x)).not.toBe(b.key('t', '+B5', samples[0]!.x));
      model.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports whether activations fit the memory budget', () => {
    const c = new FeatureCache({ maxBytes: 1000 });
    expect(c.fits(2, 100)).toBe(true);
    expect(c.fits(3, 100)).toBe(false);
  });
});

describe('CLI inputs', () => {
  it('refuses --init imagenet with a pointer to import-weights (no download possible)', async () => {
    await expect(initModel('imagenet', { seed: 0 })).rejects.toThrow(UnavailableError);
    await expect(initModel('imagenet', { seed: 0 })).rejects.toThrow(/import-weights/);
  });

  it('parses phantom:SITE[:difficulty][:N]', () => {
    expect(parsePhantomSpec('phantom:KM:easy:40')).toEqual({ site: 'KM', difficulty: 'easy', perClass: 40 });
    expect(parsePhantomSpec('phantom:NIOSH')).toEqual({ site: 'NIOSH', difficulty: 'default', perClass: 100 });
    expect(parsePhantomSpec('data/manifest.csv')).toBeNull();
    expect(() => parsePhantomSpec('phantom:KM:weird')).toThrow(/unknown part/);
  });
});
