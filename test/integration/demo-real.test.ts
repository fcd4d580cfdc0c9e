import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoSample } from '../../experiments/demo-sample.js';
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
    const r = await runRealDemo({ sampleDir: 'data/demo', method: 'fedavg', rounds: 1, localEpochs: 1, seed: 7, log: (l) => lines.push(l) });
    const models = new Set(r.rows.map((x) => x.model));
    expect(models).toEqual(new Set(['gz alone', 'nihcc alone', 'mixed alone', 'pooled gz+nihcc', 'pooled (all sites)', 'fedavg', 'fedavg+finetune', 'fedavg+ensemble']));
    // personalisation (fine-tune, ensemble) only at the two-class site
    expect(new Set(r.rows.filter((x) => /\+(finetune|ensemble)$/.test(x.model)).map((x) => x.site))).toEqual(new Set(['mixed']));
    const mixed = r.rows.filter((x) => x.site === 'mixed');
    for (const x of mixed) expect(x.auc).toMatch(/^[01]\.\d{3} \([01]\.\d{3}–[01]\.\d{3}\)$/);
    for (const x of r.rows.filter((y) => y.site !== 'mixed')) expect(x.auc).toBe('n/a');
    expect(lines.join('\n')).toContain('real X-rays');
  }, 900_000);

  it.skipIf(!hasData)(hasData ? 'is reproduced exactly by --write-sample from ../shared/data' : missingDataMessage('kermany/train and nih1000'), async () => {
    await writeDemoSample(dir);
    expect(readFileSync(join(dir, 'manifest.csv'), 'utf8')).toBe(readFileSync('data/demo/manifest.csv', 'utf8'));
    const files = readFileSync('data/demo/manifest.csv', 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0] as string);
    expect(files.length).toBe(184);
    expect(files.filter((f) => !readFileSync(join(dir, f)).equals(readFileSync(join('data/demo', f))))).toEqual([]);
  }, 900_000);
});
