/**
 * The training budget of each arm, chosen on validation: a tuning cell trains one (level, learning rate) of
 * the grid — centralised on all sites pooled, or federated with FedAvg — and scores it on the tuning carve
 * (the mixed institution's images that no site, fold or pretraining set holds). The best AUC per arm and init
 * is the budget every later cell of that arm uses; ties go to the earlier grid entry, and a model whose scores
 * collapsed to one value never wins. The same choice picks the alignment weight λ and FedAdam's server rate η,
 * each from its own tuning cells at the federated budget. Pure choice, stored cells.
 */
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { rocAuc } from '../shared/train/metrics.js';
import type { ExperimentConfig, InitName } from './config.js';
import { collapsed } from './collapse.js';
import type { EvalRecord } from './evaluate-model.js';

/** The two arms that get their own budget. */
export type Arm = 'central' | 'federated';

/**
 * The level an arm's cells of an init train at, when the tuning cells have already chosen it (`tunedLevels`);
 * undefined prices the configured level (`federated.level`, or `cross.level` for the cross cells).
 */
export type TunedLevel = (arm: Arm, init: InitName) => UnfreezeLevel | undefined;

/** A level and learning rate. */
export interface Budget {
  readonly level: UnfreezeLevel;
  readonly learningRate: number;
}

/** The evaluation set name a tuning cell scores on. */
export const TUNE_SET = 'tuning carve';

/** The grid in order (levels outer, learning rates inner). */
export function budgetGrid(c: ExperimentConfig): Budget[] {
  return c.tune.levels.flatMap((level) => c.tune.learningRates.map((learningRate) => ({ level, learningRate })));
}

/** The store key of one tuning cell. */
export function tuneKey(arm: Arm, init: InitName, b: Budget): string {
  return `tune/${arm}/${init}/${b.level}/lr${b.learningRate}`;
}

/** The store key of one tuning cell of the alignment weight λ. */
export function alignKey(init: InitName, weight: number): string {
  return `tune/aligned/${init}/w${weight}`;
}

/** Whether any compared method uses class-prototype alignment (then λ is tuned). */
export function usesAlignment(c: ExperimentConfig): boolean {
  return c.federated.methods.some((m) => m.endsWith('aligned'));
}

/**
 * The alignment weight of an init: the best tuning-carve AUC among `federated.prototypeWeights` (ties to the
 * earlier, collapsed models never win), or the first weight when tuning is off or nothing has finished.
 */
export function chooseAlignWeight(c: ExperimentConfig, scored: ReadonlyMap<string, readonly EvalRecord[]>, init: InitName): number {
  return bestTuned(c, c.federated.prototypeWeights, (w) => scored.get(alignKey(init, w)));
}

/** The store key of one tuning cell of FedAdam's server rate η. */
export function serverRateKey(init: InitName, eta: number): string {
  return `tune/fedadam/${init}/eta${eta}`;
}

/** Whether any compared method uses a server optimizer (then its server rate is tuned). */
export function usesServerRate(c: ExperimentConfig): boolean {
  return c.federated.methods.includes('fedadam');
}

/**
 * FedAdam's server rate η of an init: the best tuning-carve AUC among `tune.learningRates` at the federated
 * budget's level (ties to the earlier, collapsed models never win), or the first rate when tuning is off.
 */
export function chooseServerRate(c: ExperimentConfig, scored: ReadonlyMap<string, readonly EvalRecord[]>, init: InitName): number {
  if (!c.tune.enabled && c.federated.serverLearningRate !== undefined) return c.federated.serverLearningRate;
  return bestTuned(c, c.tune.learningRates, (eta) => scored.get(serverRateKey(init, eta)));
}

/** The store key of one tuning cell of the SCAFFOLD methods' local SGD rate. */
export function scaffoldRateKey(init: InitName, rate: number): string {
  return `tune/scaffold/${init}/lr${rate}`;
}

/** Whether any compared method uses SCAFFOLD (then its local SGD rate is tuned). */
export function usesScaffold(c: ExperimentConfig): boolean {
  return c.federated.methods.some((m) => m.endsWith('scaffold'));
}

/**
 * The SCAFFOLD methods' local SGD rate of an init: the best tuning-carve AUC among `federated.scaffoldRates` at the
 * federated budget's level (ties to the earlier, collapsed models never win), or the first rate when tuning is off.
 */
export function chooseScaffoldRate(c: ExperimentConfig, scored: ReadonlyMap<string, readonly EvalRecord[]>, init: InitName): number {
  return bestTuned(c, c.federated.scaffoldRates, (r) => scored.get(scaffoldRateKey(init, r)));
}

/** The value of `values` whose tuning cell scored best (ties to the earlier), or the first one. */
function bestTuned(c: ExperimentConfig, values: readonly number[], evalsOf: (v: number) => readonly EvalRecord[] | undefined): number {
  let best: { v: number; auc: number } | null = null;
  if (c.tune.enabled) {
    for (const v of values) {
      const auc = tuneAuc(evalsOf(v) ?? []);
      if (auc !== null && (best === null || auc > best.auc)) best = { v, auc };
    }
  }
  return best?.v ?? (values[0] as number);
}

/** The budget when tuning is off: the configured level and learning rate. */
export function configuredBudget(c: ExperimentConfig): Budget {
  return { level: c.federated.level, learningRate: c.train.learningRate };
}

/**
 * The best budget of an arm from its tuning cells' records (a missing or undefined AUC ranks last);
 * the configured budget when tuning is off or no cell has finished.
 */
export function chooseBudget(c: ExperimentConfig, scored: ReadonlyMap<string, readonly EvalRecord[]>, arm: Arm, init: InitName): Budget {
  if (!c.tune.enabled) return configuredBudget(c);
  let best: { b: Budget; auc: number } | null = null;
  for (const b of budgetGrid(c)) {
    const auc = tuneAuc(scored.get(tuneKey(arm, init, b)) ?? []);
    if (auc !== null && (best === null || auc > best.auc)) best = { b, auc };
  }
  return best?.b ?? configuredBudget(c);
}

/**
 * The tuning-carve AUC in a tuning cell's records, or null — also null when the scores collapsed to practically
 * one value (`collapse.ts`): such a model (e.g. dead ReLUs at too high a learning rate) has an AUC of ties or
 * residue but cannot be thresholded, and must not win over a model that ranks, however badly.
 */
export function tuneAuc(evals: readonly EvalRecord[]): number | null {
  const e = evals.find((x) => x.evalOn === TUNE_SET);
  if (!e || collapsed(e.scores)) return null;
  return rocAuc(e.scores, e.labels).value;
}
