/**
 * Acceptance of a site's result, decided here and nowhere else (DESIGN §5): a result joins the round only
 * when every check of an ordered list passes. Fit results: the site asked, right run and round, a sampled
 * site, a plausible example count, the global's names/order/shapes, float32 values that are all finite,
 * an update norm within bound, well-formed class prototypes if any, and one result per site per round. Evaluation results: the site asked, right
 * run and round. A rejection is a SiteFailure (data, not an exception) naming the site and the reason.
 *
 * To add a defence, append a check to `FIT_CHECKS` (or pass your own list to `FitAcceptance`): a check is a
 * pure function that returns why a result is unacceptable, or null.
 */
import { layoutMismatch, type NamedTensor, type TensorSet } from '../shared/domain/tensor-set.js';
import type { TaskKind } from '../shared/domain/kinds.js';
import type { FitRes, SiteFailure } from '../shared/federation/types.js';
import { rememberUpdateNorm } from '../shared/federation/norm-bound.js';
import { finiteSquaredDistanceJs } from '../shared/federation/aggregate.js';
import { nativeDistanceKernel } from '../shared/federation/native-mean.js';
import { prototypeProblem, prototypeWidth } from '../shared/federation/prototypes.js';

/** What a fit result must match this round. */
export interface FitExpectation {
  readonly runId: string;
  readonly round: number;
  readonly global: TensorSet;
  /** Sites sampled this round (anyone else is rejected). */
  readonly sampled: ReadonlySet<string>;
  /** Training examples each site registered; numExamples may not exceed it. */
  readonly registeredCounts: ReadonlyMap<string, number>;
  /** Bound on ‖update − global‖₂. */
  readonly maxUpdateNorm: number;
}

/** What one check sees: the result, the site it was asked of, and the round's expectation. */
export interface FitCheckInput {
  readonly askedSiteId: string;
  readonly res: FitRes;
  readonly exp: FitExpectation;
}

/** One acceptance rule: why the result is unacceptable, or null. Pure. */
export type FitCheck = (input: FitCheckInput) => string | null;

/** The reason a result naming `named` arrived where `siteId` was expected, or null when they agree. */
export function identityMismatch(kind: TaskKind, named: string, siteId: string, where = 'the connection authenticated as'): string | null {
  return named === siteId ? null : `${kind} result names site ${named}, but ${where} ${siteId}`;
}

/** The result answers the site it was asked of. */
export const fromAskedSite: FitCheck = ({ askedSiteId, res }) => identityMismatch('fit', res.siteId, askedSiteId, 'it was asked of');

/** Right run and round (a late or replayed result is refused). */
export const rightRunAndRound: FitCheck = ({ res, exp }) => {
  if (res.runId !== exp.runId) return `wrong run id ${JSON.stringify(res.runId)} (expected ${exp.runId})`;
  if (res.round !== exp.round) return `result for round ${res.round} arrived in round ${exp.round} (late or replayed)`;
  return null;
};

/** Only sampled sites may contribute. */
export const wasSampled: FitCheck = ({ res, exp }) => (exp.sampled.has(res.siteId) ? null : `site ${res.siteId} was not sampled in round ${exp.round}`);

/** numExamples is a positive integer no larger than what the site registered. */
export const plausibleExampleCount: FitCheck = ({ res, exp }) => {
  if (!Number.isInteger(res.numExamples) || res.numExamples <= 0) return `numExamples must be a positive integer, got ${res.numExamples}`;
  const registered = exp.registeredCounts.get(res.siteId);
  if (registered === undefined) return `site ${res.siteId} has no registered example count`;
  if (res.numExamples > registered) return `numExamples ${res.numExamples} exceeds the ${registered} the site registered`;
  return null;
};

/** The global's layout, float32, all finite, and ‖update − global‖₂ within bound. */
export const wellFormedUpdate: FitCheck = ({ res, exp }) => {
  const layout = layoutMismatch(res.tensors, exp.global);
  if (layout?.kind === 'count') return `sent ${layout.actual} tensors, expected ${layout.expected}`;
  // One pass per tensor: finiteness and the running Σ (x − g)², native when the addon has it (the same bits).
  const pass = nativeDistanceKernel() ?? finiteSquaredDistanceJs;
  const sq = new Float64Array(1);
  for (const [i, t] of res.tensors.entries()) {
    const g = exp.global[i] as NamedTensor;
    // Reported at its tensor, so an earlier tensor's bad values still take precedence over a later layout error.
    if (layout?.index === i) {
      if (layout.kind === 'name') return `tensor ${i} is ${t.name}, expected ${g.name}`;
      return `${t.name} has shape [${t.shape.join(',')}], expected [${g.shape.join(',')}]`;
    }
    if (!(t.data instanceof Float32Array)) return `${t.name} is not float32`;
    if (t.data.length !== g.data.length) return `${t.name} holds ${t.data.length} values, its shape needs ${g.data.length}`;
    const bad = pass(t.data, g.data, sq);
    if (bad >= 0) return `${t.name}[${bad}] is ${t.data[bad] as number} (not finite)`;
  }
  const norm = Math.sqrt(sq[0] as number);
  // The same sum as l2Distance, term for term: the robust screen reuses it rather than walk the update again.
  rememberUpdateNorm(res.tensors, exp.global, norm);
  return norm <= exp.maxUpdateNorm ? null : `update norm ${norm.toPrecision(4)} exceeds the bound ${exp.maxUpdateNorm}`;
};

/** Class prototypes, when sent: one per class, enough images behind each, the output layer's width, finite. */
export const wellFormedPrototypes: FitCheck = ({ res, exp }) => prototypeProblem(res.prototypes ?? [], prototypeWidth(exp.global), res.numExamples);

/** The fit checks, in the order their reasons take precedence. */
export const FIT_CHECKS: readonly FitCheck[] = [fromAskedSite, rightRunAndRound, wasSampled, plausibleExampleCount, wellFormedUpdate, wellFormedPrototypes];

/** The first reason `res` (asked of `askedSiteId`) is unacceptable under `checks`, or null. Pure. */
export function checkFit(res: FitRes, exp: FitExpectation, askedSiteId = res.siteId, checks: readonly FitCheck[] = FIT_CHECKS): string | null {
  for (const check of checks) {
    const reason = check({ askedSiteId, res, exp });
    if (reason !== null) return reason;
  }
  return null;
}

/** One round's gate for fit results: accepts each sampled site's first acceptable result, rejects the rest. */
export class FitAcceptance {
  private readonly seen = new Set<string>();
  readonly accepted: FitRes[] = [];
  readonly rejected: SiteFailure[] = [];
  constructor(
    private readonly exp: FitExpectation,
    private readonly checks: readonly FitCheck[] = FIT_CHECKS,
  ) {}

  /** Decides on `res` (asked of `askedSiteId`); returns the failure when rejected (also recorded), null when accepted. */
  offer(res: FitRes, askedSiteId = res.siteId): SiteFailure | null {
    let reason = checkFit(res, this.exp, askedSiteId, this.checks);
    if (reason === null && this.seen.has(res.siteId)) reason = `second update from ${res.siteId} in round ${this.exp.round}`;
    if (reason !== null) {
      const failure = { siteId: askedSiteId, reason: `update rejected: ${reason}` };
      this.rejected.push(failure);
      return failure;
    }
    this.seen.add(res.siteId);
    this.accepted.push(res);
    return null;
  }
}

/**
 * Evaluation results pass the wire's pure check (`shared/federation/validate-evaluation.ts`: run, round, site,
 * histogram bin count, counts that agree); re-exported so every acceptance decision is reached through here.
 */
export { acceptEvaluations, checkEvaluation, describeRejection } from '../shared/federation/validate-evaluation.js';
