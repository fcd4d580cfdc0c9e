import { describe, expect, it } from 'vitest';
import { allOf, carveDisjoint, sharedPatients } from '../../../experiments/carve.js';
import { parseExperiment, PRESETS } from '../../../experiments/config.js';
import { realCarveRequests, REAL_LABEL_MAP } from '../../../experiments/sites.js';
import { mapLabel, readManifest } from '../../../shared/data/manifest.js';
import { missingDataMessage, sharedDataDir } from '../../helpers/shared-data.js';

const kermany = sharedDataDir('kermany/train');
const nih = sharedDataDir('nih1000');

describe('carveDisjoint', () => {
  it('never gives a patient to two requests, even a patient with images of both classes', () => {
    // Prepare: 40 patients, 3 images each; every 4th patient has one image of the other class
    const items = Array.from({ length: 40 }, (_, p) =>
      [0, 1, 2].map((k) => ({ patient: `p${p}`, y: ((p % 2) ^ (p % 4 === 0 && k === 2 ? 1 : 0)) as 0 | 1, id: `${p}-${k}` })),
    ).flat();
    // Execute
    const out = carveDisjoint(items, [
      { name: 'a', spec: { train: { 0: 10, 1: 10 } } },
      { name: 'b', spec: { train: { 0: 0, 1: 12 } } },
      { name: 'c', spec: { train: { 0: 6, 1: 6 }, val: { 0: 3, 1: 3 } } },
    ], 5);
    // Assert: exact counts, and no shared patient across the three subsets
    expect(allOf(out.get('a')!).length).toBe(20);
    expect(allOf(out.get('b')!).filter((x) => x.y === 1).length).toBe(12);
    expect(sharedPatients(new Map([...out].map(([k, v]) => [k, allOf(v)])))).toEqual([]);
  });

  it('throws naming the class when a request cannot be filled', () => {
    const items = Array.from({ length: 6 }, (_, p) => ({ patient: `p${p}`, y: 0 as const }));
    expect(() => carveDisjoint(items, [{ name: 'x', spec: { train: { 0: 4, 1: 0 } } }, { name: 'y', spec: { train: { 0: 4, 1: 0 } } }], 1)).toThrow(/class 0/);
  });
});

describe('the real preset carves', () => {
  it.skipIf(!kermany || !nih)(kermany && nih ? 'share no patient between any site, pretraining set, the tuning carve and the held-out carve' : missingDataMessage('kermany/train and nih1000'), async () => {
    const cfg = parseExperiment(PRESETS.real);
    const req = realCarveRequests(cfg);
    const withY = (es: Awaited<ReturnType<typeof readManifest>>) => es.map((e) => ({ ...e, y: mapLabel(e.label, REAL_LABEL_MAP, e.where) }));
    const km = carveDisjoint(withY(await readManifest(cfg.data.kermany)), req.kermany, cfg.train.seed);
    const nh = carveDisjoint(withY(await readManifest(cfg.data.nih1000)), req.nih, cfg.train.seed + 1);
    const subsets = new Map([...km, ...nh].map(([k, v]) => [k, allOf(v).map((e) => ({ patient: `${e.institution}:${e.patient}` }))]));
    expect([...subsets.keys()].sort()).toEqual(['gz', 'holdout', 'mixed', 'mixedScaled', 'nihcc', 'pretrain-pneumonia', 'pretrain-related', 'tune']);
    expect(sharedPatients(subsets)).toEqual([]);
    // label skew as the study: gz disease only, nihcc normals only, mixed both
    expect(new Set(allOf(km.get('gz')!).map((e) => e.y))).toEqual(new Set([1]));
    expect(new Set(allOf(nh.get('nihcc')!).map((e) => e.y))).toEqual(new Set([0]));
    expect(allOf(km.get('mixed')!).filter((e) => e.y === 0).length).toBe(23);
    expect(allOf(km.get('mixed')!).filter((e) => e.y === 1).length).toBe(28);
  });
});
