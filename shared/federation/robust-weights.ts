/**
 * Aggregation weights a single site cannot inflate: a reported example count is capped by what the
 * operator enrolled for that site, and no site's share of the total weight may exceed a cap (the excess is
 * spread over the others, water-filling style). Pure arithmetic over plain numbers.
 */
import { ValueError } from '../domain/errors.js';

/** Default largest share of the round's total weight one site may carry. @default 0.5 */
export const DEFAULT_MAX_WEIGHT_SHARE = 0.5;

/** A count after capping, and whether the cap bit. */
export interface CappedCount {
  readonly count: number;
  readonly capped: boolean;
}

/**
 * `reported` limited to `enrolled` (the operator's figure); unchanged when nothing was enrolled.
 * @example capCount(4294967295, 120) // { count: 120, capped: true }
 */
export function capCount(reported: number, enrolled: number | undefined): CappedCount {
  if (!(reported > 0) || !Number.isFinite(reported)) throw new ValueError(`example count must be positive and finite, got ${reported}`, { field: 'numExamples' });
  if (enrolled === undefined || reported <= enrolled) return { count: reported, capped: false };
  return { count: enrolled, capped: true };
}

/**
 * Normalised shares (summing to 1) from positive weights, none above `maxShare`. Sites over the cap are pinned
 * at it and the rest of the mass is split among the others in proportion to their weights, repeated until
 * nobody exceeds it. When `maxShare·K < 1` no assignment can satisfy the cap and every site gets 1/K.
 * @example capShares([1, 1, 1e9], 0.5) // [0.25, 0.25, 0.5]
 */
export function capShares(weights: readonly number[], maxShare: number): number[] {
  const k = weights.length;
  if (k === 0) return [];
  if (!(maxShare > 0 && maxShare <= 1)) throw new ValueError(`maxShare must be in (0, 1], got ${maxShare}`, { field: 'maxShare' });
  for (const w of weights) if (!(w > 0) || !Number.isFinite(w)) throw new ValueError(`weights must be positive and finite, got ${w}`, { field: 'weights' });
  if (maxShare * k <= 1) return weights.map(() => 1 / k);
  const pinned = new Array<boolean>(k).fill(false);
  const shares = new Array<number>(k).fill(0);
  for (;;) {
    let freeMass = 1;
    let freeWeight = 0;
    for (let i = 0; i < k; i++) {
      if (pinned[i]) freeMass -= maxShare;
      else freeWeight += weights[i] as number;
    }
    let changed = false;
    for (let i = 0; i < k; i++) {
      if (pinned[i]) {
        shares[i] = maxShare;
        continue;
      }
      const s = (freeMass * (weights[i] as number)) / freeWeight;
      shares[i] = s;
      // Small tolerance: a share equal to the cap up to rounding is not over it.
      if (s > maxShare * (1 + 1e-12)) {
        pinned[i] = true;
        changed = true;
      }
    }
    if (!changed) return shares;
  }
}

/** What the operator enrolled for one site in coordinator.yaml (absent fields are not enforced). */
export interface Enrolment {
  /** Most training examples the site may count. */
  readonly train?: number | undefined;
  /** Most test examples the site may report in an evaluation. */
  readonly test?: number | undefined;
}
