/**
 * Scores one trained model the way every cell does: on each site's held-out test fold and the optional
 * external set, at a threshold chosen on validation folds only, plus the shortcut probe on held-out images.
 */
import type { Sample } from '../shared/data/sample.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { labelsOf, scoreSets, validationThreshold, type FullModel } from './model-ops.js';
import { groupProbeAuc, shortcutReliance } from './probe.js';
import { rocAuc } from '../shared/train/metrics.js';
import type { ExpSite } from './sites.js';

/** One model's scores on one labelled set. */
export interface EvalRecord {
  readonly model: string;
  /** A site id, 'external', or 'other-institutions' / 'mixed-all' in the cross-institution section. */
  readonly evalOn: string;
  readonly labels: number[];
  readonly scores: number[];
  readonly threshold: number;
  readonly thresholdNote?: string;
  /** AUC on the deploying site's own validation fold (where it holds both classes): what picks a method, never test. */
  readonly valAuc?: number | null;
  /** That validation fold's labels and this model's scores on it (what an ensemble's operating point is chosen on). */
  readonly val?: { readonly labels: number[]; readonly scores: number[] };
}

/** The shortcut probe of one model. */
export interface ProbeRecord {
  readonly model: string;
  /** Cross-validated AUC of telling the normal-only site's institution from the others, from the features feeding the output. */
  readonly institutionAuc: number | null;
  /** Among held-out normals, AUC of the disease score for "mixed site" vs "normal-only site" (0.5 = no shortcut). */
  readonly shortcutReliance: number | null;
}

/** What to score a model on. */
export interface EvalTargets {
  /** Labelled sets by name (e.g. each site's test fold). */
  readonly sets: Readonly<Record<string, readonly Sample[]>>;
  /** Validation images the threshold is chosen on. */
  readonly val: readonly Sample[];
  /**
   * Per target set, the deploying site's own validation fold: where it holds both classes, that set's threshold
   * is chosen on it instead of `val` (each site calibrates its operating point on its own validation patients).
   */
  readonly valFor?: Readonly<Record<string, readonly Sample[]>>;
  /** Sites whose held-out images feed the shortcut probe (omit to skip it). */
  readonly probeSites?: readonly ExpSite[];
  /** The level the model trained at (what is frozen below it is scored through the trunk cache). */
  readonly level: UnfreezeLevel;
  /** Optional per-site image mapping (harmonisation) applied before scoring the probe sets. */
  readonly mapSite?: (siteId: string, s: readonly Sample[]) => readonly Sample[];
}

/** Scores `m` on every target set and runs the probe; returns records named `name`. */
export async function evaluateFull(m: FullModel, name: string, t: EvalTargets): Promise<{ evals: EvalRecord[]; probe: ProbeRecord | null }> {
  const probeSets: Record<string, readonly Sample[]> = {};
  const normalSite = t.probeSites?.find((s) => s.role === 'normal-only');
  const mixedSite = t.probeSites?.find((s) => s.role === 'mixed');
  for (const s of t.probeSites ?? []) {
    const held = [...s.data.val, ...s.data.test];
    probeSets[`probe:${s.id}`] = t.mapSite ? t.mapSite(s.id, held) : held;
  }
  const ownVal = Object.entries(t.valFor ?? {}).filter(([name]) => name in t.sets).filter(([, v]) => new Set(v.map((x) => x.y)).size === 2);
  const valSets = Object.fromEntries(ownVal.map(([name, v]) => [`__val:${name}`, v]));
  const { scores, features } = await scoreSets(m, { __val: t.val, ...valSets, ...t.sets, ...probeSets }, { level: t.level, withFeatures: t.probeSites !== undefined });
  const pooled = validationThreshold(scores.__val ?? [], labelsOf(t.val));
  const own = new Map(ownVal.map(([name, v]) => [name, validationThreshold(scores[`__val:${name}`] ?? [], labelsOf(v))]));
  const evals: EvalRecord[] = Object.entries(t.sets).map(([evalOn, samples]) => {
    const th = own.get(evalOn) ?? pooled;
    const ownV = ownVal.find(([name]) => name === evalOn)?.[1];
    const valScores = scores[`__val:${evalOn}`] ?? [];
    return {
      model: name,
      evalOn,
      labels: labelsOf(samples),
      scores: scores[evalOn] ?? [],
      threshold: th.threshold,
      ...(th.note ? { thresholdNote: th.note } : {}),
      ...(ownV ? { valAuc: rocAuc(valScores, labelsOf(ownV)).value, val: { labels: labelsOf(ownV), scores: valScores } } : {}),
    };
  });
  if (!t.probeSites || !normalSite || !mixedSite) return { evals, probe: null };
  const rows: Float32Array[] = [];
  const group: number[] = [];
  const patients: string[] = [];
  for (const s of t.probeSites) {
    const f = features[`probe:${s.id}`] ?? [];
    const samples = probeSets[`probe:${s.id}`] ?? [];
    f.forEach((r, i) => {
      rows.push(r);
      group.push(s.institution === normalSite.institution ? 1 : 0);
      patients.push(`${s.id}:${samples[i]?.patient ?? i}`);
    });
  }
  const normalsOf = (s: ExpSite) => {
    const sc = scores[`probe:${s.id}`] ?? [];
    const smp = probeSets[`probe:${s.id}`] ?? [];
    return sc.filter((_, i) => smp[i]?.y === 0);
  };
  return {
    evals,
    probe: { model: name, institutionAuc: groupProbeAuc(rows, group, patients, 5, 7), shortcutReliance: shortcutReliance(normalsOf(mixedSite), normalsOf(normalSite)) },
  };
}

/** The evaluation set name of the external set (`--external`, or the config's held-out carve). */
export const EXTERNAL = 'external';

/** The model name of the centralised baseline that pools every site's images (and the stem of its tuning cells' names). */
export const POOLED_ALL = 'pooled (all sites)';

/** The model name of an init scored before any training (the probe's cell, and each seed's folds as a central cell). */
export const UNTRAINED_INIT = 'before training (init)';

/**
 * Each site's own validation fold by site id (the per-site operating points of `EvalTargets.valFor`), and the
 * mixed site's as the external set's: that set stands for the mixed institution, so it takes its operating point.
 */
export function ownValidation(sites: readonly ExpSite[]): Record<string, readonly Sample[]> {
  const mixed = sites.find((s) => s.role === 'mixed');
  return { ...Object.fromEntries(sites.map((s) => [s.id, s.data.val])), ...(mixed ? { [EXTERNAL]: mixed.data.val } : {}) };
}

/** Each site's test fold by site id, plus 'external' when given. */
export function testSets(sites: readonly ExpSite[], external?: readonly Sample[]): Record<string, readonly Sample[]> {
  const out: Record<string, readonly Sample[]> = {};
  for (const s of sites) out[s.id] = s.data.test;
  if (external && external.length > 0) out[EXTERNAL] = external;
  return out;
}
