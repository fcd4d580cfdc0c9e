import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../experiments/config.js';
import { runExperiment } from '../../experiments/runner.js';
import { initEngine } from '../../shared/engine/index.js';
import { missingDataMessage, sharedDataDir } from '../helpers/shared-data.js';

const data = sharedDataDir('kermany/train') !== null && sharedDataDir('nih1000') !== null;

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-exp-real-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fedcxr experiment --preset real --quick', () => {
  it.skipIf(!data)(data ? 'starts each seed of the comparison from its own pretrained init, beside the run\'s own for tuning' : missingDataMessage('kermany/train and nih1000'), async () => {
    // Prepare: the real preset, shrunk to its comparison (two seeds, one method); ../shared/data is read, never written
    const quick = await resolveExperiment({ preset: 'real', quick: true });
    const config = { ...quick, sweep: { ...quick.sweep, enabled: false }, cross: { ...quick.cross, enabled: false }, federated: { ...quick.federated, seeds: [1, 2], methods: ['fedavg' as const] } };
    expect(config.federated.initPerSeed).toBe(true);
    // Execute
    const run = await runExperiment({ config, out: dir, command: 'test', engine: 'test' });
    // Assert: one pretraining per seed beside the run's own, each its own weights
    const inits = ['related', 'related-s1', 'related-s2'].map((n) => readFileSync(join(dir, 'inits', `${n}.bin`)));
    expect(inits[0]!.equals(inits[1]!)).toBe(false);
    expect(inits[1]!.equals(inits[2]!)).toBe(false);
    // the untrained init scored on each seed's folds is that seed's own: its scores on the held-out carve differ
    type Evals = { model: string; evalOn: string; scores: number[] }[];
    const cell = (name: string) => (JSON.parse(readFileSync(join(dir, 'cells', `${name}.json`), 'utf8')) as { value: { evals: Evals } }).value.evals;
    const heldOut = (seed: number) => cell(`central_related_study_s${seed}_init`).find((e) => e.evalOn === 'external')!.scores;
    expect(heldOut(1)).not.toEqual(heldOut(2));
    const md = readFileSync(run.reportPath, 'utf8');
    expect(md).toMatch(/\| init related \| related validation carve \| \d+ \|/);
    expect(md).toMatch(/\| init related, one per seed \| related validation carve \| \d+ \|/);
    expect(md).toContain('## Goal check');
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { synthetic: boolean; rows: { auc: { value: number | null } }[] };
    expect(json.synthetic).toBe(false);
    for (const r of json.rows) if (r.auc.value !== null) expect(r.auc.value).toBeGreaterThanOrEqual(0);
  }, 900_000);
});
