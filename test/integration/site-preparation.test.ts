/**
 * Sites are prepared (RunSpec, trunk) as they connect, not when a round first samples them: the sites connected
 * at the start are prepared before round 1 begins, a site that connects mid-run is prepared while the round
 * runs, each connection once; a preparation that fails is retried by the round that samples the site, which
 * records the reason against that site while the others commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { SitePreparation } from '../../coordinator/site-preparation.js';
import type { RunObserver } from '../../coordinator/observer.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import type { ClientProxy, EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec } from '../../shared/federation/types.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An in-memory proxy that logs its calls into `log`, with a slow fit and a preparation that may fail. */
class LoggingProxy implements ClientProxy {
  readonly siteId: string;
  private readonly inner: InMemoryProxy;
  failPrepares = 0;
  /** A preparation that never answers (it fails at the deadline, as a real proxy's would). */
  hangPrepare = false;
  constructor(
    site: FakeSite,
    private readonly log: string[],
    private readonly fitMs = 0,
  ) {
    this.siteId = site.siteId;
    this.inner = new InMemoryProxy(site);
  }
  async prepare(spec: RunSpec, frozen: TensorSet | null, deadlineMs: number, global?: TensorSet): Promise<void> {
    this.log.push(`prepare ${this.siteId}`);
    this.log.push(`global ${this.siteId} ${global ? 'left' : 'not left'}`);
    if (this.hangPrepare) {
      await new Promise((r) => setTimeout(r, deadlineMs));
      this.log.push(`prepare timed out ${this.siteId}`);
      throw new Error(`prepare on ${this.siteId} missed its deadline of ${deadlineMs} ms`);
    }
    if (this.failPrepares > 0) {
      this.failPrepares--;
      throw new Error('trunk upload refused');
    }
    await this.inner.prepare(spec, frozen, deadlineMs);
    this.log.push(`prepared ${this.siteId}`);
  }
  async fit(ins: FitIns, deadlineMs: number): Promise<FitRes> {
    this.log.push(`fit ${this.siteId} ${ins.round}`);
    await new Promise((r) => setTimeout(r, this.fitMs));
    return this.inner.fit(ins, deadlineMs);
  }
  evaluate(ins: EvaluateIns, deadlineMs: number): Promise<EvaluateRes> {
    return this.inner.evaluate(ins, deadlineMs);
  }
}

function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fedcxr-prep-'));
  dirs.push(d);
  return d;
}

/** Logs round starts and preparation phases. */
function watcher(log: string[]): RunObserver {
  return {
    onRoundState: (e) => void (e.state === 'sampling' && log.push(`round ${e.round}`)),
    onPhase: (_round, phase, seconds, siteId) => void (phase === 'preparation' && seconds >= 0 && log.push(`phase preparation ${siteId ?? '?'}`)),
  };
}

const model = { config: fakeConfig, tensors: fakeModel(), source: 'test' };

describe('site preparation', () => {
  it('prepares the connected sites before round 1 and a late site while a round runs, each connection once', async () => {
    // Prepare
    const log: string[] = [];
    const registry = new SiteRegistry();
    const a = new FakeSite('a', 10, 1);
    const b = new FakeSite('b', 20, 2);
    const late = new FakeSite('c', 30, 3);
    for (const s of [a, b]) registry.add(new LoggingProxy(s, log, 150), s.registration());
    const run = await FederatedRun.create(testRunOptions(stateDir(), { rounds: 3, fraction: 1 }), model, registry);
    let joined = false;
    run.observe({
      ...watcher(log),
      onRoundState: (e) => {
        if (e.state === 'sampling') log.push(`round ${e.round}`);
        // c connects once round 1 is training: nothing samples it before round 2.
        if (e.round === 1 && e.state === 'fitting' && !joined) {
          joined = true;
          registry.add(new LoggingProxy(late, log, 150), late.registration());
        }
      },
    });

    // Execute
    const result = await run.execute();
    run.close();

    // Assert
    expect(result.status).toBe('finished');
    const at = (entry: string): number => log.indexOf(entry);
    expect(at('prepared a')).toBeGreaterThanOrEqual(0);
    expect(at('prepared a')).toBeLessThan(at('round 1'));
    expect(at('prepared b')).toBeLessThan(at('round 1'));
    expect(at('phase preparation a')).toBeLessThan(at('round 1'));
    // The late site was prepared while round 1 ran, before round 2 sampled it.
    expect(at('prepare c')).toBeGreaterThan(at('round 1'));
    expect(at('prepared c')).toBeLessThan(at('round 2'));
    expect(at('fit c 2')).toBeGreaterThan(at('round 2'));
    for (const id of ['a', 'b', 'c']) expect(log.filter((l) => l === `prepare ${id}`)).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('fit '))).toHaveLength(2 + 3 + 3);
    // The global goes with a preparation before round 1 (round 1 sends that very set), not with one during a round
    // (its commit replaces the global first).
    expect(log).toContain('global a left');
    expect(log).toContain('global b left');
    expect(log).toContain('global c not left');
  });

  it('leaves no global with the sites when a round samples only some of them (fraction < 1)', async () => {
    const log: string[] = [];
    const registry = new SiteRegistry();
    for (const s of [new FakeSite('a', 10, 1), new FakeSite('b', 20, 2), new FakeSite('c', 30, 3)]) registry.add(new LoggingProxy(s, log), s.registration());
    const run = await FederatedRun.create(testRunOptions(stateDir(), { rounds: 1, fraction: 0.5, minFitSites: 2 }), model, registry);

    const result = await run.execute();
    run.close();

    expect(result.status).toBe('finished');
    expect(log.filter((l) => l.startsWith('global '))).toEqual(['global a not left', 'global b not left', 'global c not left']);
  });

  it('retries a failed preparation in the round that samples the site, which names the reason; the others commit', async () => {
    // Prepare: b's first two preparations fail (on connect, then in round 1's fit); the third (round 1's evaluation) works.
    const log: string[] = [];
    const registry = new SiteRegistry();
    const a = new FakeSite('a', 10, 1);
    const b = new FakeSite('b', 20, 2);
    const c = new FakeSite('c', 30, 3);
    const pb = new LoggingProxy(b, log);
    pb.failPrepares = 2;
    registry.add(new LoggingProxy(a, log), a.registration());
    registry.add(pb, b.registration());
    registry.add(new LoggingProxy(c, log), c.registration());
    const run = await FederatedRun.create(testRunOptions(stateDir(), { rounds: 2, fraction: 1, minFitSites: 2 }), model, registry);

    // Execute
    const outcomes: { round: number; fit: readonly { siteId: string; status: string; reason?: string }[] }[] = [];
    const result = await run.execute((o) => outcomes.push(o));
    run.close();

    // Assert
    expect(result.status).toBe('finished');
    const round1 = outcomes.find((o) => o.round === 1);
    expect(round1?.fit.find((f) => f.siteId === 'b')).toMatchObject({ status: 'failed', reason: 'prepare failed: trunk upload refused' });
    expect(round1?.fit.filter((f) => f.status === 'ok').map((f) => f.siteId)).toEqual(['a', 'c']);
    expect(outcomes.find((o) => o.round === 2)?.fit.find((f) => f.siteId === 'b')?.status).toBe('ok');
    expect(log.filter((l) => l === 'prepare b')).toHaveLength(3);
  });

  it('prepares a site that reconnects over and over in the background once per round, the rest on demand', async () => {
    // Prepare: while round 1 trains, c connects five times (each a new connection); only its last one stays.
    const log: string[] = [];
    const registry = new SiteRegistry();
    const a = new FakeSite('a', 10, 1);
    const b = new FakeSite('b', 20, 2);
    const c = new FakeSite('c', 30, 3);
    for (const s of [a, b]) registry.add(new LoggingProxy(s, log, 150), s.registration());
    const run = await FederatedRun.create(testRunOptions(stateDir(), { rounds: 2, fraction: 1 }), model, registry);
    let joined = false;
    run.observe({
      onRoundState: (e) => {
        if (e.state === 'sampling') log.push(`round ${e.round}`);
        if (e.round === 1 && e.state === 'fitting' && !joined) {
          joined = true;
          for (let i = 0; i < 5; i++) registry.add(new LoggingProxy(c, log, 150), c.registration());
        }
      },
    });

    // Execute
    const result = await run.execute();
    run.close();

    // Assert: one background preparation in round 1 (of the first connection), one on demand for the last one.
    expect(result.status).toBe('finished');
    const prepares = log.map((l, i) => [l, i] as const).filter(([l]) => l === 'prepare c');
    expect(prepares).toHaveLength(2);
    expect(prepares[0]?.[1]).toBeLessThan(log.indexOf('round 2'));
    expect(prepares[1]?.[1]).toBeGreaterThan(log.indexOf('round 2'));
    expect(log).toContain('fit c 2');
  });

  it('does not hold round 1 back for a site whose preparation hangs; the round that samples it records why', async () => {
    // Prepare: c never answers its RunSpec; the run waits for sites 50 ms, a preparation may take 1.5 s.
    const log: string[] = [];
    const registry = new SiteRegistry();
    const sites = [new FakeSite('a', 10, 1), new FakeSite('b', 20, 2), new FakeSite('c', 30, 3)];
    const proxies = sites.map((s) => new LoggingProxy(s, log));
    (proxies[2] as LoggingProxy).hangPrepare = true;
    proxies.forEach((p, i) => registry.add(p, (sites[i] as FakeSite).registration()));
    const run = await FederatedRun.create(testRunOptions(stateDir(), { rounds: 1, fraction: 1, minFitSites: 2, prepareDeadlineMs: 1500 }), model, registry);
    const t0 = performance.now();
    let roundStart = Number.NaN;
    run.observe({ onRoundState: (e) => void (e.state === 'sampling' && (roundStart = performance.now() - t0)) });

    // Execute
    const outcomes: { round: number; fit: readonly { siteId: string; status: string; reason?: string }[] }[] = [];
    const result = await run.execute((o) => outcomes.push(o));
    run.close();

    // Assert: round 1 began long before c's preparation gave up; c's failure is in the round, a and b committed.
    expect(result.status).toBe('finished');
    expect(roundStart).toBeLessThan(1000);
    expect(outcomes[0]?.fit.find((f) => f.siteId === 'c')).toMatchObject({ status: 'failed', reason: 'prepare failed: prepare on c missed its deadline of 1500 ms' });
    expect(outcomes[0]?.fit.filter((f) => f.status === 'ok').map((f) => f.siteId)).toEqual(['a', 'b']);
  });

  it('shares one attempt between callers that ask for the same connection at once', async () => {
    // Prepare
    const log: string[] = [];
    const proxy = new LoggingProxy(new FakeSite('a', 10, 1), log);
    const prep = new SitePreparation({ spec: { runId: 'r', level: '+B5', modelConfigJson: JSON.stringify(fakeConfig), trunkHash: 't' }, frozen: null, deadlineMs: 1000, round: () => 1 });

    // Execute
    const answers = await Promise.all([prep.ensure(proxy), prep.ensure(proxy), prep.settle([proxy], 1000), prep.ensure(proxy)]);

    // Assert
    expect(answers).toEqual([null, null, true, null]);
    expect(prep.isPrepared(proxy)).toBe(true);
    expect(log.filter((l) => l === 'prepare a')).toHaveLength(1);
  });
});
