/**
 * The local trainer: a custom loop (tf.variableGrads + optimizer.applyGradients) over the variables that
 * train at the unfreeze level only, with class-weighted BCE, an optional FedProx proximal term, seeded
 * shuffling and dropout masks, optional augmentation, and — when augmentation is off — the frozen-trunk feature cache.
 * `LocalTrainer` runs one epoch at a time (the pretrain command checkpoints between epochs);
 * `trainLocal` adds the epoch loop with early stopping.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, throwIfCancelled } from '../domain/errors.js';
import type { Sample } from '../data/sample.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { applyUnfreeze, splitAtLevel } from '../model/unfreeze.js';
import { setDropoutSeed } from '../model/seeded-dropout.js';
import { frozenTensorSet } from '../model/weights.js';
import { hashTensorSet } from '../model/hash.js';
import { OUTPUT_LAYER_NAME } from '../model/vgg16.js';
import { logger } from '../log.js';
import { fuseForNativeTraining } from '../engine/native/index.js';
import { bceLoss, modelInputSize, scoreRows } from './evaluate.js';
import type { FeatureCache } from './feature-cache.js';
import { packRows } from './forward.js';
import { rocAuc } from './metrics.js';
import { createOptimizer, type TrainOptimizer } from './optimizer.js';
import { trainStep, type StepNet } from './step.js';
import type { UnfreezeLevel } from '../domain/levels.js';
import type { OptimizerKind } from '../domain/kinds.js';
import { deriveSeed, seededPermutation } from '../domain/random.js';
import type { ClassPrototype } from '../domain/prototype.js';
import { alignTargets, localPrototypes } from './align.js';

const log = logger('train.trainer');

/** Separates the dropout-mask seeds from the shuffle and augmentation seeds derived from the same run seed. */
const DROPOUT_STREAM = 0x0d50;

/** Class weights of the BCE loss: a number per label, or 'balanced' (n / (2·n_class), as sklearn). */
export type ClassWeights = { readonly 0: number; readonly 1: number } | 'balanced';

/** Augments a packed batch of `n` HWC images of side `inputSize` in place or as a copy; seeded. */
export type AugmentFn = (batch: Float32Array, n: number, inputSize: number, seed: number) => Float32Array;

/** Training hyper-parameters. */
export interface TrainConfig {
  /** Epochs to run (upper bound with early stopping). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** @default 'adam' */
  readonly optimizer?: OptimizerKind;
  /** Seed of shuffling and augmentation (combined with the epoch number). */
  readonly seed: number;
  /** @default { 0: 1, 1: 1 } */
  readonly classWeights?: ClassWeights;
  /**
   * Logit-adjusted loss: BCE on σ(logit + log((n₁+1)/(n₀+1))) from this training set's class counts, with
   * unit class weights (the adjustment replaces reweighting). @default false
   */
  readonly logitAdjust?: boolean;
  /** FedProx μ: adds μ/2·‖w − w_global‖² over the trainable weights. @default 0 */
  readonly proximalMu?: number;
  /** Stop when the monitored validation value has not improved for `patience` epochs. @default none */
  readonly earlyStopping?: EarlyStoppingConfig;
  /** Class-prototype alignment: weight λ and the global prototypes to align to (both classes, else no term). @default off */
  readonly align?: { readonly weight: number; readonly targets: readonly ClassPrototype[] };
}

/** Early stopping on a validation quantity. */
export interface EarlyStoppingConfig {
  /** @default 'val_loss' */
  readonly monitor: 'val_loss' | 'val_auc';
  readonly patience: number;
  /** Put back the best epoch's trainable weights at the end. @default true */
  readonly restoreBest?: boolean;
  /** Smallest change that counts as improvement. @default 0 */
  readonly minDelta?: number;
}

/** What one epoch did. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly valLoss?: number;
  readonly valAuc?: number | null;
  readonly valAccuracy?: number;
  readonly seconds: number;
  /** 'cached' = only the top trained on cached trunk activations; 'full' = whole-model forward. */
  readonly mode: 'cached' | 'full';
  /** Seconds spent filling the feature cache this epoch (0 when warm or unused). */
  readonly cacheFillSeconds: number;
}

/** Options of LocalTrainer / trainLocal. */
export interface TrainOptions {
  readonly model: tf.LayersModel;
  readonly level: UnfreezeLevel;
  readonly train: readonly Sample[] | { readonly samples: readonly Sample[] };
  readonly val?: readonly Sample[] | { readonly samples: readonly Sample[] };
  readonly config: TrainConfig;
  /** Frozen-trunk cache; used only when augmentation is off and something is frozen. @default none */
  readonly featureCache?: FeatureCache;
  /** SHA-256 of the frozen tensors, if the caller knows it (FitIns.trunkHash); computed otherwise. */
  readonly trunkHash?: string;
  /** Augmentation of training batches; turns the feature cache off. @default none */
  readonly augment?: AugmentFn;
  /** Centre of the proximal term (the round's global trainable tensors). @default weights at start */
  readonly proximalCenter?: TensorSet;
  /** SCAFFOLD's correction c − cᵢ, added to every step's gradient (named as the trainable tensors). @default none */
  readonly stepCorrection?: TensorSet;
  /** Report the trained model's per-class mean features (classes with at least this many images). @default none */
  readonly reportPrototypes?: { readonly minCount: number };
  /** Called after every epoch; may be async (e.g. to checkpoint). */
  readonly onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** Called after every batch with (batch index, batches per epoch, batch loss). */
  readonly onBatch?: (batch: number, batches: number, loss: number) => void;
  /** Stops training at the next batch boundary (CancelledError) once aborted. @default never */
  readonly signal?: AbortSignal;
}

/** Result of trainLocal. */
export interface TrainResult {
  readonly epochs: EpochLog[];
  readonly numExamples: number;
  readonly finalLoss: number;
  /** Epoch whose weights the model holds at the end (the best one with restoreBest). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** With `reportPrototypes`: the per-class mean features of the final weights. */
  readonly prototypes?: ClassPrototype[];
  /** Optimizer steps behind the weights the model holds (the best epoch's, with restoreBest). */
  readonly steps: number;
}

const samplesOf = (d: TrainOptions['train']): readonly Sample[] => ('samples' in d ? d.samples : d);

/** Resolves 'balanced' class weights from label counts. */
export function resolveClassWeights(w: ClassWeights | undefined, samples: readonly Pick<Sample, 'y'>[]): { 0: number; 1: number } {
  if (w === undefined) return { 0: 1, 1: 1 };
  if (w !== 'balanced') return { 0: w[0], 1: w[1] };
  const pos = samples.filter((s) => s.y === 1).length;
  const neg = samples.length - pos;
  if (pos === 0 || neg === 0) return { 0: 1, 1: 1 };
  return { 0: samples.length / (2 * neg), 1: samples.length / (2 * pos) };
}

/** log((n₁ + 1)/(n₀ + 1)) of a training set's labels: the logit offset of its (add-one smoothed) class prior. */
export function priorLogitOffset(samples: readonly Pick<Sample, 'y'>[]): number {
  const pos = samples.filter((s) => s.y === 1).length;
  return Math.log((pos + 1) / (samples.length - pos + 1));
}

/** Trains a model's trainable part epoch by epoch. Call `dispose()` when done (frees optimizer state). */
export class LocalTrainer {
  readonly mode: 'cached' | 'full';
  private readonly net: tf.LayersModel;
  private readonly vars: tf.Variable[];
  private readonly optimizer: TrainOptimizer;
  /** What a step trains: in full mode the frozen trunk runs outside the gradient tape, then the top. */
  private readonly stepNet: StepNet;
  private readonly center: tf.Tensor[] | null;
  private readonly correction: tf.Tensor[] | null;
  private readonly weights: { 0: number; 1: number };
  private readonly logitOffset: number;
  private readonly targets: tf.Tensor2D | null;
  private readonly train: readonly Sample[];
  private readonly val: readonly Sample[];
  private readonly rowShape: number[];
  private trainRows: Float32Array[] | null = null;
  private valRows: Float32Array[] | null = null;
  private readonly frozen: tf.LayersModel | null;
  private trunkHash: string | undefined;

  constructor(private readonly opts: TrainOptions) {
    const { model, level, config } = opts;
    if (!(config.epochs >= 0 && config.batchSize >= 1 && config.learningRate > 0)) {
      throw new ConfigError(`invalid training config: epochs ${config.epochs}, batch ${config.batchSize}, lr ${config.learningRate}`);
    }
    this.train = samplesOf(opts.train);
    this.val = opts.val ? samplesOf(opts.val) : [];
    if (this.train.length === 0) throw new ConfigError('no training samples');
    applyUnfreeze(model, level);
    fuseForNativeTraining(model);
    const split = splitAtLevel(model, level);
    const inputSize = modelInputSize(model);
    const featureShape = split.top.inputs[0]?.shape.slice(1) as number[];
    const featureSize = featureShape.reduce((a, d) => a * d, 1);
    const cache = opts.augment === undefined && split.frozen !== null ? opts.featureCache : undefined;
    const fits = cache !== undefined && cache.fits(this.train.length + this.val.length, featureSize);
    if (cache && !fits) log.warn({ level }, 'feature cache budget exceeded: training the full model instead');
    this.mode = fits ? 'cached' : 'full';
    this.frozen = split.frozen;
    this.net = this.mode === 'cached' ? split.top : model;
    this.rowShape = this.mode === 'cached' ? featureShape : [inputSize, inputSize, 3];
    this.trunkHash = opts.trunkHash;
    this.vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.optimizer = createOptimizer(config.optimizer ?? 'adam', config.learningRate);
    this.stepNet = {
      frozen: this.mode === 'full' ? split.frozen : null,
      top: split.top,
      vars: this.vars,
      optimizer: this.optimizer,
    };
    this.weights = config.logitAdjust ? { 0: 1, 1: 1 } : resolveClassWeights(config.classWeights, this.train);
    this.logitOffset = config.logitAdjust ? priorLogitOffset(this.train) : 0;
    const mu = config.proximalMu ?? 0;
    this.center = mu > 0 ? this.proximalCenter(opts.proximalCenter) : null;
    this.correction = opts.stepCorrection ? this.inVarOrder(opts.stepCorrection, 'step correction') : null;
    const align = config.align;
    const targets = align && align.weight > 0 ? alignTargets(align.targets, model.getLayer(OUTPUT_LAYER_NAME).weights[0]?.shape[0] ?? 0) : null;
    this.targets = targets ? tf.keep(targets) : null;
  }

  /** Trainable weight count (for logs). */
  get numTrainableParams(): number {
    return this.vars.reduce((n, v) => n + v.size, 0);
  }

  /** Runs one epoch (0-based `epochIndex` picks the shuffle/augmentation seed) and validates. */
  async runEpoch(epochIndex: number): Promise<EpochLog> {
    const t0 = performance.now();
    const fillSeconds = await this.ensureRows();
    const { config } = this.opts;
    const inputs = this.trainRows ?? this.train.map((s) => s.x);
    const order = seededPermutation(this.train.length, deriveSeed(config.seed, epochIndex));
    const batches = Math.ceil(order.length / config.batchSize);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const idx = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
      let buf = packRows(inputs, this.rowShape, idx);
      if (this.opts.augment && this.mode === 'full') {
        buf = this.opts.augment(buf, idx.length, this.rowShape[0] as number, deriveSeed(config.seed, epochIndex * 100_003 + b));
      }
      const ys = Float32Array.from(idx, (i) => (this.train[i] as Sample).y);
      // Dropout masks from (seed, epoch, batch): a rerun or a resumed run draws the same ones.
      setDropoutSeed(this.opts.model, deriveSeed(deriveSeed(config.seed, DROPOUT_STREAM), epochIndex * 100_003 + b));
      const { loss, hits } = this.step(buf, ys);
      lossSum += loss * idx.length;
      correct += hits;
      this.opts.onBatch?.(b, batches, loss);
      // Let timers, sockets and cancel messages run between batches; a cancel stops here.
      await new Promise<void>((r) => setImmediate(r));
      throwIfCancelled(this.opts.signal, `training (epoch ${epochIndex + 1}, after batch ${b + 1}/${batches})`);
    }
    const entry: EpochLog = {
      epoch: epochIndex + 1,
      trainLoss: lossSum / order.length,
      trainAccuracy: correct / order.length,
      ...this.validate(),
      seconds: (performance.now() - t0) / 1000,
      mode: this.mode,
      cacheFillSeconds: fillSeconds,
    };
    return entry;
  }

  /** Validation loss, AUC and accuracy at 0.5 of the current weights (empty object without val data). */
  validate(): { valLoss?: number; valAuc?: number | null; valAccuracy?: number } {
    if (this.val.length === 0) return {};
    const rows = this.valRows ?? this.val.map((s) => s.x);
    const scores = scoreRows(this.net, rows, this.rowShape, { batchSize: this.opts.config.batchSize });
    const labels = Uint8Array.from(this.val, (s) => s.y);
    let correct = 0;
    for (let i = 0; i < scores.length; i++) if ((scores[i] as number) >= 0.5 === (labels[i] === 1)) correct++;
    return { valLoss: bceLoss(scores, labels), valAuc: rocAuc(scores, labels).value, valAccuracy: correct / scores.length };
  }

  /** Snapshot of the trainable variables (kept tensors; caller disposes). */
  snapshot(): tf.Tensor[] {
    return this.vars.map((v) => tf.keep(v.clone()));
  }

  /** Writes a snapshot back into the trainable variables. */
  restore(snap: readonly tf.Tensor[]): void {
    this.vars.forEach((v, i) => v.assign(snap[i] as tf.Tensor));
  }

  /** Per-class mean features of the current weights over the training set (classes with ≥ minCount images). */
  async prototypes(minCount: number): Promise<ClassPrototype[]> {
    await this.ensureRows();
    const rows = this.trainRows ?? this.train.map((s) => s.x);
    return localPrototypes(this.net, rows, this.rowShape, Uint8Array.from(this.train, (s) => s.y), minCount, this.opts.config.batchSize);
  }

  /** Frees optimizer state, proximal centre and alignment tensors. */
  dispose(): void {
    this.optimizer.dispose();
    if (this.center) tf.dispose(this.center);
    if (this.correction) tf.dispose(this.correction);
    this.targets?.dispose();
  }

  /** One gradient step on a packed batch; returns its weighted loss and correct count. */
  private step(buf: Float32Array, ys: Float32Array): { loss: number; hits: number } {
    const mu = this.opts.config.proximalMu ?? 0;
    const x = tf.tensor(buf, [ys.length, ...this.rowShape], 'float32');
    const y = tf.tensor1d(ys);
    try {
      return trainStep(this.stepNet, x, y, {
        classWeights: this.weights,
        ...(this.logitOffset !== 0 ? { logitOffset: this.logitOffset } : {}),
        ...(this.center && mu > 0 ? { proximal: { mu, center: this.center } } : {}),
        ...(this.targets ? { align: { weight: this.opts.config.align?.weight ?? 0, targets: this.targets } } : {}),
        ...(this.correction ? { correction: this.correction } : {}),
      });
    } finally {
      x.dispose();
      y.dispose();
    }
  }

  /** Fills the trainer's cached rows on first use (cached mode). Returns seconds spent. */
  private async ensureRows(): Promise<number> {
    if (this.mode !== 'cached' || this.trainRows) return 0;
    const cache = this.opts.featureCache as FeatureCache;
    const frozen = this.frozen as tf.LayersModel;
    this.trunkHash ??= hashTensorSet(frozenTensorSet(this.opts.model, this.opts.level));
    const opts = { batchSize: this.opts.config.batchSize, featureShape: this.rowShape };
    const tr = await cache.features(frozen, this.trunkHash, this.opts.level, this.train, opts);
    this.trainRows = tr.features;
    let seconds = tr.stats.seconds;
    if (this.val.length > 0) {
      const va = await cache.features(frozen, this.trunkHash, this.opts.level, this.val, opts);
      this.valRows = va.features;
      seconds += va.stats.seconds;
    }
    return seconds;
  }

  private proximalCenter(given: TensorSet | undefined): tf.Tensor[] {
    if (!given) return this.vars.map((v) => tf.keep(v.clone()));
    return this.inVarOrder(given, 'proximal centre');
  }

  /** Kept tensors of `given` in the trainable variables' order, found by their `layer/weight` names. */
  private inVarOrder(given: TensorSet, what: string): tf.Tensor[] {
    const byName = new Map(given.map((t) => [t.name, t]));
    return this.opts.model.layers.flatMap((layer) =>
      layer.trainable
        ? layer.trainableWeights.map((v) => {
            const short = v.originalName.split('/').pop() ?? v.originalName;
            const t = byName.get(`${layer.name}/${short}`);
            if (!t) throw new ConfigError(`${what} lacks ${layer.name}/${short}`);
            return tf.keep(tf.tensor(t.data, [...t.shape], 'float32'));
          })
        : [],
    );
  }
}

/**
 * Trains for `config.epochs` epochs (or until early stopping), restoring the best epoch's trainable
 * weights when asked. The model is updated in place.
 * @example await trainLocal({ model, level: 'FC', train, val, config: { epochs: 5, batchSize: 16, learningRate: 1e-3, seed: 1 } })
 */
export async function trainLocal(opts: TrainOptions): Promise<TrainResult> {
  const trainer = new LocalTrainer(opts);
  const es = opts.config.earlyStopping;
  const logs: EpochLog[] = [];
  let best: { epoch: number; value: number; snap: tf.Tensor[] | null } | null = null;
  let stoppedEarly = false;
  try {
    for (let e = 0; e < opts.config.epochs; e++) {
      throwIfCancelled(opts.signal, `training (before epoch ${e + 1})`);
      const entry = await trainer.runEpoch(e);
      logs.push(entry);
      await opts.onEpoch?.(entry);
      if (!es) continue;
      const value = es.monitor === 'val_auc' ? -(entry.valAuc ?? Number.NaN) : (entry.valLoss ?? Number.NaN);
      if (!Number.isFinite(value)) continue;
      if (best === null || value < best.value - (es.minDelta ?? 0)) {
        if (best?.snap) tf.dispose(best.snap);
        best = { epoch: entry.epoch, value, snap: (es.restoreBest ?? true) ? trainer.snapshot() : null };
      } else if (entry.epoch - best.epoch >= es.patience) {
        stoppedEarly = true;
        break;
      }
    }
    let bestEpoch = logs.length;
    if (best?.snap) {
      trainer.restore(best.snap);
      bestEpoch = best.epoch;
    }
    const last = logs.at(-1);
    const report = opts.reportPrototypes;
    return {
      ...(report ? { prototypes: await trainer.prototypes(report.minCount) } : {}),
      epochs: logs,
      numExamples: samplesOf(opts.train).length,
      finalLoss: last ? last.trainLoss : Number.NaN,
      bestEpoch,
      stoppedEarly,
      steps: bestEpoch * Math.ceil(samplesOf(opts.train).length / opts.config.batchSize),
    };
  } finally {
    if (best?.snap) tf.dispose(best.snap);
    trainer.dispose();
  }
}
