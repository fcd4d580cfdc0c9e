/**
 * The poisoning demonstration: three sites, one hostile, four attacks (scaled, sign-flipped, model
 * replacement, inflated counts). Each strategy's new global is compared with the honest-only FedAvg aggregate;
 * the distance is reported in units of the median honest update norm (1.0 = one honest step). Pure and seeded:
 * the test and `npm run bench -- poisoning` compute the same table.
 */
import { mulberry32 } from '../shared/domain/random.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { fedAvg, l2Distance, coordinateMedian, trimmedMean, inSiteOrder } from '../shared/federation/aggregate.js';
import type { Anomaly } from '../shared/federation/anomaly.js';
import { lowerMedian, updateNorm } from '../shared/federation/norm-bound.js';
import { DEFAULT_ROBUST_POLICY, NO_SCREEN_POLICY, screenUpdates, type RobustPolicy } from '../shared/federation/screen-updates.js';
import type { FitRes } from '../shared/federation/types.js';

/** The four attacks of issue 11. */
export const ATTACKS = ['scaled', 'sign-flip', 'model-replacement', 'inflated-counts'] as const;
/** One of ATTACKS. */
export type Attack = (typeof ATTACKS)[number];

/** The aggregators compared. */
export const AGGREGATORS = ['fedavg (no screen)', 'default (screened fedavg)', 'default, unenrolled', 'median', 'trimmed-mean 0.2'] as const;

/** One row: an attack, an aggregator, the distance to the honest-only aggregate and what the screen named. */
export interface PoisoningRow {
  readonly attack: Attack;
  readonly aggregator: (typeof AGGREGATORS)[number];
  /** ‖global − honest-only global‖ / median honest update norm. */
  readonly relDistance: number;
  readonly anomalies: readonly Anomaly[];
}

const HOSTILE = 'site-c';
const COUNTS: Readonly<Record<string, number>> = { 'site-a': 100, 'site-b': 120, 'site-c': 80 };

/** A seeded global model of `n` values and three honest updates sharing a direction plus per-site noise. */
export function honestRound(n = 2000, seed = 11): { global: TensorSet; honest: FitRes[] } {
  const rng = mulberry32(seed);
  const g = Float32Array.from({ length: n }, () => rng.normal());
  const common = Float32Array.from({ length: n }, () => rng.normal() * 0.02);
  const global: TensorSet = [{ name: 'head/kernel', shape: [n], data: g }];
  const honest = Object.keys(COUNTS).map((siteId): FitRes => {
    const d = Float32Array.from({ length: n }, (_, j) => (g[j] as number) + (common[j] as number) + rng.normal() * 0.01);
    return { runId: 'demo', round: 1, siteId, numExamples: COUNTS[siteId] as number, tensors: [{ name: 'head/kernel', shape: [n], data: d }], metrics: { trainLoss: 0.5 } };
  });
  return { global, honest };
}

/** The hostile site's result under `attack`, built from its honest result. */
export function poison(attack: Attack, global: TensorSet, honest: FitRes): FitRes {
  const g = (global[0] as TensorSet[number]).data;
  const h = (honest.tensors[0] as TensorSet[number]).data;
  const rng = mulberry32(99);
  const at = (f: (j: number) => number): TensorSet => [{ name: 'head/kernel', shape: [g.length], data: Float32Array.from({ length: g.length }, (_, j) => f(j)) }];
  const delta = (j: number): number => (h[j] as number) - (g[j] as number);
  switch (attack) {
    case 'scaled':
      return { ...honest, tensors: at((j) => (g[j] as number) + 50 * delta(j)) };
    case 'sign-flip':
      return { ...honest, tensors: at((j) => (g[j] as number) - delta(j)) };
    case 'model-replacement': {
      // The attack: the global plus a chosen change of norm 9,999.
      const x = Float32Array.from({ length: g.length }, () => rng.normal());
      const nx = Math.hypot(...x);
      return { ...honest, tensors: at((j) => (g[j] as number) + ((x[j] as number) * 9999) / nx) };
    }
    case 'inflated-counts':
      return { ...honest, numExamples: 2 ** 32 - 1, tensors: at((j) => (g[j] as number) - delta(j)) };
  }
}

function aggregate(name: PoisoningRow['aggregator'], global: TensorSet, results: readonly FitRes[]): { set: TensorSet; anomalies: Anomaly[] } {
  const enrolled = new Map(Object.entries(COUNTS));
  const screened = (policy: RobustPolicy, e: ReadonlyMap<string, number>): { set: TensorSet; anomalies: Anomaly[] } => {
    const s = screenUpdates(global, results, e, policy);
    return { set: fedAvg(s.accepted), anomalies: s.anomalies };
  };
  switch (name) {
    case 'fedavg (no screen)':
      return screened(NO_SCREEN_POLICY, new Map());
    case 'default (screened fedavg)':
      return screened(DEFAULT_ROBUST_POLICY, enrolled);
    case 'default, unenrolled':
      return screened(DEFAULT_ROBUST_POLICY, new Map());
    case 'median':
      return { set: coordinateMedian(inSiteOrder(results).map((r) => r.tensors)), anomalies: [] };
    case 'trimmed-mean 0.2':
      return { set: trimmedMean(inSiteOrder(results).map((r) => r.tensors), 0.2), anomalies: [] };
  }
}

/** Every attack × aggregator, distances relative to the median honest update norm. */
export function poisoningTable(): PoisoningRow[] {
  const { global, honest } = honestRound();
  const honestOnly = fedAvg(honest.filter((r) => r.siteId !== HOSTILE));
  const unit = lowerMedian(honest.map((r) => updateNorm(r.tensors, global)));
  const rows: PoisoningRow[] = [];
  for (const attack of ATTACKS) {
    const results = honest.map((r) => (r.siteId === HOSTILE ? poison(attack, global, r) : r));
    for (const aggregator of AGGREGATORS) {
      const { set, anomalies } = aggregate(aggregator, global, results);
      rows.push({ attack, aggregator, relDistance: l2Distance(set, honestOnly) / unit, anomalies });
    }
  }
  return rows;
}

/** The hostile site's id in the demonstration. */
export const HOSTILE_SITE = HOSTILE;
