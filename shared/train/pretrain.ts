/**
 * The pneumonia pretraining stage: from a Kermany-style folder (NORMAL/, PNEUMONIA/) carve train, validation and
 * an internal test by patient (`full`: all images, class-weighted; `paper`: the study's balanced 1,100 + 1,100),
 * train VGG16 from random init at +B1 with augmentation, warm-up + cosine learning rate and EMA weight averaging,
 * checkpoint atomically after every epoch, select the best epoch on validation AUC, and at the end calibrate the
 * threshold on validation and score the internal test once (TTA), beside validation. `resume` continues a run
 * where it stopped (weights, EMA, logs and schedule position; Adam's moment estimates restart).
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../domain/errors.js';
import { logger } from '../log.js';
import { carveBalanced } from '../data/split.js';
import { scanClassFolders, mapLabel, DEFAULT_LABEL_MAP, type ManifestEntry } from '../data/manifest.js';
import { loadDataset } from '../data/load.js';
import type { Sample } from '../data/sample.js';
import { buildModel } from '../model/vgg16.js';
import { defaultModelConfig, type ModelConfig } from '../model/config.js';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint.js';
import { saveCheckpointAtomic, resolveLatest } from '../model/checkpoint-atomic.js';
import { checkpointFromModel, modelFromCheckpoint } from '../model/model-checkpoint.js';
import { setTensorSet } from '../model/weights.js';
import { applyUnfreeze } from '../model/unfreeze.js';
import { fuseForNativeTraining } from '../engine/native/index.js';
import { resolveClassWeights, type EpochLog } from './trainer.js';
import { bceLoss, predictScores } from './evaluate.js';
import { rocAuc } from './metrics.js';
import { createOptimizer } from './optimizer.js';
import { carveNested, type PretrainProtocol } from './pretrain-carve.js';
import { WeightAverage } from './pretrain-ema.js';
import { batchesPerEpoch, runPretrainEpoch, type StepProgress } from './pretrain-epoch.js';
import { writeFinalReport } from './pretrain-report.js';
import { checkSchedule, type ScheduleOptions } from './pretrain-schedule.js';
import { augmentFor, PROTOCOL_DEFAULTS, withLegacyDefaults, type PretrainSettings } from './pretrain-settings.js';
import { writeCurves, writeFileAtomic } from './report.js';

export type { PretrainSettings } from './pretrain-settings.js';

const log = logger('train.pretrain');

/** Options of a pretraining run: its settings plus how this invocation runs. */
export interface PretrainOptions extends PretrainSettings {
  readonly resume: boolean;
  /** On resume, the run's new maximum epoch count (an explicit `--epochs`); every other setting comes from state.json. @default the run's own */
  readonly resumeEpochs?: number;
  /** The exact command line, recorded in the report. */
  readonly command: string;
  readonly onEpoch?: (log: EpochLog) => void;
  /** After every optimizer step (progress and ETA). */
  readonly onStep?: (p: StepProgress & { epoch: number }) => void;
  /** Leave the internal test unscored (an ablation chooses on validation only and must not look at it). @default false */
  readonly skipInternalTest?: boolean;
}

/** Persisted run state next to the checkpoints (what `--resume` reads). */
interface RunState {
  readonly options: PretrainSettings;
  readonly commands: string[];
  readonly logs: EpochLog[];
  readonly bestEpoch: number | null;
  readonly bestAuc: number | null;
  /** EMA updates folded into checkpoints/ema (absent: no EMA). */
  readonly emaUpdates?: number;
  readonly finished: boolean;
}

const STATE_FILE = 'state.json';
const epochName = (e: number): string => `epoch-${String(e).padStart(4, '0')}`;
/** The EMA shadows after epoch `e` (checkpoints are never overwritten: one per epoch, the previous pruned). */
const emaName = (e: number): string => `ema-${epochName(e)}`;

/** The class folders under `dir`; ConfigError naming `dir` when it does not exist. */
async function scanKermany(dir: string): Promise<ManifestEntry[]> {
  try {
    return await scanClassFolders(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigError(`data folder ${dir} not found`, { cause: err });
    throw err;
  }
}

/** What `carvePretrainEntries` needs: the carve settings (protocol defaults to `paper`, the balanced carve). */
export type CarveSettings = Pick<PretrainSettings, 'data' | 'nTrain' | 'nVal' | 'nTest' | 'seed'> &
  Partial<Pick<PretrainSettings, 'test' | 'valFraction' | 'testFraction'>> & { readonly protocol?: PretrainProtocol };

/** Carves train / val / internal test by patient from `data`, and the official test folder's balanced carve. */
export async function carvePretrainEntries(
  o: CarveSettings,
): Promise<{ train: ManifestEntry[]; val: ManifestEntry[]; internalTest: ManifestEntry[]; test: ManifestEntry[] }> {
  const withY = (es: ManifestEntry[]): (ManifestEntry & { y: 0 | 1 })[] =>
    es.map((e) => ({ ...e, y: mapLabel(e.label, DEFAULT_LABEL_MAP, e.where) }));
  const all = withY(await scanKermany(o.data));
  const carved = carveNested(all, {
    protocol: o.protocol ?? 'paper',
    seed: o.seed,
    valFraction: o.valFraction ?? PROTOCOL_DEFAULTS.valFraction,
    testFraction: o.testFraction ?? PROTOCOL_DEFAULTS.testFraction,
    nTrain: o.nTrain,
    nVal: o.nVal,
  });
  let test: ManifestEntry[] = [];
  if (o.test) test = carveBalanced(withY(await scanKermany(o.test)), { test: { 0: o.nTest, 1: o.nTest } }, o.seed).test;
  return { train: carved.train, val: carved.val, internalTest: carved.test, test };
}

const loadSamples = (es: readonly ManifestEntry[], inputSize: number): Promise<Sample[]> =>
  es.length === 0 ? Promise.resolve([]) : loadDataset(es, { inputSize }).then((d) => d.samples);

/** Validation loss, AUC and accuracy at 0.5 of the model's current weights. */
function validate(model: tf.LayersModel, val: readonly Sample[], batchSize: number): Pick<EpochLog, 'valLoss' | 'valAuc' | 'valAccuracy'> {
  const scores = predictScores(model, val, { batchSize });
  const labels = Uint8Array.from(val, (s) => s.y);
  let correct = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) >= 0.5 === (labels[i] === 1)) correct++;
  return { valLoss: bceLoss(scores, labels), valAuc: rocAuc(scores, labels).value, valAccuracy: correct / scores.length };
}

/** Runs (or resumes) pretraining; returns the report path, the best epoch and the epoch logs. */
export async function pretrain(o: PretrainOptions): Promise<{ reportPath: string; bestEpoch: number | null; logs: EpochLog[] }> {
  const ckptDir = join(o.out, 'checkpoints');
  const prior = o.resume ? await readState(o.out) : null;
  if (!o.resume && (await readState(o.out))) {
    throw new ConfigError(`${o.out} already holds a pretraining run; pass --resume to continue it or choose another --out`);
  }
  const s: PretrainSettings = prior ? { ...prior.options, ...(o.resumeEpochs ? { epochs: o.resumeEpochs } : {}) } : settingsOf(o);
  const config = defaultModelConfig({ inputSize: s.inputSize, ...(s.head ? { head: s.head } : {}) });
  const entries = await carvePretrainEntries(s);
  await mkdir(ckptDir, { recursive: true });
  log.info({ protocol: s.protocol, train: entries.train.length, val: entries.val.length, internalTest: entries.internalTest.length }, 'carved by patient');
  const train = await loadSamples(entries.train, s.inputSize);
  const val = await loadSamples(entries.val, s.inputSize);

  const model = buildModel(config, { seed: s.seed });
  applyUnfreeze(model, '+B1');
  fuseForNativeTraining(model);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let logs: EpochLog[] = prior?.logs ?? [];
  let bestEpoch = prior?.bestEpoch ?? null;
  let bestAuc = prior?.bestAuc ?? null;
  let ema: WeightAverage | null = null;
  if (s.emaDecay > 0 && prior?.emaUpdates !== undefined && logs.length > 0) {
    setTensorSet(model, (await loadCheckpoint(join(ckptDir, emaName(logs.length)))).tensors);
    ema = new WeightAverage(vars, s.emaDecay, { shadows: vars.map((v) => v.dataSync() as Float32Array), updates: prior.emaUpdates });
  }
  const latest = prior ? await resolveLatest(ckptDir) : null;
  if (latest) {
    setTensorSet(model, (await loadCheckpoint(latest)).tensors);
    log.info({ latest, epochsDone: logs.length }, 'resumed');
  }
  if (s.emaDecay > 0) ema ??= new WeightAverage(vars, s.emaDecay);
  const state = (finished: boolean): RunState => ({
    options: s,
    commands: [...(prior?.commands ?? []), o.command],
    logs,
    bestEpoch,
    bestAuc,
    ...(ema ? { emaUpdates: ema.updates } : {}),
    finished,
  });

  const batches = batchesPerEpoch(train.length, s.batchSize);
  const schedule: ScheduleOptions = {
    base: s.learningRate,
    warmupSteps: Math.min(s.warmupEpochs * batches, s.epochs * batches),
    totalSteps: s.epochs * batches,
    minFactor: s.minLrFactor,
  };
  checkSchedule(schedule);
  const optimizer = createOptimizer('adam', s.learningRate);
  const ckptMeta = (notes: string): Parameters<typeof checkpointFromModel>[2] => ({ source: `pretrain:kermany:${s.protocol}`, level: '+B1', notes });
  try {
    for (let e = logs.length; e < s.epochs; e++) {
      if (bestEpoch !== null && e + 1 - bestEpoch > s.patience) {
        log.info({ bestEpoch, patience: s.patience }, 'early stop: no better validation AUC');
        break;
      }
      const t0 = performance.now();
      const epochRun = await runPretrainEpoch(
        {
          model, vars, optimizer, train, batchSize: s.batchSize, seed: s.seed, inputSize: s.inputSize, schedule, ema,
          classWeights: resolveClassWeights(s.protocol === 'full' ? 'balanced' : undefined, train),
          augment: augmentFor(s.augment),
          ...(o.onStep ? { onStep: (p: StepProgress) => o.onStep?.({ ...p, epoch: e + 1 }) } : {}),
        },
        e,
      );
      // Selection sees the weights that would ship: the EMA when averaging is on.
      const v = ema ? await ema.withAveraged(() => validate(model, val, s.batchSize)) : validate(model, val, s.batchSize);
      const entry: EpochLog = { epoch: e + 1, ...epochRun, ...v, seconds: (performance.now() - t0) / 1000, mode: 'full', cacheFillSeconds: 0 };
      logs = [...logs, entry];
      const name = epochName(entry.epoch);
      await saveCheckpointAtomic(ckptDir, name, checkpointFromModel(model, config, ckptMeta(`epoch ${entry.epoch}`)));
      if (ema) {
        const cur = ema;
        await cur.withAveraged(() => saveCheckpointAtomic(ckptDir, emaName(entry.epoch), checkpointFromModel(model, config, ckptMeta(`EMA after epoch ${entry.epoch}`)), { updateLatest: false }));
      }
      const auc = entry.valAuc ?? null;
      if (auc !== null && (bestAuc === null || auc > bestAuc)) {
        if (bestEpoch !== null) await rm(join(ckptDir, `best-${epochName(bestEpoch)}`), { recursive: true, force: true });
        const saveBest = (): Promise<string> =>
          saveCheckpointAtomic(ckptDir, `best-${name}`, checkpointFromModel(model, config, ckptMeta(`best epoch ${entry.epoch}`)), { updateLatest: false });
        await (ema ? ema.withAveraged(saveBest) : saveBest());
        bestEpoch = entry.epoch;
        bestAuc = auc;
      }
      // Keep disk bounded: the previous epoch checkpoint is no longer LATEST.
      if (entry.epoch > 1) {
        await rm(join(ckptDir, epochName(entry.epoch - 1)), { recursive: true, force: true });
        await rm(join(ckptDir, emaName(entry.epoch - 1)), { recursive: true, force: true });
      }
      await writeFileAtomic(join(o.out, STATE_FILE), `${JSON.stringify(state(false), null, 2)}\n`);
      await writeCurves(o.out, logs, 'Kermany pediatric CXR, validation split');
      o.onEpoch?.(entry);
    }
  } finally {
    optimizer.dispose();
  }
  if (bestEpoch !== null) setTensorSet(model, (await loadCheckpoint(join(ckptDir, `best-${epochName(bestEpoch)}`))).tensors);
  const splits = {
    val,
    internalTest: o.skipInternalTest ? [] : await loadSamples(entries.internalTest, s.inputSize),
    externalTest: await loadSamples(entries.test, s.inputSize),
  };
  const counts = { train: entries.train.length, val: entries.val.length, internalTest: entries.internalTest.length };
  const report = await writeFinalReport(o.out, s, config, model, splits, { commands: state(true).commands, logs, bestEpoch, statusNote: '', counts });
  await writeFileAtomic(join(o.out, STATE_FILE), `${JSON.stringify(state(true), null, 2)}\n`);
  model.dispose();
  return { reportPath: report.path, bestEpoch, logs };
}

function settingsOf(o: PretrainOptions): PretrainSettings {
  const { onEpoch: _a, onStep: _s, resume: _b, resumeEpochs: _d, command: _c, skipInternalTest: _i, ...rest } = o;
  return rest;
}

/**
 * The run state as a published checkpoint carries it: the run's paths (absolute while it trains, so a resume works
 * from anywhere) made relative to the working directory, so no path of the training machine is published.
 */
function publishableState(state: RunState, cwd = process.cwd()): RunState {
  const rel = (p: string): string => (isAbsolute(p) ? relative(cwd, p).split(sep).join('/') || '.' : p);
  const o = state.options;
  return { ...state, options: { ...o, data: rel(o.data), out: rel(o.out), ...(o.test ? { test: rel(o.test) } : {}) } };
}

async function readState(out: string): Promise<RunState | null> {
  let raw: RunState;
  try {
    raw = JSON.parse(await readFile(join(out, STATE_FILE), 'utf8')) as RunState;
  } catch {
    return null;
  }
  return { ...raw, options: withLegacyDefaults(raw.options) };
}

/**
 * Publishes a run's best checkpoint as float16 into `dest` (e.g. models/pneumonia-vgg16/), then evaluates the
 * float16 weights as stored on the run's validation and internal test carves and writes report.md, curves and ROC
 * there. Works while the run is still going (the report says so). ConfigError when no epoch has finished yet.
 */
export async function exportPretrained(out: string, dest: string, command: string): Promise<string> {
  const state = await readState(out);
  if (!state || state.bestEpoch === null) throw new ConfigError(`${out} has no completed epoch with a validation AUC to export`);
  const s = state.options;
  const best = await loadCheckpoint(join(out, 'checkpoints', `best-${epochName(state.bestEpoch)}`));
  await saveCheckpoint(dest, best, { dtype: 'float16' });
  const stored = await loadCheckpoint(dest);
  const model = modelFromCheckpoint(stored);
  try {
    const entries = await carvePretrainEntries(s);
    for (const f of ['curves.csv', 'loss.svg', 'auc.svg']) await copyFile(join(out, f), join(dest, f));
    await writeFileAtomic(join(dest, STATE_FILE), `${JSON.stringify(publishableState(state), null, 2)}\n`);
    const status = state.finished
      ? `run finished after ${state.logs.length} epochs`
      : `exported from a run still in progress after ${state.logs.length} completed epoch(s) (max ${s.epochs})`;
    const splits = {
      val: await loadSamples(entries.val, s.inputSize),
      internalTest: await loadSamples(entries.internalTest, s.inputSize),
      externalTest: await loadSamples(entries.test, s.inputSize),
    };
    const counts = { train: entries.train.length, val: entries.val.length, internalTest: entries.internalTest.length };
    const r = await writeFinalReport(dest, s, stored.config as ModelConfig, model, splits, {
      commands: [...state.commands, command],
      logs: state.logs,
      bestEpoch: state.bestEpoch,
      statusNote: `${status}; weights stored as float16 and evaluated as stored`,
      counts,
    });
    return r.path;
  } finally {
    model.dispose();
  }
}
