/**
 * The pneumonia pretraining stage in the paper's shape: from a Kermany-style folder (NORMAL/, PNEUMONIA/)
 * carve train 1,100 + 1,100 and validation 200 + 200 by patient (seeded), train VGG16 at +B1 epoch by
 * epoch, checkpoint atomically after every epoch, keep the best by validation AUC, and `resume` where a
 * run stopped. Resume restores weights, epoch logs and the early-stopping state; Adam's moment estimates
 * restart (they are not checkpointed), which the report states.
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
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
import { LocalTrainer, type EpochLog, type TrainConfig } from './trainer.js';
import { evaluateModel } from './evaluate.js';
import { rocCurve } from './metrics.js';
import { chooseThreshold } from './threshold.js';
import { DISCLAIMER, metricsMarkdown, writeCurves, writeFileAtomic, writeSplitArtifacts } from './report.js';

const log = logger('train.pretrain');

/** Options of a pretraining run. */
export interface PretrainOptions {
  readonly data: string;
  readonly out: string;
  /** @default 224 */
  readonly inputSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Stop after this many epochs without a better validation AUC. @default 4 */
  readonly patience: number;
  readonly resume: boolean;
  /** On resume, the run's new maximum epoch count (an explicit `--epochs`); every other setting comes from state.json. @default the run's own */
  readonly resumeEpochs?: number;
  readonly test?: string;
  /** Per-class counts (paper: 1100/200, test 234). */
  readonly nTrain: number;
  readonly nVal: number;
  readonly nTest: number;
  /** Head config. @default gap, [256], dropout 0.5 */
  readonly head?: ModelConfig['head'];
  /** The exact command line, recorded in the report. */
  readonly command: string;
  readonly onEpoch?: (log: EpochLog) => void;
}

/** Persisted run state next to the checkpoints (what `--resume` reads). */
interface RunState {
  readonly options: Omit<PretrainOptions, 'onEpoch' | 'resume' | 'resumeEpochs' | 'command'>;
  readonly commands: string[];
  readonly logs: EpochLog[];
  readonly bestEpoch: number | null;
  readonly bestAuc: number | null;
  readonly finished: boolean;
}

const STATE_FILE = 'state.json';
const epochName = (e: number): string => `epoch-${String(e).padStart(4, '0')}`;

/** The class folders under `dir`; ConfigError naming `dir` when it does not exist. */
async function scanKermany(dir: string): Promise<ManifestEntry[]> {
  try {
    return await scanClassFolders(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigError(`data folder ${dir} not found`, { cause: err });
    throw err;
  }
}

/** Reads the class folder and carves balanced, patient-disjoint train/val (and optional test) entries. */
export async function carvePretrainEntries(
  o: Pick<PretrainOptions, 'data' | 'test' | 'nTrain' | 'nVal' | 'nTest' | 'seed'>,
): Promise<{ train: ManifestEntry[]; val: ManifestEntry[]; test: ManifestEntry[] }> {
  const withY = (es: ManifestEntry[]): (ManifestEntry & { y: 0 | 1 })[] =>
    es.map((e) => ({ ...e, y: mapLabel(e.label, DEFAULT_LABEL_MAP, e.where) }));
  const all = withY(await scanKermany(o.data));
  const carved = carveBalanced(all, { train: { 0: o.nTrain, 1: o.nTrain }, val: { 0: o.nVal, 1: o.nVal } }, o.seed);
  let test: ManifestEntry[] = [];
  if (o.test) test = carveBalanced(withY(await scanKermany(o.test)), { test: { 0: o.nTest, 1: o.nTest } }, o.seed).test;
  return { train: carved.train, val: carved.val, test };
}

/** Runs (or resumes) pretraining; returns the best epoch's validation report path. */
export async function pretrain(o: PretrainOptions): Promise<{ reportPath: string; bestEpoch: number | null; logs: EpochLog[] }> {
  const ckptDir = join(o.out, 'checkpoints');
  const prior = o.resume ? await readState(o.out) : null;
  if (!o.resume && (await readState(o.out))) {
    throw new ConfigError(`${o.out} already holds a pretraining run; pass --resume to continue it or choose another --out`);
  }
  const settings = prior ? { ...prior.options, ...(o.resumeEpochs ? { epochs: o.resumeEpochs } : {}) } : stripOptions(o);
  const config = defaultModelConfig({ inputSize: settings.inputSize, ...(settings.head ? { head: settings.head } : {}) });
  const entries = await carvePretrainEntries(settings);
  await mkdir(ckptDir, { recursive: true });
  log.info({ train: entries.train.length, val: entries.val.length, test: entries.test.length }, 'carved by patient');
  const load = (es: ManifestEntry[]): Promise<Sample[]> =>
    loadDataset(es, { inputSize: settings.inputSize }).then((d) => d.samples);
  const train = await load(entries.train);
  const val = await load(entries.val);

  const model = buildModel(config, { seed: settings.seed });
  let logs: EpochLog[] = prior?.logs ?? [];
  let bestEpoch = prior?.bestEpoch ?? null;
  let bestAuc = prior?.bestAuc ?? null;
  const latest = prior ? await resolveLatest(ckptDir) : null;
  if (latest) {
    setTensorSet(model, (await loadCheckpoint(latest)).tensors);
    log.info({ latest, epochsDone: logs.length }, 'resumed');
  }
  const state = (finished: boolean): RunState => ({
    options: settings,
    commands: [...(prior?.commands ?? []), o.command],
    logs,
    bestEpoch,
    bestAuc,
    finished,
  });

  const trainConfig: TrainConfig = {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    optimizer: 'adam',
    seed: settings.seed,
  };
  const trainer = new LocalTrainer({ model, level: '+B1', train, val, config: trainConfig });
  try {
    for (let e = logs.length; e < settings.epochs; e++) {
      if (bestEpoch !== null && e + 1 - bestEpoch > settings.patience) {
        log.info({ bestEpoch, patience: settings.patience }, 'early stop: no better validation AUC');
        break;
      }
      const entry = await trainer.runEpoch(e);
      logs = [...logs, entry];
      const name = epochName(entry.epoch);
      await saveCheckpointAtomic(
        ckptDir,
        name,
        checkpointFromModel(model, config, { source: 'pretrain:kermany', level: '+B1', notes: `epoch ${entry.epoch}` }),
      );
      const auc = entry.valAuc ?? null;
      if (auc !== null && (bestAuc === null || auc > bestAuc)) {
        if (bestEpoch !== null) await rm(join(ckptDir, `best-${epochName(bestEpoch)}`), { recursive: true, force: true });
        await saveCheckpointAtomic(
          ckptDir,
          `best-${name}`,
          checkpointFromModel(model, config, { source: 'pretrain:kermany', level: '+B1', notes: `best epoch ${entry.epoch}` }),
          { updateLatest: false },
        );
        bestEpoch = entry.epoch;
        bestAuc = auc;
      }
      // Keep disk bounded: the previous epoch checkpoint is no longer LATEST.
      if (entry.epoch > 1) await rm(join(ckptDir, epochName(entry.epoch - 1)), { recursive: true, force: true });
      await writeFileAtomic(join(o.out, STATE_FILE), `${JSON.stringify(state(false), null, 2)}\n`);
      await writeCurves(o.out, logs, 'Kermany pediatric CXR, validation split');
      o.onEpoch?.(entry);
    }
  } finally {
    trainer.dispose();
  }
  if (bestEpoch !== null) {
    setTensorSet(model, (await loadCheckpoint(join(ckptDir, `best-${epochName(bestEpoch)}`))).tensors);
  }
  const reportPath = await writeFinalReport(o.out, state(true).commands, settings, config, model, val, logs, bestEpoch, entries.test, '');
  await writeFileAtomic(join(o.out, STATE_FILE), `${JSON.stringify(state(true), null, 2)}\n`);
  model.dispose();
  return { reportPath, bestEpoch, logs };
}

function stripOptions(o: PretrainOptions): RunState['options'] {
  const { onEpoch: _a, resume: _b, resumeEpochs: _d, command: _c, ...rest } = o;
  return rest;
}

async function readState(out: string): Promise<RunState | null> {
  try {
    return JSON.parse(await readFile(join(out, STATE_FILE), 'utf8')) as RunState;
  } catch {
    return null;
  }
}

/** Evaluates `model` (holding the best epoch's weights) on validation (and test when given) and writes `dest/report.md`. */
async function writeFinalReport(
  dest: string,
  commands: readonly string[],
  s: RunState['options'],
  config: ModelConfig,
  model: tf.LayersModel,
  val: Sample[],
  logs: EpochLog[],
  bestEpoch: number | null,
  testEntries: ManifestEntry[],
  statusNote: string,
): Promise<string> {
  const boot = { resamples: 1000, seed: s.seed };
  const v = evaluateModel(model, val, { batchSize: s.batchSize, threshold: 0.5, bootstrap: boot });
  await writeSplitArtifacts(dest, 'val', v.report, rocCurve(v.scores, v.labels));
  const youden = chooseThreshold(v.scores, v.labels, { kind: 'youden' });
  const lines = [
    `# Pneumonia pretraining report`,
    '',
    `**${DISCLAIMER}**`,
    '',
    `Training from random init at ${s.inputSize} px (VGG16 + head ${JSON.stringify(config.head)}, all layers trainable: +B1).`,
    testEntries.length === 0 ? 'Validation only; no test split available.' : `Test split: ${testEntries.length} images from ${s.test}.`,
    '',
    `- data: ${s.data} (train ${s.nTrain} + ${s.nTrain}, validation ${s.nVal} + ${s.nVal} normal + pneumonia, carved by patient, seed ${s.seed})`,
    `- optimiser: Adam, lr ${s.learningRate}, batch ${s.batchSize}, max epochs ${s.epochs}, early stopping on val AUC (patience ${s.patience})`,
    `- epochs run: ${logs.length}; best epoch (val AUC): ${bestEpoch ?? 'none'}`,
    `- resume restores weights and the epoch log; Adam moment estimates restart at a resume`,
    `- command(s): ${commands.map((c) => '`' + c + '`').join(', ')}`,
    ...(statusNote ? [`- ${statusNote}`] : []),
    '',
    '## Per-epoch curves',
    '',
    '`curves.csv`, `loss.svg`, `auc.svg`',
    '',
    '| epoch | train loss | train acc | val loss | val AUC | val acc | seconds |',
    '|---|---|---|---|---|---|---|',
    ...logs.map(
      (l) =>
        `| ${l.epoch} | ${l.trainLoss.toFixed(4)} | ${l.trainAccuracy.toFixed(3)} | ${l.valLoss?.toFixed(4) ?? ''} | ${l.valAuc?.toFixed(4) ?? ''} | ${l.valAccuracy?.toFixed(3) ?? ''} | ${l.seconds.toFixed(0)} |`,
    ),
    '',
    '## Validation metrics of the best epoch',
    '',
    ...metricsMarkdown('Validation, threshold 0.5', v.report),
    `Youden threshold on validation: ${youden.threshold.toFixed(4)} (chosen on validation; for use on other splits).`,
    '',
  ];
  if (testEntries.length > 0) {
    const test = (await loadDataset(testEntries, { inputSize: s.inputSize })).samples;
    const t = evaluateModel(model, test, { batchSize: s.batchSize, threshold: youden, bootstrap: boot });
    await writeSplitArtifacts(dest, 'test', t.report, rocCurve(t.scores, t.labels));
    lines.push(...metricsMarkdown('Test, threshold chosen on validation (Youden)', t.report));
  }
  const path = join(dest, 'report.md');
  await writeFileAtomic(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * Publishes a run's best checkpoint as float16 into `dest` (e.g. models/pneumonia-vgg16/), then evaluates
 * the float16 weights as stored on the run's validation carve and writes report.md, curves and ROC there.
 * Works while the run is still going (the report says so). ConfigError when no epoch has finished yet.
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
    const val = (await loadDataset(entries.val, { inputSize: s.inputSize })).samples;
    for (const f of ['curves.csv', 'loss.svg', 'auc.svg', STATE_FILE]) await copyFile(join(out, f), join(dest, f));
    const status = state.finished
      ? `run finished after ${state.logs.length} epochs`
      : `exported from a run still in progress after ${state.logs.length} completed epoch(s) (max ${s.epochs})`;
    return await writeFinalReport(
      dest,
      [...state.commands, command],
      s,
      stored.config,
      model,
      val,
      state.logs,
      state.bestEpoch,
      entries.test,
      `${status}; weights stored as float16 and evaluated as stored`,
    );
  } finally {
    model.dispose();
  }
}
