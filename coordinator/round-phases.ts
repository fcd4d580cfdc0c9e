/**
 * The phases of a round before its commit, each a function that returns data (Flower's `fit_round`):
 * sample → fit (each result validated as it arrives) → screen → aggregate. A phase that cannot go on returns
 * `{ failed: reason }`; a site's failure is a SiteFailure in the data, never an exception.
 */
import { errorMessage } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { logger } from '../shared/log.js';
import type { FitRes, SiteFailure } from '../shared/federation/types.js';
import { FitAcceptance, type FitCheck, FIT_CHECKS } from './acceptance.js';
import { trainCount } from './registry.js';
import type { FitPlan, RoundInputs, SiteFitRecord } from './round-types.js';
import { notify } from './observer.js';
import type { Anomaly } from '../shared/federation/anomaly.js';
import { rejectionAnomalies, screenFit } from './robust-phase.js';

const log = logger('coordinator.rounds');

/** A phase that could not go on, and why. */
export interface PhaseFailure {
  readonly failed: string;
}

/** One sampled site's answer to FitIns: its result or the reason it has none. */
export interface FitAnswer {
  readonly siteId: string;
  readonly res?: FitRes;
  readonly error?: string;
  readonly ms: number;
}

/** What validation decided: the accepted results, the failures (failed + rejected) and one record per site. */
export interface ValidatedFit {
  readonly accepted: readonly FitRes[];
  readonly failures: readonly SiteFailure[];
  readonly records: readonly SiteFitRecord[];
}

/** Sampling: enough sites available, and the strategy's sample is large enough. */
export function samplePhase(inp: RoundInputs): FitPlan | PhaseFailure {
  const o = inp.options;
  if (inp.sites.length < o.minAvailableSites) return { failed: `only ${inp.sites.length} sites available, minAvailableSites is ${o.minAvailableSites}` };
  const siteInfos = inp.sites.map((s) => ({ siteId: s.proxy.siteId, numTrainExamples: trainCount(s.registration), trainCounts: s.registration.counts.train }));
  const instructions = inp.strategy.configureFit(inp.round, inp.global, siteInfos);
  if (instructions.size < o.minFitSites) return { failed: `strategy sampled ${instructions.size} sites, minFitSites is ${o.minFitSites}` };
  return { siteInfos, instructions };
}

/** Fitting: every sampled site in parallel, each with its own deadline; `onAnswer` sees each answer as it arrives. Never throws. */
export async function fitPhase(inp: RoundInputs, plan: FitPlan, onAnswer: (a: FitAnswer) => void = () => undefined): Promise<FitAnswer[]> {
  const byId = new Map(inp.sites.map((s) => [s.proxy.siteId, s.proxy]));
  const answered = (a: FitAnswer): FitAnswer => (onAnswer(a), a);
  return Promise.all(
    [...plan.instructions.entries()].map(async ([siteId, ins]): Promise<FitAnswer> => {
      const proxy = byId.get(siteId);
      if (!proxy) return answered({ siteId, error: 'sampled site is not connected', ms: 0 });
      const s0 = performance.now();
      const prep = await inp.preparation.ensure(proxy);
      if (prep) return answered({ siteId, error: prep, ms: performance.now() - s0 });
      const f0 = performance.now();
      notify(inp.observer, 'onSiteStatus', { siteId, activity: 'training', round: inp.round });
      try {
        const res = await proxy.fit(ins, inp.options.fitDeadlineMs);
        return answered({ siteId, res, ms: performance.now() - f0 });
      } catch (err) {
        return answered({ siteId, error: errorMessage(err), ms: performance.now() - s0 });
      }
    }),
  );
}

/**
 * Validation as results arrive: each answer goes through the acceptance checks (`acceptance.ts`) when it
 * comes in — while other sites still train or upload — and `finish` then builds one record per site in the
 * sampled order, with the accepted results in that order too (whatever order they arrived in).
 */
export class ArrivalValidation {
  private readonly gate: FitAcceptance;
  private readonly decided = new Map<FitAnswer, SiteFailure | null>();

  constructor(
    private readonly inp: RoundInputs,
    plan: FitPlan,
    checks: readonly FitCheck[] = inp.fitChecks ?? FIT_CHECKS,
  ) {
    this.gate = new FitAcceptance(
      {
        runId: inp.spec.runId,
        round: inp.round,
        global: inp.global,
        sampled: new Set(plan.instructions.keys()),
        registeredCounts: new Map(inp.sites.map((s) => [s.proxy.siteId, trainCount(s.registration)])),
        maxUpdateNorm: inp.options.maxUpdateNorm,
      },
      checks,
    );
  }

  /** Checks one answer now (a result only; a failure has nothing to check). */
  offer(a: FitAnswer): void {
    if (a.error !== undefined || !a.res || this.decided.has(a)) return;
    try {
      this.decided.set(a, this.gate.offer(a.res, a.siteId));
    } catch {
      // A check that throws is a coordinator bug: `finish` offers it again and throws there, as it always has.
    }
  }

  /** One record per answer, in the answers' order; notifies the observer of every outcome. */
  finish(answers: readonly FitAnswer[]): ValidatedFit {
    const inp = this.inp;
    const failures: SiteFailure[] = [];
    const accepted: FitRes[] = [];
    const records = answers.map((a): SiteFitRecord => {
      if (a.error !== undefined || !a.res) {
        const reason = a.error ?? 'no result';
        failures.push({ siteId: a.siteId, reason });
        log.warn({ round: inp.round, site: a.siteId, reason }, 'site failed to fit');
        notify(inp.observer, 'onSiteStatus', { siteId: a.siteId, activity: 'failed', round: inp.round, reason });
        return { siteId: a.siteId, status: 'failed', reason, durationMs: a.ms };
      }
      this.offer(a);
      const rejected = this.decided.get(a) ?? null;
      if (rejected) {
        failures.push(rejected);
        log.warn({ round: inp.round, site: a.siteId, reason: rejected.reason }, 'update rejected');
        notify(inp.observer, 'onRejection', inp.round, a.siteId, rejected.reason);
        notify(inp.observer, 'onSiteStatus', { siteId: a.siteId, activity: 'rejected', round: inp.round, reason: rejected.reason });
        return { siteId: a.siteId, status: 'rejected', reason: rejected.reason, durationMs: a.ms };
      }
      accepted.push(a.res);
      const m = a.res.metrics;
      if (m.trainSeconds !== undefined) notify(inp.observer, 'onPhase', inp.round, 'training', m.trainSeconds, a.siteId);
      notify(inp.observer, 'onSiteStatus', { siteId: a.siteId, activity: 'idle', round: inp.round, numExamples: a.res.numExamples, trainLoss: m.trainLoss });
      return {
        siteId: a.siteId,
        status: 'ok',
        numExamples: a.res.numExamples,
        trainLoss: m.trainLoss,
        ...(m.trainSeconds !== undefined ? { trainSeconds: m.trainSeconds } : {}),
        durationMs: a.ms,
      };
    });
    return { accepted, failures, records };
  }
}

/** The round's quorum: at least `minFitSites` accepted results, or why not. */
export function quorumFailure(inp: RoundInputs, fit: ValidatedFit): PhaseFailure | null {
  const min = inp.options.minFitSites;
  if (fit.accepted.length >= min) return null;
  return { failed: `${fit.accepted.length} valid results, minFitSites is ${min}; ` + fit.failures.map((f) => `${f.siteId}: ${f.reason}`).join('; ') };
}

/** Aggregation: the strategy combines the accepted results (a throw becomes the round's failure reason). */
export function aggregatePhase(inp: RoundInputs, fit: ValidatedFit): TensorSet | PhaseFailure {
  try {
    return inp.strategy.aggregateFit(inp.round, inp.global, fit.accepted, fit.failures);
  } catch (err) {
    return { failed: `aggregation failed: ${errorMessage(err)}` };
  }
}

/** Whether a phase returned a failure. */
export function isPhaseFailure<T>(v: T | PhaseFailure): v is PhaseFailure {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'failed' in v;
}

/**
 * Screening: the Byzantine defences (`robust-phase.ts`: enrolled count caps, adaptive norm bounds, weight-share
 * caps) over the accepted results, whatever the strategy. Refused sites become failures; every refusal, at
 * validation or here, is an anomaly naming the site.
 */
export function screenPhase(inp: RoundInputs, fit: ValidatedFit): ValidatedFit & { readonly anomalies: readonly Anomaly[] } {
  const refused = fit.records.filter((r) => r.status === 'rejected').map((r) => ({ siteId: r.siteId, reason: r.reason ?? 'rejected' }));
  const screened = screenFit(inp.round, inp.global, fit.accepted, inp.options);
  const records = fit.records.map((f): SiteFitRecord => {
    const rej = screened.rejected.find((r) => r.siteId === f.siteId);
    if (rej) return { siteId: f.siteId, status: 'rejected', reason: rej.reason, durationMs: f.durationMs };
    const share = screened.shares.get(f.siteId);
    return share === undefined ? f : { ...f, weightShare: share };
  });
  return {
    accepted: screened.accepted,
    failures: [...fit.failures, ...screened.rejected],
    records,
    anomalies: [...rejectionAnomalies(refused), ...screened.anomalies],
  };
}
