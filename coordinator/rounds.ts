/**
 * One federated round as an explicit state machine (DESIGN §4):
 * idle → sampling → fitting → aggregating → evaluating → committed | failed(reason).
 * The loop knows only ClientProxy and Strategy; a site's failure is data (SiteFailure), never an
 * exception that kills the round. Every transition is logged on 'coordinator.rounds'.
 */
import { errorMessage } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { RoundValidator } from '../shared/federation/validate-update.js';
import type { ClientProxy, EvaluateRes, FederatedEvaluation, FitRes, RunSpec, SiteFailure, Strategy } from '../shared/federation/types.js';
import { trainCount, type ConnectedSite } from './registry.js';

const log = logger('coordinator.rounds');

/** Named states of a round. */
export type RoundState = 'idle' | 'sampling' | 'fitting' | 'aggregating' | 'evaluating' | 'committed' | 'failed';

const NEXT: Readonly<Record<RoundState, readonly RoundState[]>> = {
  idle: ['sampling', 'failed'],
  sampling: ['fitting', 'failed'],
  fitting: ['aggregating', 'failed'],
  aggregating: ['evaluating', 'failed'],
  evaluating: ['committed', 'failed'],
  committed: [],
  failed: [],
};

/** Tracks and logs a round's state; refuses transitions the diagram does not allow. */
export class RoundMachine {
  state: RoundState = 'idle';
  readonly history: { state: RoundState; at: number; reason?: string }[] = [{ state: 'idle', at: Date.now() }];
  constructor(
    readonly runId: string,
    readonly round: number,
    readonly attempt: number,
  ) {}

  /** Moves to `to` (logged); throws on an illegal transition, which would be a coordinator bug. */
  to(to: RoundState, details: Record<string, unknown> = {}): void {
    if (!NEXT[this.state].includes(to)) throw new Error(`illegal round transition ${this.state} → ${to}`);
    const reason = typeof details.reason === 'string' ? details.reason : undefined;
    this.history.push({ state: to, at: Date.now(), ...(reason ? { reason } : {}) });
    const fields = { runId: this.runId, round: this.round, attempt: this.attempt, from: this.state, to, ...details };
    if (to === 'failed') log.warn(fields, 'round transition');
    else log.info(fields, 'round transition');
    this.state = to;
  }
}

/** Settings of one round. */
export interface RoundOptions {
  /** Time each sampled site has to answer FitIns. */
  readonly fitDeadlineMs: number;
  /** Time each site has to answer EvaluateIns. */
  readonly evaluateDeadlineMs: number;
  /** Time a site has to install the run's trunk before its first fit. */
  readonly prepareDeadlineMs: number;
  readonly minFitSites: number;
  readonly minAvailableSites: number;
  readonly maxUpdateNorm: number;
  /** Whether this round runs federated evaluation. */
  readonly evaluate: boolean;
}

/** What one site did this round. */
export interface SiteFitRecord {
  readonly siteId: string;
  readonly status: 'ok' | 'failed' | 'rejected';
  readonly reason?: string;
  readonly numExamples?: number;
  readonly trainLoss?: number;
  readonly trainSeconds?: number;
  /** Request to response, including transfer. */
  readonly durationMs: number;
}

/** The result of one round attempt. */
export interface RoundOutcome {
  readonly round: number;
  readonly attempt: number;
  readonly state: 'committed' | 'failed';
  readonly reason?: string;
  /** The new global trainable tensors (the old global when the round failed). */
  readonly global: TensorSet;
  readonly fit: readonly SiteFitRecord[];
  readonly evaluation?: FederatedEvaluation;
  readonly siteEvaluations: readonly EvaluateRes[];
  readonly evaluateFailures: readonly SiteFailure[];
  readonly timings: { readonly totalMs: number; readonly fitMs: number; readonly aggregateMs: number; readonly evaluateMs: number; readonly commitMs: number };
  readonly history: RoundMachine['history'];
}

/** Everything a round needs from its run. */
export interface RoundInputs {
  readonly round: number;
  readonly attempt: number;
  readonly strategy: Strategy;
  readonly global: TensorSet;
  readonly sites: readonly ConnectedSite[];
  readonly spec: RunSpec;
  /** Frozen trunk tensors sent to sites that do not hold them (null at +B1: nothing frozen). */
  readonly frozen: TensorSet | null;
  /** Proxies already prepared for this run (a reconnected site has a new proxy and is prepared again). */
  readonly prepared: WeakSet<ClientProxy>;
  readonly options: RoundOptions;
  /** Makes the round durable (checkpoint then ledger); a throw fails the round. */
  readonly commit: (outcome: RoundOutcome) => Promise<void>;
}

async function timed<T>(p: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p();
  return { value, ms: performance.now() - t0 };
}

/** Ensures `proxy` holds the run's trunk and spec; returns the failure reason or null. */
async function ensurePrepared(inp: RoundInputs, proxy: ClientProxy): Promise<string | null> {
  if (inp.prepared.has(proxy)) return null;
  try {
    await proxy.prepare(inp.spec, inp.frozen, inp.options.prepareDeadlineMs);
    inp.prepared.add(proxy);
    return null;
  } catch (err) {
    return `prepare failed: ${errorMessage(err)}`;
  }
}

/** Runs one round attempt to `committed` or `failed`. Never throws for a site's failure. */
export async function runRound(inp: RoundInputs): Promise<RoundOutcome> {
  const t0 = performance.now();
  const m = new RoundMachine(inp.spec.runId, inp.round, inp.attempt);
  const o = inp.options;
  const timings = { totalMs: 0, fitMs: 0, aggregateMs: 0, evaluateMs: 0, commitMs: 0 };
  let fit: SiteFitRecord[] = [];
  const fail = (reason: string): RoundOutcome => {
    m.to('failed', { reason });
    timings.totalMs = performance.now() - t0;
    return { round: inp.round, attempt: inp.attempt, state: 'failed', reason, global: inp.global, fit, siteEvaluations: [], evaluateFailures: [], timings, history: m.history };
  };

  // sampling
  m.to('sampling', { available: inp.sites.length });
  if (inp.sites.length < o.minAvailableSites) {
    return fail(`only ${inp.sites.length} sites available, minAvailableSites is ${o.minAvailableSites}`);
  }
  const byId = new Map(inp.sites.map((s) => [s.proxy.siteId, s]));
  const siteInfos = inp.sites.map((s) => ({ siteId: s.proxy.siteId, numTrainExamples: trainCount(s.registration), trainCounts: s.registration.counts.train }));
  const plan = inp.strategy.configureFit(inp.round, inp.global, siteInfos);
  if (plan.size < o.minFitSites) return fail(`strategy sampled ${plan.size} sites, minFitSites is ${o.minFitSites}`);

  // fitting: all sampled sites in parallel, each with its own deadline
  m.to('fitting', { sampled: [...plan.keys()] });
  const validator = new RoundValidator({
    runId: inp.spec.runId,
    round: inp.round,
    global: inp.global,
    sampled: new Set(plan.keys()),
    registeredCounts: new Map(inp.sites.map((s) => [s.proxy.siteId, trainCount(s.registration)])),
    maxUpdateNorm: o.maxUpdateNorm,
  });
  const tFit = performance.now();
  const answers = await Promise.all(
    [...plan.entries()].map(async ([siteId, ins]): Promise<{ siteId: string; res?: FitRes; error?: string; ms: number }> => {
      const site = byId.get(siteId);
      if (!site) return { siteId, error: 'sampled site is not connected', ms: 0 };
      const s0 = performance.now();
      const prep = await ensurePrepared(inp, site.proxy);
      if (prep) return { siteId, error: prep, ms: performance.now() - s0 };
      try {
        const { value, ms } = await timed(() => site.proxy.fit(ins, o.fitDeadlineMs));
        return { siteId, res: value, ms };
      } catch (err) {
        return { siteId, error: errorMessage(err), ms: performance.now() - s0 };
      }
    }),
  );
  timings.fitMs = performance.now() - tFit;
  const failures: SiteFailure[] = [];
  fit = answers.map((a): SiteFitRecord => {
    if (a.error !== undefined || !a.res) {
      failures.push({ siteId: a.siteId, reason: a.error ?? 'no result' });
      log.warn({ round: inp.round, site: a.siteId, reason: a.error }, 'site failed to fit');
      return { siteId: a.siteId, status: 'failed', reason: a.error ?? 'no result', durationMs: a.ms };
    }
    // The result must name the site we asked; a mismatch is treated as that site's rejection.
    const res = a.res.siteId === a.siteId ? a.res : { ...a.res, siteId: a.siteId, runId: `${a.res.runId} (sent as ${a.res.siteId})` };
    const rejected = validator.offer(res);
    if (rejected) {
      failures.push(rejected);
      log.warn({ round: inp.round, site: a.siteId, reason: rejected.reason }, 'update rejected');
      return { siteId: a.siteId, status: 'rejected', reason: rejected.reason, durationMs: a.ms };
    }
    return {
      siteId: a.siteId,
      status: 'ok',
      numExamples: res.numExamples,
      trainLoss: res.metrics.trainLoss,
      ...(res.metrics.trainSeconds !== undefined ? { trainSeconds: res.metrics.trainSeconds } : {}),
      durationMs: a.ms,
    };
  });
  if (validator.accepted.length < o.minFitSites) {
    return fail(
      `${validator.accepted.length} valid results, minFitSites is ${o.minFitSites}; ` +
        failures.map((f) => `${f.siteId}: ${f.reason}`).join('; '),
    );
  }

  // aggregating
  m.to('aggregating', { results: validator.accepted.length, failures: failures.length });
  const tAgg = performance.now();
  let next: TensorSet;
  try {
    next = inp.strategy.aggregateFit(inp.round, inp.global, validator.accepted, failures);
  } catch (err) {
    return fail(`aggregation failed: ${errorMessage(err)}`);
  }
  timings.aggregateMs = performance.now() - tAgg;

  // evaluating (federated metrics from counts); a site's evaluation failure is data too
  m.to('evaluating', { evaluate: o.evaluate });
  const tEval = performance.now();
  const siteEvaluations: EvaluateRes[] = [];
  const evaluateFailures: SiteFailure[] = [];
  let evaluation: FederatedEvaluation | undefined;
  if (o.evaluate) {
    const evalPlan = inp.strategy.configureEvaluate(inp.round, next, siteInfos);
    const evals = await Promise.all(
      [...evalPlan.entries()].map(async ([siteId, ins]) => {
        const site = byId.get(siteId);
        if (!site) return { siteId, error: 'not connected' };
        const prep = await ensurePrepared(inp, site.proxy);
        if (prep) return { siteId, error: prep };
        try {
          return { siteId, res: await site.proxy.evaluate(ins, o.evaluateDeadlineMs) };
        } catch (err) {
          return { siteId, error: errorMessage(err) };
        }
      }),
    );
    for (const e of evals) {
      if (e.res && e.res.round === inp.round && e.res.runId === inp.spec.runId && e.res.siteId === e.siteId) siteEvaluations.push(e.res);
      else evaluateFailures.push({ siteId: e.siteId, reason: e.error ?? `evaluation for the wrong run/round/site` });
    }
    try {
      evaluation = inp.strategy.aggregateEvaluate(inp.round, siteEvaluations, evaluateFailures);
    } catch (err) {
      evaluateFailures.push({ siteId: '*', reason: `evaluation aggregation failed: ${errorMessage(err)}` });
    }
  }
  timings.evaluateMs = performance.now() - tEval;

  const outcome: RoundOutcome = {
    round: inp.round,
    attempt: inp.attempt,
    state: 'committed',
    global: next,
    fit,
    ...(evaluation ? { evaluation } : {}),
    siteEvaluations,
    evaluateFailures,
    timings,
    history: m.history,
  };
  const tCommit = performance.now();
  timings.totalMs = tCommit - t0;
  try {
    await inp.commit(outcome);
  } catch (err) {
    return fail(`commit failed: ${errorMessage(err)}`);
  }
  timings.commitMs = performance.now() - tCommit;
  timings.totalMs = performance.now() - t0;
  m.to('committed', { auc: evaluation?.auc ?? null, ms: Math.round(timings.totalMs) });
  return outcome;
}
