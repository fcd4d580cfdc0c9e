/**
 * The experiment's plan: every cell in run order (inits first), each with a key, its place in the report
 * and a time estimate from per-image costs measured on this project's 2-core machine (native engine with bf16, 64 px;
 * fitted to the cell times of `--preset real` on the idle machine, runs/exp-real-v4, 2026-12-06: 48 min estimated
 * for its 42 min 46 s, and for runs/exp-real-v5's 42 min 2 s; for runs/exp-real-v8, with FedAdam and the held-out
 * carve, 59 min for 59 min 0 s; runs/exp-real-v10 after the bootstrap speed-up, 57 min 39 s printed at the configured
 * level and about 52 min once tuning had chosen, for 50 min 55 s), scaled by image area. Cells after tuning are
 * priced at the level it chose once its cells are stored (`tunedLevels`), else at the configured level; the
 * estimate is printed before the run starts.
 */
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import type { CellMeta } from './aggregate.js';
import type { ExperimentConfig, InitName } from './config.js';
import { methodSpec } from './methods.js';
import { ownInit, pretrainKey } from './init-seeds.js';
import { alignKey, budgetGrid, scaffoldRateKey, serverRateKey, tuneKey, usesAlignment, usesScaffold, usesServerRate, type TunedLevel } from './budget.js';

/** Seconds per training image per epoch at 64 px by level (cached trunk below the level). */
const SECONDS_PER_IMAGE_EPOCH: Readonly<Record<UnfreezeLevel, number>> = { FC: 0.0008, '+B5': 0.0055, '+B4': 0.02, '+B3': 0.025, '+B2': 0.025, '+B1': 0.017 };
/** Seconds per image of one forward pass (trunk cache fill, scoring) at 64 px. */
const SECONDS_PER_FORWARD = 0.006;
/** Fixed cost of building and scoring a cell's models. */
const CELL_OVERHEAD = 1;
/** Round machinery of a federated simulation (broadcast, encode, validate, aggregate, commit) per round: the head alone at FC, block 5 too above. */
const roundOverhead = (level: UnfreezeLevel): number => (level === 'FC' ? 0.1 : 0.5);
/**
 * Share of a full forward pass that filling the trunk cache and scoring cost at a level: at FC the cache holds
 * every convolution and only the head runs (fitted to the FC cells of exp-real-v9 and exp-paper-v8, 1–3 s each
 * where the full-forward pricing gave 5–11 s).
 */
const forwardShare = (level: UnfreezeLevel): number => (level === 'FC' ? 0.05 : 1);

/** The store key of a centralised baseline cell (`kind`: 'pooled', 'pooled-skewed', 'alone:N' or 'init', the untrained init). */
export const centralKey = (init: string, size: string, seed: number, kind: string): string => `central/${init}/${size}/s${seed}/${kind}`;

/** One planned cell. */
export interface PlannedCell {
  readonly key: string;
  readonly meta: CellMeta;
  readonly label: string;
  readonly estimateSeconds: number;
}

/** Site image counts the plan needs (train images per site at each size). */
export interface PlanCounts {
  readonly trainBySize: Readonly<Record<string, readonly number[]>>;
  readonly allBySize: Readonly<Record<string, number>>;
  readonly mixedStudy: number;
}

/** Counts from the config alone (before any data is loaded), using the configured split fractions. */
export function countsFromConfig(c: ExperimentConfig): PlanCounts {
  const n = (x: { normal: number; disease: number }) => x.normal + x.disease;
  const trainFrac = 1 - c.split.test - c.split.val;
  const sizes: Record<string, number[]> = { study: [n(c.sizes.gz), n(c.sizes.nihcc), n(c.sizes.mixed)] };
  if (c.sizes.mixedScaled) sizes.scaled = [n(c.sizes.gz), n(c.sizes.nihcc), n(c.sizes.mixedScaled)];
  const trainBySize: Record<string, number[]> = {};
  const allBySize: Record<string, number> = {};
  for (const [k, v] of Object.entries(sizes)) {
    trainBySize[k] = v.map((x) => Math.round(x * trainFrac));
    allBySize[k] = v.reduce((a, b) => a + b, 0);
  }
  return { trainBySize, allBySize, mixedStudy: n(c.sizes.mixed) };
}

/** Every cell of the experiment, in run order; `tuned` prices the cells whose budget tuning has already chosen. */
export function planCells(c: ExperimentConfig, counts: PlanCounts = countsFromConfig(c), tuned: TunedLevel = () => undefined): PlannedCell[] {
  const area = (c.inputSize / 64) ** 2;
  const train = (images: number, epochs: number, level: UnfreezeLevel) =>
    area * (images * epochs * SECONDS_PER_IMAGE_EPOCH[level] + (level === '+B1' ? 0 : images * SECONDS_PER_FORWARD * forwardShare(level)));
  // Without a level: a full forward (the pretraining, probe and sweep cells, as fitted).
  const score = (images: number, level?: UnfreezeLevel) => area * images * SECONDS_PER_FORWARD * (level ? forwardShare(level) : 1);
  // Every trained model is also scored on the held-out carve (the external set); its frozen-trunk features are
  // cached from the first model of an init on, so an image costs about half a forward (fitted to exp-real-v8).
  const held = c.holdout.perClass;
  // Order: the federated comparison (the heart) and cross-institution first, the sweep last, each pretrained
  // init just before the first section that needs it — so a run cut short loses the sweep, not the comparison.
  const out: PlannedCell[] = [];
  const pretrained = new Set<string>();
  // `seed`: the comparison seed's own init (federated.initPerSeed); none: the run's.
  const pretrain = (inits: readonly InitName[], seed?: number) => {
    if (c.kind !== 'real') return;
    for (const name of inits) {
      const key = pretrainKey(c, name, seed);
      if ((name !== 'pneumonia' && name !== 'related') || pretrained.has(key)) continue;
      pretrained.add(key);
      const p = c.pretrain[name];
      const images = 2 * p.perClass;
      const own = ownInit(c, seed);
      const label = own ? `pretrain ${name} init for seed ${seed}` : `pretrain ${name} init`;
      out.push({ key, meta: { section: 'pretrain', init: name, ...(own ? { seed } : {}) }, label, estimateSeconds: CELL_OVERHEAD + train(images, p.epochs, '+B1') + score(images) });
    }
  };
  const sweep: PlannedCell[] = [];
  const cross: PlannedCell[] = [];
  if (c.sweep.enabled) {
    const sweepInits = [...c.sweep.inits, ...(c.imagenetCheckpoint && !c.sweep.inits.includes('imagenet') ? ['imagenet' as const] : [])];
    const trainImgs = Math.round((counts.mixedStudy * (c.sweep.folds - 1)) / c.sweep.folds * 0.75);
    for (const init of sweepInits)
      for (const level of c.sweep.levels)
        for (let r = 0; r < c.sweep.repeats; r++)
          for (let f = 0; f < c.sweep.folds; f++)
            sweep.push({
              key: `sweep/${init}/${level}/r${r}/f${f}`,
              meta: { section: 'sweep', init, level, repeat: r, fold: f },
              label: `sweep ${init} ${level} repeat ${r + 1} fold ${f + 1}`,
              estimateSeconds: CELL_OVERHEAD + train(trainImgs, c.sweep.epochs, level) + score(counts.mixedStudy + held),
            });
  }
  if (c.cross.enabled) {
    const study = counts.trainBySize.study ?? [];
    const crossCost = (imgs: number, level: UnfreezeLevel) => CELL_OVERHEAD + train(imgs, c.cross.epochs, level) + score((counts.allBySize.study ?? 0) + held, level);
    for (const init of c.cross.inits)
      for (const direction of ['skewed-to-mixed', 'mixed-to-skewed'] as const) {
        const imgs = direction === 'skewed-to-mixed' ? (study[0] ?? 0) + (study[1] ?? 0) : (study[2] ?? 0);
        cross.push({ key: `cross/${init}/${direction}`, meta: { section: 'cross', init, method: direction }, label: `cross-institution ${init} ${direction}`, estimateSeconds: crossCost(imgs, tuned('central', init) ?? c.cross.level) });
      }
  }
  const tuneInits = [...new Set([...(c.federated.enabled ? c.federated.inits : []), ...(c.cross.enabled ? c.cross.inits : [])])];
  if (c.tune.enabled && tuneInits.length > 0) {
    pretrain(tuneInits);
    const study = counts.trainBySize.study ?? [];
    const imgs = study.reduce((a, b) => a + b, 0);
    const epochs = c.federated.rounds * c.federated.localEpochs;
    for (const init of tuneInits)
      for (const arm of ['central', 'federated'] as const)
        for (const b of budgetGrid(c))
          out.push({
            key: tuneKey(arm, init, b),
            meta: { section: 'tune', init, level: b.level, method: arm, learningRate: b.learningRate },
            label: `tune ${arm} ${init} ${b.level} lr ${b.learningRate}`,
            estimateSeconds: CELL_OVERHEAD + (arm === 'federated' ? c.federated.rounds * roundOverhead(b.level) : 0) + train(imgs, epochs, b.level) + score(2 * c.tune.perClass, b.level),
          });
    // A method's own number (λ, FedAdam's η), each value one federated run at the federated budget's level
    // (known once the cells above finished); `scored`: images scored beyond the tuning carve.
    const atBudget = (key: string, meta: CellMeta, label: string, scored: number): PlannedCell => {
      const level = tuned('federated', meta.init as InitName) ?? c.federated.level;
      return { key, meta, label, estimateSeconds: CELL_OVERHEAD + c.federated.rounds * roundOverhead(level) + train(imgs, epochs, level) + score(scored + 2 * c.tune.perClass, level) };
    };
    if (c.federated.enabled && usesAlignment(c))
      for (const init of c.federated.inits)
        for (const w of c.federated.prototypeWeights) out.push(atBudget(alignKey(init, w), { section: 'tune', init, method: 'aligned', alignWeight: w }, `tune aligned ${init} λ ${w}`, imgs));
    if (c.federated.enabled && usesServerRate(c))
      for (const init of c.federated.inits)
        for (const eta of c.tune.learningRates) out.push(atBudget(serverRateKey(init, eta), { section: 'tune', init, method: 'fedadam', learningRate: eta }, `tune fedadam ${init} η ${eta}`, 0));
    if (c.federated.enabled && usesScaffold(c))
      for (const init of c.federated.inits)
        for (const r of c.federated.scaffoldRates) out.push(atBudget(scaffoldRateKey(init, r), { section: 'tune', init, method: 'scaffold', learningRate: r }, `tune scaffold ${init} lr ${r}`, 0));
  }
  if (c.federated.enabled) {
    const f = c.federated;
    pretrain(f.inits);
    for (const seed of f.seeds) pretrain(f.inits, seed);
    const epochs = f.rounds * f.localEpochs;
    for (const init of f.inits)
      for (const size of f.sizes) {
        const centralLevel = tuned('central', init) ?? f.level;
        const fedLevel = tuned('federated', init) ?? f.level;
        const tr = counts.trainBySize[size];
        if (!tr) continue;
        const all = counts.allBySize[size] ?? 0;
        const total = tr.reduce((a, b) => a + b, 0);
        out.push({ key: `probe/${init}/${size}`, meta: { section: 'probe', init, size }, label: `probe ${init} ${size} before training`, estimateSeconds: CELL_OVERHEAD + score(all) });
        for (const seed of f.seeds) {
          // The untrained init on this seed's folds: scoring only.
          out.push({ key: centralKey(init, size, seed, 'init'), meta: { section: 'central', init, size, seed, method: 'init' }, label: `init ${init} ${size} seed ${seed} untrained`, estimateSeconds: CELL_OVERHEAD + 2 * score(all, centralLevel) + score(held, centralLevel) });
          const kinds = ['pooled', 'pooled-skewed', 'alone:0', 'alone:1', 'alone:2'];
          for (const kind of kinds) {
            const imgs = kind === 'pooled' ? total : kind === 'pooled-skewed' ? (tr[0] ?? 0) + (tr[1] ?? 0) : (tr[Number(kind.slice(6))] ?? 0);
            out.push({ key: centralKey(init, size, seed, kind), meta: { section: 'central', init, size, seed, method: kind }, label: `${kind} ${init} ${size} seed ${seed}`, estimateSeconds: CELL_OVERHEAD + train(imgs, epochs, centralLevel) + 2 * score(all, centralLevel) + score(held, centralLevel) });
          }
          for (const method of f.methods) {
            // FedPer federates the blocks below the head, so it runs at +B5 where the tuned level is FC (federated.ts).
            const level = methodSpec(method).localHead && fedLevel === 'FC' ? '+B5' : fedLevel;
            out.push({
              key: `federated/${init}/${size}/s${seed}/${method}`,
              meta: { section: 'federated', init, size, seed, method },
              label: `federated ${method} ${init} ${size} seed ${seed}`,
              estimateSeconds: CELL_OVERHEAD + f.rounds * roundOverhead(level) + train(total, epochs, level) + train(total, f.finetuneEpochs, 'FC') + 3 * score(all, level) + 2 * score(held, level),
            });
          }
        }
      }
  }
  if (c.cross.enabled) pretrain(c.cross.inits);
  out.push(...cross);
  if (c.sweep.enabled) pretrain(c.sweep.inits);
  out.push(...sweep);
  return out;
}
