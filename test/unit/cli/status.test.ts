import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../../cli/commands/status.js';
import { Ledger } from '../../../coordinator/ledger.js';
import { set6 } from '../federation/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-status-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('fedcxr status', () => {
  it('keeps a site named "global" apart from the federation, and lists failed evaluations', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'));
    l.createRun({ runId: 'r', level: '+B5', strategy: 'fedavg', trunkHash: 't', configJson: '{}', baseCheckpoint: '/b', baseHash: 'h' });
    const timings = { totalMs: 1, fitMs: 1, aggregateMs: 0, evaluateMs: 0, commitMs: 0 };
    const fit = [{ siteId: 'global', status: 'ok' as const, numExamples: 5, trainLoss: 0.25, durationMs: 3 }];
    l.commitRound('r', { round: 1, attempt: 1, global: set6([1, 2, 3, 4, 5, 6]), fit, timings, history: [] }, { dir: '/c1', sha256: 'h1' });
    l.recordEvaluation('r', 1, 1, { siteEvaluations: [], evaluateFailures: [], evaluationFailure: 'no results to combine' }, []);

    const s = runStatus(l, 'r');

    expect(s.metrics['1']).toEqual({ global: {}, sites: { global: { train_loss: 0.25 } } });
    expect(s.evaluationFailures).toEqual([{ round: 1, attempt: 1, reason: 'no results to combine' }]);
    l.close();
  });
});
