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
    expect(models).toEqual(new Set(['gz alone', 'nihcc alone', 'mixed alone', 'pooled gz+nihcc', 'pooled (all sites)', 'fedavg', 'fedavg+finetune', 'fedavg+ensemble']));
    // personalisation (fine-tune, ensemble) only at the two-class site
    expect(new Set(r.rows.filter((x) => /\+(finetune|ensemble)$/.test(x.model)).map((x) => x.site))).toEqual(new Set(['mixed']));
    const mixed = r.rows.filter((x) => x.site === 'mixed');
    for (const x of mixed) expect(x.auc).toMatch(/^[01]\.\d{3} \([01]\.\d{3}–[01]\.\d{3}\)$/);
    for (const x of r.rows.filter((y) => y.site !== 'mixed')) expect(x.auc).toBe('n/a');
    expect(lines.join('\n')).toContain('real X-rays');
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
    expect([...sample.gz, ...sample.mixed].filter((e) => pneumonia.has(e.patient))).toEqual([]);
  }, 120_000);

  it.skipIf(!hasData)(hasData ? 'is reproduced exactly by --write-sample from ../shared/data' : missingDataMessage('kermany/train and nih1000'), async () => {
    await writeDemoSample(dir);
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(readFileSync('data/demo/manifest.csv', 'utf8'));
    const files = readFileSync('data/demo/manifest.csv', 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0] as string);
    expect(files.length).toBe(184);
    expect(files.filter((f) => !readFileSync(join(dir, f)).equals(readFileSync(join('data/demo', f))))).toEqual([]);
  }, 900_000);
});
