import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../coordinator/ledger.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { FederatedRun, splitTensors } from '../../coordinator/run.js';
import { FIT_CHECKS, type FitCheck } from '../../coordinator/acceptance.js';
import { runRound } from '../../coordinator/rounds.js';
import { createStrategy } from '../../coordinator/strategies.js';
import { ConfigError, IntegrityError } from '../../shared/domain/errors.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes } from '../../shared/federation/types.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';
import { NO_SCREEN_POLICY } from '../../shared/federation/screen-updates.js';
import { SitePreparation } from '../../coordinator/site-preparation.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-phases-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const initial = { config: fakeConfig, tensors: fakeModel(), source: 'test' };
function registryOf(sites: FakeSite[]): SiteRegistry {
  const r = new SiteRegistry();
  for (const s of sites) r.add(new InMemoryProxy(s), s.registration());
  return r;
}

/** A leaked better-sqlite3 handle keeps its WAL lock: an exclusive transaction proves none is left open. */
function expectLedgerClosed(): void {
  const db = new Database(join(dir, 'ledger.sqlite'), { timeout: 0 });
  try {
    expect(() => db.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;')).not.toThrow();
  } finally {
    db.close();
  }
}

/** A site that looks at the ledger while it evaluates: what is durable at that moment? */
class LedgerWatcher extends FakeSite {
  ledger: Ledger | undefined;
  readonly committedWhileEvaluating: (number | undefined)[] = [];
  readonly evaluatedWhileEvaluating: boolean[] = [];
  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    this.committedWhileEvaluating.push(this.ledger?.lastCommitted(ins.runId)?.round);
    this.evaluatedWhileEvaluating.push(this.ledger?.metrics(ins.runId).some((m) => m.scope === 'global' && m.round === ins.round) ?? false);
    return super.evaluate(ins);
  }
}

/** A site whose histograms have a different bin count from the one EvaluateIns asked for. */
class OddBins extends FakeSite {
  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    const r = await super.evaluate(ins);
    return { ...r, positiveHistogram: [...r.positiveHistogram, 0], negativeHistogram: [...r.negativeHistogram, 0] };
  }
}

/** A site that answers in another site's name. */
class Impostor extends FakeSite {
  override async fit(ins: FitIns): Promise<FitRes> {
    return { ...(await super.fit(ins)), siteId: 'a' };
  }
}

describe('round phases', () => {
  it('records the evaluation against the committed round only after its durable commit (evaluation may overlap the commit)', async () => {
    const watcher = new LedgerWatcher('w', 10, 1);
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 2 }), initial, registryOf([new FakeSite('a', 10, 1), watcher]));
    watcher.ledger = run.ledger;

    const result = await run.execute();

    expect(result.status).toBe('finished');
    // while round r was being evaluated its commit was being written (commit-overlap.test.ts), round r − 1 was
    // durable, and nothing of round r's evaluation was recorded yet
    expect(watcher.committedWhileEvaluating.map((r) => r ?? 0)).toEqual([0, 1]);
    expect(watcher.evaluatedWhileEvaluating).toEqual([false, false]);
    const states = result.outcomes[0]!.history.map((h) => h.state);
    expect(states).toEqual(['idle', 'sampling', 'fitting', 'aggregating', 'committed', 'evaluated']);
    const global = run.ledger.metrics(run.runId).filter((m) => m.scope === 'global' && m.name === 'num_examples');
    expect(global.map((m) => [m.round, m.value])).toEqual([
      [1, 20],
      [2, 20],
    ]);
    const history = run.ledger.db.prepare('SELECT history_json FROM rounds WHERE run_id = ? AND round = 1').get(run.runId) as { history_json: string };
    expect((JSON.parse(history.history_json) as { state: string }[]).map((h) => h.state).at(-1)).toBe('evaluated');
    run.close();
  });

  it('rejects an evaluation with the wrong bin count as that site’s failure, and still sums the others', async () => {
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 1 }), initial, registryOf([new FakeSite('a', 10, 1), new OddBins('b', 10, 1)]));

    const result = await run.execute();

    const o = result.outcomes[0]!;
    expect(o.state).toBe('committed');
    expect(o.evaluation?.numExamples).toBe(10);
    expect(o.evaluateFailures).toEqual([{ siteId: 'b', reason: expect.stringMatching(/^evaluation rejected \(histogram-bins\)/) }]);
    expect(o.history.at(-1)).toMatchObject({ state: 'evaluated' });
    expect(run.ledger.participation(run.runId).map((p) => p.siteId)).not.toContain('*');
    run.close();
  });

  it('keeps a round committed when its evaluation fails, recording a typed failure (no sentinel site)', async () => {
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 1 }), initial, registryOf([new FakeSite('a', 10, 1), new FakeSite('b', 10, 1)]));
    // The strategy cannot combine the sites' evaluations (any reason): the evaluation as a whole fails.
    run['strategy'].aggregateEvaluate = () => {
      throw new Error('histograms cannot be combined');
    };

    const result = await run.execute();

    const o = result.outcomes[0]!;
    expect(o.state).toBe('committed');
    expect(o.evaluation).toBeUndefined();
    expect(o.evaluationFailure).toBe('evaluation aggregation failed: histograms cannot be combined');
    expect(o.history.at(-1)).toMatchObject({ state: 'evaluation_failed' });
    expect(run.ledger.lastCommitted(run.runId)?.round).toBe(1);
    expect(run.ledger.evaluationFailures(run.runId)).toEqual([{ round: 1, attempt: 1, reason: o.evaluationFailure }]);
    expect(run.ledger.participation(run.runId).map((p) => p.siteId)).not.toContain('*');
    run.close();
  });

  it('rejects a result sent in another site’s name, against the site that was asked', async () => {
    const run = await FederatedRun.create(
      testRunOptions(dir, { rounds: 1 }),
      initial,
      registryOf([new FakeSite('a', 10, 1), new FakeSite('b', 10, 1), new Impostor('evil', 10, 50)]),
    );

    const result = await run.execute();

    const evil = result.outcomes[0]!.fit.find((f) => f.siteId === 'evil')!;
    expect(evil).toMatchObject({ status: 'rejected', reason: 'update rejected: fit result names site a, but it was asked of evil' });
    expect(result.global[1]!.data[0]).toBeCloseTo(fakeModel().slice(2)[1]!.data[0]! + 1, 5);
    run.close();
  });
});

describe('runRound with extra acceptance checks', () => {
  it('rejects what a check appended to FIT_CHECKS refuses, and aggregates the rest', async () => {
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 10, 3), new FakeSite('c', 10, 5)];
    const { trainable } = splitTensors(fakeModel(), '+B5');
    const spec = { runId: 'r', level: '+B5' as const, modelConfigJson: JSON.stringify(fakeConfig), trunkHash: 't' };
    const fit = { localEpochs: 1, batchSize: 4, learningRate: 0.01, proximalMu: 0, seed: 1, optimizer: 'adam' as const };
    const strategy = createStrategy({ name: 'fedavg' }, { runId: 'r', level: '+B5', trunkHash: 't', fit, seed: 1, fraction: 1, minFitSites: 2, threshold: 0.5, histogramBins: 20 });
    const noSiteB: FitCheck = ({ res }) => (res.siteId === 'b' ? 'site b is distrusted' : null);
    const opts = { fitDeadlineMs: 2000, evaluateDeadlineMs: 2000, prepareDeadlineMs: 2000, minFitSites: 2, minAvailableSites: 2, maxUpdateNorm: 100, evaluate: false, robust: NO_SCREEN_POLICY };

    const o = await runRound({
      round: 1,
      attempt: 1,
      strategy,
      global: trainable,
      sites: sites.map((s) => ({ proxy: new InMemoryProxy(s), registration: s.registration(), connectedAt: 0 })),
      spec,
      frozen: null,
      preparation: new SitePreparation({ spec: spec, frozen: null, deadlineMs: 2000, round: () => 1 }),
      options: opts,
      fitChecks: [...FIT_CHECKS, noSiteB],
      commit: async () => undefined,
      recordEvaluation: () => undefined,
    });

    expect(o.state).toBe('committed');
    expect(o.fit.find((f) => f.siteId === 'b')).toMatchObject({ status: 'rejected', reason: 'update rejected: site b is distrusted' });
    expect(o.global[1]!.data[0]! - trainable[1]!.data[0]!).toBeCloseTo((1 + 5) / 2, 5);
  });
});

describe('FederatedRun create/resume', () => {
  it('closes the ledger it opened when create throws', async () => {
    const opts = testRunOptions(dir, { runId: 'dup' });
    (await FederatedRun.create(opts, initial, registryOf([]))).close();

    await expect(FederatedRun.create(opts, initial, registryOf([]))).rejects.toThrow(ConfigError);

    expectLedgerClosed();
  });

  it('validates the stored run identity with its schema and closes the ledger when it is invalid', async () => {
    const opts = testRunOptions(dir, { runId: 'r', rounds: 1 });
    (await FederatedRun.create(opts, initial, registryOf([]))).close();
    const l = Ledger.open(join(dir, 'ledger.sqlite'));
    const row = l.getRun('r')!;
    const cfg = JSON.parse(row.configJson) as { options: Record<string, unknown> };
    l.db.prepare('UPDATE runs SET config_json = ? WHERE run_id = ?').run(JSON.stringify({ ...cfg, options: { ...cfg.options, strategy: { name: 'fedmagic' } } }), 'r');
    l.close();

    const err = await FederatedRun.resume(opts, registryOf([]), 'r').catch((e: unknown) => e);

    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as Error).message).toMatch(/run r: stored config is invalid at options\.strategy\.name/);
    expectLedgerClosed();
  });

  it('refuses a stored level that is not an unfreeze level', async () => {
    const opts = testRunOptions(dir, { runId: 'r', rounds: 1 });
    (await FederatedRun.create(opts, initial, registryOf([]))).close();
    const l = Ledger.open(join(dir, 'ledger.sqlite'));
    l.db.prepare("UPDATE runs SET level = '+B9' WHERE run_id = 'r'").run();
    l.close();

    await expect(FederatedRun.resume(opts, registryOf([]), 'r')).rejects.toThrow(/stored level "\+B9" is not an unfreeze level/);
  });
});
