import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCarve, DEMO_SOURCES, writeDemoSample } from '../../experiments/demo-sample.js';
import { allOf } from '../../experiments/carve.js';
import { parseExperiment, PRESETS } from '../../experiments/config.js';
import { realCarves } from '../../experiments/sites.js';
import { readManifest as readCheckpointManifest } from '../../shared/model/checkpoint.js';
import { RELATED_CHECKPOINT_DIR } from '../../shared/model/pretrained.js';
import { runRealDemo } from '../../experiments/demo-real.js';
import { initEngine } from '../../shared/engine/index.js';
import { missingDataMessage, sharedDataDir } from '../helpers/shared-data.js';

const hasData = sharedDataDir('kermany/train') !== null && sharedDataDir('nih1000') !== null;
let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-demo-real-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fedcxr demo on the embedded real sample', () => {
  it('scores every model on every site with CIs, AUC only where both classes are', async () => {
    const lines: string[] = [];
    const r = await runRealDemo({ sampleDir: 'data/demo', init: 'related', level: 'FC', learningRate: 3e-4, serverRate: 1e-3, method: 'fedavg', rounds: 1, localEpochs: 1, seed: 7, log: (l) => lines.push(l) });
    const models = new Set(r.rows.map((x) => x.model));
    expect(models).toEqual(new Set(['before training (init)', 'gz alone', 'nihcc alone', 'mixed alone', 'pooled gz+nihcc', 'pooled (all sites)', 'fedavg', 'fedavg+finetune', 'fedavg+ensemble']));
    // personalisation (fine-tune, ensemble) only at the two-class site, and on the held-out carve of its institution
    expect(new Set(r.rows.filter((x) => /\+(finetune|ensemble)$/.test(x.model)).map((x) => x.site))).toEqual(new Set(['mixed', 'heldout']));
    const mixed = r.rows.filter((x) => x.site === 'mixed');
    for (const x of mixed) expect(x.auc).toMatch(/^[01]\.\d{3} \([01]\.\d{3}–[01]\.\d{3}\)$/);
    for (const x of r.rows.filter((y) => y.site !== 'mixed' && y.site !== 'heldout')) expect(x.auc).toBe('n/a');
    // The held-out carve of mixed's institution: every model that serves mixed is scored there, with both classes.
    const held = r.rows.filter((x) => x.site === 'heldout');
    expect(new Set(held.map((x) => x.model))).toEqual(new Set(['before training (init)', 'gz alone', 'nihcc alone', 'mixed alone', 'pooled gz+nihcc', 'pooled (all sites)', 'fedavg', 'fedavg+finetune', 'fedavg+ensemble']));
    for (const x of held) {
      expect(x.n).toBe(120);
      expect(x.auc).toMatch(/^[01]\.\d{3} \([01]\.\d{3}–[01]\.\d{3}\)$/);
    }
    // Each model against mixed alone and pooled gz+nihcc on the same images; a reference is not compared with itself.
    const fed = r.comparisons.find((c) => c.model === 'fedavg+ensemble');
    expect(Object.keys(fed?.against ?? {}).sort()).toEqual(['mixed alone', 'pooled gz+nihcc']);
    expect(Object.keys(r.comparisons.find((c) => c.model === 'mixed alone')?.against ?? {})).toEqual(['pooled gz+nihcc']);
    for (const c of r.comparisons) for (const e of Object.values(c.against)) expect(e.lo as number).toBeLessThanOrEqual(e.hi as number);
    expect(lines.join('\n')).toContain('real X-rays');
    expect(lines.join('\n')).toContain('paired AUC difference on the heldout images');
  }, 900_000);

  it('starts from the committed related init, which the real preset pretrained on its own nih1000 carve', async () => {
    const m = await readCheckpointManifest(RELATED_CHECKPOINT_DIR);
    const cfg = parseExperiment(PRESETS.real);
    const p = cfg.pretrain.related;
    expect(m.provenance.source).toBe('experiment:real/pretrain/related');
    // The carve the sample avoids (below) is the preset's: same seed, same sizes.
    expect(m.provenance.notes).toContain(`seed ${cfg.train.seed}:`);
    expect(m.provenance.notes).toContain(`${p.perClass} + ${p.perClass} train, ${p.valPerClass} + ${p.valPerClass} validation images, ${cfg.inputSize} px`);
    expect(m.config.inputSize).toBe(64);
  });

  it.skipIf(!hasData)(hasData ? 'holds no patient of any pretraining carve (the related init\'s included)' : missingDataMessage('kermany/train and nih1000'), async () => {
    const carves = await realCarves(parseExperiment({ ...(PRESETS.real as object), data: DEMO_SOURCES }));
    const patients = (m: typeof carves.nih) => new Set([...m].filter(([k]) => k.startsWith('pretrain')).flatMap(([, v]) => allOf(v).map((e) => e.patient)));
    const related = patients(carves.nih);
    const pneumonia = patients(carves.kermany);
    expect(related.size).toBeGreaterThan(100);
    const sample = await demoCarve();
    expect(sample.nihcc.length).toBe(70);
    expect(sample.nihcc.filter((e) => related.has(e.patient))).toEqual([]);
    expect([...sample.gz, ...sample.mixed, ...sample.heldout].filter((e) => pneumonia.has(e.patient))).toEqual([]);
    // The held-out carve shares no patient with any carve of the experiment (sites, tuning, held-out set) nor with
    // the demo's own sites: nothing that trained, tuned or chose the demo's settings has seen it.
    const everyKermany = new Set([...carves.kermany.values()].flatMap((v) => allOf(v).map((e) => e.patient)));
    expect(everyKermany.size).toBeGreaterThan(500);
    expect(sample.heldout.length).toBe(120);
    expect(sample.heldout.filter((e) => everyKermany.has(e.patient))).toEqual([]);
    const sites = new Set([...sample.gz, ...sample.mixed].map((e) => e.patient));
    expect(sample.heldout.filter((e) => sites.has(e.patient))).toEqual([]);
  }, 120_000);

  it.skipIf(!hasData)(hasData ? 'is reproduced exactly by --write-sample from ../shared/data' : missingDataMessage('kermany/train and nih1000'), async () => {
    await writeDemoSample(dir);
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(readFileSync('data/demo/manifest.csv', 'utf8'));
    const files = readFileSync('data/demo/manifest.csv', 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0] as string);
    expect(files.length).toBe(304);
    expect(files.filter((f) => !readFileSync(join(dir, f)).equals(readFileSync(join('data/demo', f))))).toEqual([]);
  }, 900_000);
});
