/**
 * The boundary check every FitRes passes before it touches the global model (DESIGN §5): right run and
 * round, a sampled site answering once, a plausible example count, the global's names/order/shapes,
 * float32 values that are all finite, and an update norm within bound. A rejection is a SiteFailure
 * (data, not an exception) naming site and reason.
 */
import { layoutMismatch, type NamedTensor, type TensorSet } from '../domain/tensor-set.js';
import type { FitRes, SiteFailure } from './types.js';

/** Default bound on ‖update − global‖₂. Generous: it catches exploded or hostile updates, not drift. */
export const DEFAULT_MAX_UPDATE_NORM = 1e4;

/** What an update must match this round. */
export interface UpdateExpectation {
  readonly runId: string;
  readonly round: number;
  readonly global: TensorSet;
  /** Sites sampled this round (anyone else is rejected). */
  readonly sampled: ReadonlySet<string>;
  /** Training examples each site registered; numExamples may not exceed it. */
  readonly registeredCounts: ReadonlyMap<string, number>;
  /** @default DEFAULT_MAX_UPDATE_NORM */
  readonly maxUpdateNorm: number;
}

/** Why an update is unacceptable, or null when it is fine (pure: no bookkeeping). */
export function checkUpdate(res: FitRes, exp: UpdateExpectation): string | null {
  if (res.runId !== exp.runId) return `wrong run id ${JSON.stringify(res.runId)} (expected ${exp.runId})`;
  if (res.round !== exp.round) return `result for round ${res.round} arrived in round ${exp.round} (late or replayed)`;
  if (!exp.sampled.has(res.siteId)) return `site ${res.siteId} was not sampled in round ${exp.round}`;
  if (!Number.isInteger(res.numExamples) || res.numExamples <= 0) return `numExamples must be a positive integer, got ${res.numExamples}`;
  const registered = exp.registeredCounts.get(res.siteId);
  if (registered === undefined) return `site ${res.siteId} has no registered example count`;
  if (res.numExamples > registered) return `numExamples ${res.numExamples} exceeds the ${registered} the site registered`;
  const layout = layoutMismatch(res.tensors, exp.global);
  if (layout?.kind === 'count') return `sent ${layout.actual} tensors, expected ${layout.expected}`;
  let sq = 0;
  for (const [i, t] of res.tensors.entries()) {
    const g = exp.global[i] as NamedTensor;
    // Reported at its tensor, so an earlier tensor's bad values still take precedence over a later layout error.
    if (layout?.index === i) {
      if (layout.kind === 'name') return `tensor ${i} is ${t.name}, expected ${g.name}`;
      return `${t.name} has shape [${t.shape.join(',')}], expected [${g.shape.join(',')}]`;
    }
    if (!(t.data instanceof Float32Array)) return `${t.name} is not float32`;
    if (t.data.length !== g.data.length) return `${t.name} holds ${t.data.length} values, its shape needs ${g.data.length}`;
    const x = t.data;
    const y = g.data;
    for (let j = 0; j < x.length; j++) {
      const v = x[j] as number;
      if (!Number.isFinite(v)) return `${t.name}[${j}] is ${v} (not finite)`;
      const d = v - (y[j] as number);
      sq += d * d;
    }
  }
  const norm = Math.sqrt(sq);
  if (!(norm <= exp.maxUpdateNorm)) return `update norm ${norm.toPrecision(4)} exceeds the bound ${exp.maxUpdateNorm}`;
  return null;
}

/** One round's gate: accepts each sampled site's first valid update, rejects everything else. */
export class RoundValidator {
  private readonly seen = new Set<string>();
  readonly accepted: FitRes[] = [];
  readonly rejected: SiteFailure[] = [];
  constructor(private readonly exp: UpdateExpectation) {}

  /** Validates `res`; returns the failure when rejected (also recorded), null when accepted. */
  offer(res: FitRes): SiteFailure | null {
    let reason = checkUpdate(res, this.exp);
    if (reason === null && this.seen.has(res.siteId)) reason = `second update from ${res.siteId} in round ${this.exp.round}`;
    if (reason !== null) {
      const failure = { siteId: res.siteId, reason: `update rejected: ${reason}` };
      this.rejected.push(failure);
      return failure;
    }
    this.seen.add(res.siteId);
    this.accepted.push(res);
    return null;
  }
}
