import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredCell } from '../../../experiments/aggregate.js';
import { TUNE_SET, tuneKey } from '../../../experiments/budget.js';
import { parseExperiment } from '../../../experiments/config.js';
import { writeReport } from '../../../experiments/report.js';

const cfg = parseExperiment({ name: 't', kind: 'paper', tune: { levels: ['FC'], learningRates: [1e-3, 3e-3] }, resamples: 100 });
/** A tuning cell of the pooled arm at FC with learning rate `lr`, scored on the tuning carve. */
const tuneCell = (lr: number, scores: number[]): StoredCell => ({
  key: tuneKey('central', 'random', { level: 'FC', learningRate: lr }),
  meta: { section: 'tune', init: 'random', level: 'FC', learningRate: lr, method: 'central' },
  result: { evals: [{ model: `pooled (all sites) FC lr ${lr}`, evalOn: TUNE_SET, labels: [0, 1, 0, 1], scores, threshold: 0.5 }], probes: [], seconds: 1 },
});

describe('the report flags collapsed models', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcxr-report-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('marks a tuning row whose scores collapsed, so its residue AUC is not read as a better budget passed over', async () => {
    // lr 0.001 ranks 3 of 4 pairs (AUC 0.75); lr 0.003 "ranks" perfectly on residue 1e-5 apart (collapsed)
    const cells = [tuneCell(1e-3, [0.2, 0.7, 0.6, 0.4]), tuneCell(3e-3, [0.5, 0.50001, 0.5, 0.50001])];
    const sites = { synthetic: true, bySize: new Map(), pretrain: new Map(), tune: [], holdout: [], carveCounts: {} };
    await writeReport({ dir, config: cfg, cells, plan: [], sites, command: 'test', engine: 'test' });
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/\| random \| \*\*pooled \(all sites\) FC lr 0\.001\*\* \| 4 \| 0\.750 [^|]*\|/);
    expect(md).toMatch(/\| random \| pooled \(all sites\) FC lr 0\.003 \| 4 \| 1\.000 [^|]*⚠ collapsed 1\/1 \|/);
    expect(md).not.toMatch(/lr 0\.001\*\* \| 4 \| [^|]*⚠/);
  });
});
