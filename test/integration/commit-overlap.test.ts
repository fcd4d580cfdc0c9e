/**
 * Machinery off the round's critical path (coordinator/rounds.ts). Fit results are validated as they arrive.
 * Evaluation runs while the round's commit is being written, but nothing of it is recorded before the commit is
 * durable; a failed commit discards it; a round that spends privacy evaluates only after its commit; and a crash
 * in the middle resumes at the uncommitted round.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FederatedRun, splitTensors } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { FIT_CHECKS } from '../../coordinator/acceptance.js';
import { runRound, type RoundInputs } from '../../coordinator/rounds.js';
import { createStrategy } from '../../coordinator/strategies.js';
import type { EvaluateIns, EvaluateRes } from '../../shared/federation/types.js';
import type { Strategy } from '../../shared/federation/strategy.js';
import { NO_SCREEN_POLICY } from '../../shared/federation/screen-updates.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';
import { SitePreparation } from '../../coordinator/site-preparation.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-overlap-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A site that logs when its evaluation starts and ends (and can take its time). */
class LoggingSite extends FakeSite {
  evaluating = false;
  constructor(
    id: string,
    private readonly log: string[],
    private readonly evalMs = 0,
  ) {
    super(id, 10, 1);
  }
  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    this.evaluating = true;
    this.log.push(`evaluate-start ${this.siteId}`);
    if (this.evalMs > 0) await new Promise((r) => setTimeout(r, this.evalMs));
    const res = await super.evaluate(ins);
    this.log.push(`evaluate-end ${this.siteId}`);
    this.evaluating = false;
    return res;
  }
}

/** One round through runRound with an injected commit; `privacy` makes the strategy report a DP spend. */
function roundInputs(sites: FakeSite[], log: string[], commit: RoundInputs['commit'], privacy = false): RoundInputs {
  const { trainable } = splitTensors(fakeModel(), '+B5');
  const fit = { localEpochs: 1, batchSize: 4, learningRate: 0.01, proximalMu: 0, seed: 1, optimizer: 'adam' as const };
  const strategy: Strategy = createStrategy({ name: 'fedavg' }, { runId: 'r', level: '+B5', trunkHash: 't', fit, seed: 1, fraction: 1, minFitSites: 2, threshold: 0.5, histogramBins: 20 });
  if (privacy) strategy.privacy = () => ({ epsilon: 1, delta: 1e-5, order: 8, noiseMultiplier: 1, clip: 1, rounds: 1 });
  return {
    round: 1,
    attempt: 1,
    strategy,
    global: trainable,
    sites: sites.map((s) => ({ proxy: new InMemoryProxy(s), registration: s.registration(), connectedAt: 0 })),
    spec: { runId: 'r', level: '+B5', modelConfigJson: JSON.stringify(fakeConfig), trunkHash: 't' },
    frozen: null,
    preparation: new SitePreparation({ spec: { runId: 'r', level: '+B5', modelConfigJson: JSON.stringify(fakeConfig), trunkHash: 't' }, frozen: null, deadlineMs: 2000, round: () => 1 }),
    options: { fitDeadlineMs: 2000, evaluateDeadlineMs: 2000, prepareDeadlineMs: 2000, minFitSites: 2, minAvailableSites: 2, maxUpdateNorm: 100, evaluate: true, robust: NO_SCREEN_POLICY },
    commit,
    recordEvaluation: (round) => void log.push(`record-evaluation ${round}`),
  };
}

/** Resolves once `log` holds `entry` (polling; fails the test after 2 s). */
async function until(log: string[], entry: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!log.includes(entry)) {
    if (Date.now() > deadline) throw new Error(`"${entry}" never happened; log: ${log.join(', ')}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('commit ‖ evaluation', () => {
  it('sends the evaluation while the commit is written, and records it only once the commit is durable', async () => {
    const log: string[] = [];
    const sites = [new LoggingSite('a', log), new LoggingSite('b', log)];
    // The commit becomes durable only after both evaluations have finished: the overlap is forced, not timed.
    const commit = async (): Promise<void> => {
      log.push('commit-start');
      await until(log, 'evaluate-end b');
      await until(log, 'evaluate-end a');
      log.push('commit-durable');
    };

    const o = await runRound(roundInputs(sites, log, commit));

    expect(o.state).toBe('committed');
    expect(log[0]).toBe('commit-start');
    expect(log.indexOf('evaluate-start a')).toBeLessThan(log.indexOf('commit-durable'));
    expect(log.slice(-2)).toEqual(['commit-durable', 'record-evaluation 1']);
    expect(o.history.map((h) => h.state).slice(-2)).toEqual(['committed', 'evaluated']);
    expect(o.evaluation?.numExamples).toBe(20);
  });

  it('discards the evaluation of a round whose commit fails, and returns only once the sites are idle again', async () => {
    const log: string[] = [];
    const sites = [new LoggingSite('a', log, 150), new LoggingSite('b', log, 150)];
    const commit = async (): Promise<void> => {
      await until(log, 'evaluate-start b');
      throw new Error('ENOSPC: no space left on device');
    };

    const o = await runRound(roundInputs(sites, log, commit));

    expect(o.state).toBe('failed');
    expect(o.reason).toBe('commit failed: ENOSPC: no space left on device');
    expect(log.some((l) => l.startsWith('record-evaluation'))).toBe(false);
    expect(o.evaluation).toBeUndefined();
    expect(sites.map((s) => s.evaluating)).toEqual([false, false]); // a retry's FitIns finds them free
    expect(o.history.map((h) => h.state)).not.toContain('committed');
  });

  it('counts a commit that throws synchronously as a failed commit, not a crash of the round', async () => {
    const log: string[] = [];
    const commit = (): Promise<void> => {
      throw new Error('ledger closed');
    };

    const o = await runRound(roundInputs([new LoggingSite('a', log), new LoggingSite('b', log)], log, commit));

    expect(o).toMatchObject({ state: 'failed', reason: 'commit failed: ledger closed' });
    expect(log.some((l) => l.startsWith('record-evaluation'))).toBe(false);
  });

  it('evaluates a round that spends privacy only after its commit (a released DP global must be accounted)', async () => {
    const log: string[] = [];
    const commit = async (): Promise<void> => {
      log.push('commit-start');
      await new Promise((r) => setTimeout(r, 30));
      log.push('commit-durable');
    };

    const o = await runRound(roundInputs([new LoggingSite('a', log), new LoggingSite('b', log)], log, commit, true));

    expect(o.state).toBe('committed');
    expect(log.slice(0, 3)).toEqual(['commit-start', 'commit-durable', 'evaluate-start a']);
    expect(log.at(-1)).toBe('record-evaluation 1');
  });
});

/** Copies the state dir (ledger + WAL + checkpoints) as a crash would leave it, at the moment round 2 evaluates. */
class CrashImage extends FakeSite {
  image: string | undefined;
  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    if (ins.round === 2 && this.image === undefined) {
      this.image = mkdtempSync(join(tmpdir(), 'fedcxr-overlap-image-'));
      cpSync(dir, this.image, { recursive: true });
    }
    return super.evaluate(ins);
  }
}

describe('a crash while round r is evaluated and committed at once', () => {
  it('resumes at round r when its commit was not durable yet, with no evaluation recorded for it', async () => {
    const site = new CrashImage('b', 10, 1);
    const registry = (): SiteRegistry => {
      const r = new SiteRegistry();
      for (const s of [new FakeSite('a', 10, 1), site]) r.add(new InMemoryProxy(s), s.registration());
      return r;
    };
    const run = await FederatedRun.create(testRunOptions(dir, { rounds: 3, runId: 'crash' }), { config: fakeConfig, tensors: fakeModel(), source: 'test' }, registry());
    expect((await run.execute()).status).toBe('finished');
    run.close();
    const image = site.image as string;
    try {
      // The image is the state dir as it was while round 2's evaluation was under way (its commit had started).
      const resumed = await FederatedRun.resume(testRunOptions(image, { rounds: 3 }), registry(), 'crash');
      const committedBefore = resumed.ledger.lastCommitted('crash')?.round;
      const evaluatedBefore = new Set(resumed.ledger.metrics('crash').filter((m) => m.scope === 'global').map((m) => m.round));

      const res = await resumed.execute();

      expect(committedBefore).toBe(1);
      expect(evaluatedBefore.has(2)).toBe(false);
      expect(res.status).toBe('finished');
      expect(res.outcomes.map((o) => [o.round, o.state])).toEqual([
        [2, 'committed'],
        [3, 'committed'],
      ]);
      const rounds = resumed.ledger.rounds('crash').filter((r) => r.state === 'committed');
      expect(rounds.map((r) => r.round)).toEqual([1, 2, 3]);
      resumed.close();
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });
});

/** A site that finishes its fit after `delayMs` and logs when it does. */
class DelayedSite extends FakeSite {
  constructor(
    id: string,
    delta: number,
    private readonly delayMs: number,
    private readonly log: string[],
  ) {
    super(id, 10, delta);
  }
  override async fit(ins: Parameters<FakeSite['fit']>[0]): ReturnType<FakeSite['fit']> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.log.push(`fit-end ${this.siteId}`);
    return super.fit(ins);
  }
}

describe('validation as results arrive', () => {
  it('checks each result when it arrives, keeps records and aggregation in the sampled order, and rejects a bad early result', async () => {
    const log: string[] = [];
    const early = new DelayedSite('c', 1, 0, log);
    early.fault = 'nan';
    const sites = [new DelayedSite('a', 1, 150, log), new DelayedSite('b', 3, 10, log), early];
    const inp = roundInputs(sites, log, async () => undefined);
    const logged: RoundInputs['fitChecks'] = [({ askedSiteId }) => (log.push(`check ${askedSiteId}`), null)];

    const o = await runRound({ ...inp, options: { ...inp.options, evaluate: false }, fitChecks: [...(logged ?? []), ...FIT_CHECKS] });

    // b and c were checked while a was still training
    expect(log.indexOf('check b')).toBeLessThan(log.indexOf('fit-end a'));
    expect(log.indexOf('check c')).toBeLessThan(log.indexOf('fit-end a'));
    expect(o.state).toBe('committed');
    expect(o.fit.map((f) => [f.siteId, f.status])).toEqual([
      ['a', 'ok'],
      ['b', 'ok'],
      ['c', 'rejected'],
    ]);
    expect(o.fit[2]?.reason).toMatch(/^update rejected: .* \(not finite\)$/);
    expect(o.global[1]!.data[0]! - inp.global[1]!.data[0]!).toBeCloseTo((1 + 3) / 2, 5);
  });
});
