/**
 * The Byzantine screen every round's validated updates pass before aggregation (whatever the strategy):
 * example counts capped by the operator's enrolment, update norms bounded relative to the round's median
 * (clip or reject), an optional direction check against the coordinate-wise median update, and each site's
 * share of the aggregation weight capped. Pure: returns the adjusted results plus the anomalies, naming sites.
 */
import { ValueError } from '../domain/errors.js';
import { inSiteOrder } from './aggregate.js';
import { cosinesToMedian } from './median-direction.js';
import type { Anomaly } from './anomaly.js';
import { adaptiveBound, clipToNorm, DEFAULT_NORM_FACTOR, updateNorm } from './norm-bound.js';
import { capCount, capShares, DEFAULT_MAX_WEIGHT_SHARE } from './robust-weights.js';
import type { TensorSet } from '../domain/tensor-set.js';
import type { FitRes, SiteFailure } from './types.js';

/** How hostile updates are handled. */
export interface RobustPolicy {
  /** What an update above the adaptive bound gets. @default 'clip' */
  readonly normMode: 'clip' | 'reject' | 'off';
  /** Bound = normFactor × the round's lower-median update norm. @default 3 */
  readonly normFactor: number;
  /** Largest share of the aggregation weight one site may hold. @default 0.5 */
  readonly maxWeightShare: number;
  /** Compare each update's direction with the coordinate-wise median update (needs ≥ 3 sites). @default 'flag' */
  readonly direction: 'off' | 'flag' | 'reject';
  /** Cosine below which the direction check fires. @default 0 */
  readonly minCosine: number;
}

/** The defaults: clip at 3× the median norm, share ≤ 0.5, direction flagged (honest non-IID sites may disagree). */
export const DEFAULT_ROBUST_POLICY: RobustPolicy = Object.freeze({
  normMode: 'clip',
  normFactor: DEFAULT_NORM_FACTOR,
  maxWeightShare: DEFAULT_MAX_WEIGHT_SHARE,
  direction: 'flag',
  minCosine: 0,
});

/** No screening at all (plain FedAvg semantics), for comparisons. */
export const NO_SCREEN_POLICY: RobustPolicy = Object.freeze({ normMode: 'off', normFactor: 1, maxWeightShare: 1, direction: 'off', minCosine: -1 });

/** The screen's verdict for one round. */
export interface Screened {
  /** Surviving results in site order: tensors possibly clipped, numExamples replaced by the capped weight. */
  readonly accepted: FitRes[];
  readonly rejected: SiteFailure[];
  readonly anomalies: Anomaly[];
  /** Each surviving site's share of the aggregation weight (sums to 1). */
  readonly shares: ReadonlyMap<string, number>;
  /** The round's norm bound (Infinity when off) and every site's raw update norm. */
  readonly bound: number;
  readonly norms: ReadonlyMap<string, number>;
}

/**
 * Screens `results` (already validated: layout, finiteness, run and round) against `global`.
 * `enrolledTrain` holds the operator's per-site training counts (absent = not enrolled: the share cap still holds).
 * @example const s = screenUpdates(global, results, new Map([['km', 120]]), DEFAULT_ROBUST_POLICY);
 */
export function screenUpdates(
  global: TensorSet,
  results: readonly FitRes[],
  enrolledTrain: ReadonlyMap<string, number>,
  policy: RobustPolicy = DEFAULT_ROBUST_POLICY,
): Screened {
  checkPolicy(policy);
  const anomalies: Anomaly[] = [];
  const rejected: SiteFailure[] = [];
  const reject = (r: FitRes, a: Anomaly): void => {
    anomalies.push(a);
    rejected.push({ siteId: r.siteId, reason: `update rejected: ${a.detail}` });
  };
  // 1. counts capped by enrolment
  let rows = inSiteOrder(results).map((r) => {
    const enrolled = enrolledTrain.get(r.siteId);
    const c = capCount(r.numExamples, enrolled);
    if (c.capped) anomalies.push({ siteId: r.siteId, kind: 'count-capped', action: 'capped', detail: `claimed ${r.numExamples} examples, enrolled ${enrolled ?? '?'}` });
    return { res: r, count: c.count, tensors: r.tensors };
  });
  // 2. adaptive norm bound
  const norms = new Map(rows.map((x) => [x.res.siteId, updateNorm(x.tensors, global)]));
  const bound = policy.normMode === 'off' || rows.length === 0 ? Number.POSITIVE_INFINITY : adaptiveBound([...norms.values()], policy.normFactor);
  rows = rows.filter((x) => {
    const n = norms.get(x.res.siteId) as number;
    if (!(n > bound)) return true;
    const detail = `update norm ${n.toPrecision(4)} exceeds ${policy.normFactor}× the round's median (bound ${bound.toPrecision(4)})`;
    if (policy.normMode === 'reject') {
      reject(x.res, { siteId: x.res.siteId, kind: 'norm-rejected', action: 'rejected', detail });
      return false;
    }
    anomalies.push({ siteId: x.res.siteId, kind: 'norm-clipped', action: 'clipped', detail });
    x.tensors = clipToNorm(x.tensors, global, n, bound);
    return true;
  });
  // 3. direction against the coordinate-wise median update (a majority decides what "forward" is)
  if (policy.direction !== 'off' && rows.length >= 3) {
    // One pass, no median tensor: the same numbers as updateCosine(x, coordinateMedian(xs), global).
    const cosines = cosinesToMedian(
      rows.map((x) => x.tensors),
      global,
    );
    rows = rows.filter((x, i) => {
      const cos = cosines[i] as number;
      if (!(cos < policy.minCosine)) return true;
      const a: Anomaly = {
        siteId: x.res.siteId,
        kind: 'direction',
        action: policy.direction === 'reject' ? 'rejected' : 'flagged',
        detail: `update points away from the median update (cosine ${cos.toFixed(3)} < ${policy.minCosine})`,
      };
      if (policy.direction === 'reject') {
        reject(x.res, a);
        return false;
      }
      anomalies.push(a);
      return true;
    });
  }
  // 4. weight shares capped
  const total = rows.reduce((s, x) => s + x.count, 0);
  const shares = capShares(
    rows.map((x) => x.count),
    policy.maxWeightShare,
  );
  const accepted = rows.map((x, i): FitRes => {
    const share = shares[i] as number;
    if (share < (x.count / total) * (1 - 1e-9)) {
      anomalies.push({
        siteId: x.res.siteId,
        kind: 'share-capped',
        action: 'capped',
        detail: `weight share ${(x.count / total).toFixed(3)} capped at ${share.toFixed(3)}`,
      });
    }
    return { ...x.res, tensors: x.tensors, numExamples: share * total };
  });
  return { accepted, rejected, anomalies, shares: new Map(rows.map((x, i) => [x.res.siteId, shares[i] as number])), bound, norms };
}

function checkPolicy(p: RobustPolicy): void {
  if (!(p.maxWeightShare > 0 && p.maxWeightShare <= 1)) throw new ValueError(`robust.maxWeightShare must be in (0, 1], got ${p.maxWeightShare}`, { field: 'maxWeightShare' });
  if (p.normMode !== 'off' && !(p.normFactor >= 1)) throw new ValueError(`robust.normFactor must be ≥ 1, got ${p.normFactor}`, { field: 'normFactor' });
  if (!(p.minCosine >= -1 && p.minCosine <= 1)) throw new ValueError(`robust.minCosine must be in [-1, 1], got ${p.minCosine}`, { field: 'minCosine' });
}
