/**
 * Which init a cell starts from, by name: the run's one init (tuning, the sweep, cross-institution, the probe) or,
 * with `federated.initPerSeed`, each comparison seed's own — its random draw and, for a pretrained init, its own
 * pretraining on the same carve. Pure: the plan prices these cells and the cells load them by the same names.
 */
import { deriveSeed } from '../shared/domain/random.js';
import type { ExperimentConfig, InitName } from './config.js';

/** Separates the per-seed inits' seeds from every other seed derived from the run seed. */
const INIT_STREAM = 0x1417;

/** Whether comparison seed `seed` starts from its own init (`federated.initPerSeed` on and a seed given). */
export function ownInit(cfg: ExperimentConfig, seed: number | undefined): seed is number {
  return seed !== undefined && cfg.federated.initPerSeed;
}

/**
 * The seed an init is drawn (random) or pretrained (related, pneumonia) with: the run seed, or with
 * `federated.initPerSeed` and a comparison seed, one derived from both, so each seed of the comparison starts from
 * its own draw and the spread over seeds includes the init's.
 */
export function initSeed(cfg: ExperimentConfig, seed?: number): number {
  return ownInit(cfg, seed) ? deriveSeed(cfg.train.seed, INIT_STREAM + seed) : cfg.train.seed;
}

/** Where a pretrained init's tensors live in the store: `related`, or `related-s2` for comparison seed 2's own. */
export function initStoreName(cfg: ExperimentConfig, name: InitName, seed?: number): string {
  return ownInit(cfg, seed) ? `${name}-s${seed}` : name;
}

/** The key of the cell that pretrains init `name` (for comparison seed `seed` with `federated.initPerSeed`). */
export function pretrainKey(cfg: ExperimentConfig, name: InitName, seed?: number): string {
  return ownInit(cfg, seed) ? `pretrain/${name}/s${seed}` : `pretrain/${name}`;
}
