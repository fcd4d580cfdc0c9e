/**
 * `fedcxr train`, `evaluate` and `predict` end to end through the real commander program, on SYNTHETIC `easy`
 * phantoms written by `fedcxr phantom` (32 px, 12 + 12 images). Bad input is checked for its message and exit code,
 * twice through the real `bin/fedcxr.js` so the exit-code mapping itself is covered.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../cli/exit-codes.js';
import { initEngine } from '../../../shared/engine/index.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { loadCheckpoint, type Checkpoint } from '../../../shared/model/checkpoint.js';
import { PRETRAINED_CHECKPOINT_DIR } from '../../../shared/model/pretrained.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { blockOf } from '../../../shared/model/unfreeze.js';
import { buildModel, modelWeightSpecs } from '../../../shared/model/vgg16.js';
import { getTensorSet } from '../../../shared/model/weights.js';
import { DISCLAIMER } from '../../../shared/train/report.js';
import { jsonLines, runCli, runCliChild, TempDirs } from './run-cli.js';

const SIZE = 32;
const PER_CLASS = 12;
const tmp = new TempDirs();
let data: string; // class folders NORMAL/ PNEUMOCONIOSIS/ + manifest.csv (split column, synthetic=true)
let manifest: string;
let cacheBefore: string | undefined;

beforeAll(async () => {
  await initEngine();
  cacheBefore = process.env.FEDCXR_CACHE;
  process.env.FEDCXR_CACHE = tmp.make('cache');
  data = join(tmp.make('data'), 'KM');
  const r = await runCli(['phantom', '--site', 'KM', '--n-normal', `${PER_CLASS}`, '--n-disease', `${PER_CLASS}`, '--out', data, '--size', `${SIZE}`, '--difficulty', 'easy', '--seed', '3']);
  expect(r.code).toBe(ExitCode.ok);
  manifest = join(data, 'manifest.csv');
});
afterAll(() => {
  if (cacheBefore === undefined) delete process.env.FEDCXR_CACHE;
  else process.env.FEDCXR_CACHE = cacheBefore;
  tmp.cleanup();
});

/** Manifest rows per split. */
function manifestCount(split?: string): number {
  const rows = readFileSync(manifest, 'utf8').trim().split('\n').slice(1);
  return rows.filter((r) => split === undefined || r.split(',')[3] === split).length;
}

/** Names of the tensors whose values differ between two sets with the same names. */
function changedTensors(before: TensorSet, after: TensorSet): string[] {
  const prior = new Map(before.map((t) => [t.name, t.data]));
  return after
    .filter((t) => {
      const b = prior.get(t.name);
      if (!b) throw new Error(`tensor ${t.name} missing from the reference`);
      return t.data.some((v, i) => v !== b[i]);
    })
    .map((t) => t.name);
}

const isHead = (name: string): boolean => blockOf(name.split('/')[0] ?? '') === null;

// One FC checkpoint trained from the committed pretrained model, shared by the evaluate and predict specs.
let trained: Promise<{ dir: string; stdout: string; stderr: string; code: number }> | undefined;
function trainFromPretrained(): Promise<{ dir: string; stdout: string; stderr: string; code: number }> {
  trained ??= (async () => {
    const dir = join(tmp.make('ckpt'), 'from-pretrained');
    const r = await runCli(['train', '--data', data, '--init', PRETRAINED_CHECKPOINT_DIR, '--level', 'FC', '--out', dir, '--epochs', '1', '--batch-size', '8', '--lr', '1e-3', '--seed', '1']);
    return { dir, ...r };
  })();
  return trained;
}

describe('fedcxr train', () => {
  it('from random init at FC: one JSON line per epoch, a loadable checkpoint where only the head changed', async () => {
    const out = join(tmp.make('ckpt'), 'random-fc');

    const r = await runCli(['train', '--data', manifest, '--init', 'random', '--input-size', `${SIZE}`, '--level', 'FC', '--out', out, '--epochs', '2', '--batch-size', '8', '--lr', '1e-3', '--seed', '5', '--json']);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(ExitCode.ok);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => [l.type, l.epoch])).toEqual([['epoch', 1], ['epoch', 2], ['done', undefined]]);
    for (const l of lines.slice(0, 2)) {
      expect(Number.isFinite(l.trainLoss)).toBe(true);
      expect(l.mode).toBe('cached');
    }
    const done = lines[2]!;
    expect(done).toMatchObject({ checkpoint: out, synthetic: true, disclaimer: DISCLAIMER });
    expect((done.validation as { n: number }).n).toBe(manifestCount('val'));

    const ckpt = await loadCheckpoint(out);
    const config = defaultModelConfig({ inputSize: SIZE });
    expect(ckpt.level).toBe('FC');
    expect(ckpt.config.inputSize).toBe(SIZE);
    expect(ckpt.tensors.map((t) => t.name)).toEqual(modelWeightSpecs(config).map((s) => s.name));
    const init = buildModel(config, { seed: 5 });
    const start = getTensorSet(init);
    init.dispose();
    const changed = changedTensors(start, ckpt.tensors);
    expect(changed).toEqual(ckpt.tensors.map((t) => t.name).filter(isHead));
    expect(changed.length).toBeGreaterThan(0);
    for (const f of ['curves.csv', 'loss.svg', 'auc.svg', 'metrics-val.json', 'roc-val.svg']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'curves.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('from the committed pretrained checkpoint: frozen trunk kept bit for bit, head trained, parent recorded, disclaimer printed', async () => {
    const pretrained = await loadCheckpoint(PRETRAINED_CHECKPOINT_DIR);

    const r = await trainFromPretrained();

    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toContain(DISCLAIMER);
    expect(r.stdout).toContain(`checkpoint: ${r.dir}`);
    expect(r.stdout).toMatch(/^epoch 1 {2}loss \d/m);
    expect(r.stdout).toMatch(/validation AUC: (0|1|0\.\d+)\n/);
    expect(r.stdout.trim().endsWith(DISCLAIMER)).toBe(true);
    const ckpt: Checkpoint = await loadCheckpoint(r.dir);
    expect(ckpt.config).toEqual(pretrained.config);
    expect(ckpt.provenance.parentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(changedTensors(pretrained.tensors, ckpt.tensors)).toEqual(ckpt.tensors.map((t) => t.name).filter(isHead));
  });

  it('refuses an existing --out before training (no epoch runs) and leaves it untouched', async () => {
    const r0 = await trainFromPretrained();
    const before = readFileSync(join(r0.dir, 'manifest.json'), 'utf8');

    const r = await runCli(['train', '--data', data, '--init', PRETRAINED_CHECKPOINT_DIR, '--level', 'FC', '--out', r0.dir, '--epochs', '1', '--batch-size', '8', '--json']);

    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr).toContain(`--out ${r0.dir} already exists`);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(r0.dir, 'manifest.json'), 'utf8')).toBe(before);
  });
});

describe('fedcxr evaluate', () => {
  it('--json: metrics are numbers in range and n matches the evaluated split', async () => {
    const { dir } = await trainFromPretrained();

    const all = await runCli(['evaluate', '--model', dir, '--data', manifest, '--split', 'all', '--json']);
    const test = await runCli(['evaluate', '--model', dir, '--data', manifest, '--json']);

    expect(all.code).toBe(ExitCode.ok);
    const [m, ...rest] = jsonLines(all.stdout);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ split: 'all', synthetic: true, n: 2 * PER_CLASS, positives: PER_CLASS, negatives: PER_CLASS, disclaimer: DISCLAIMER });
    expect(m!.thresholdChoice).toEqual({ threshold: 0.5, source: 'fixed' });
    for (const k of ['sensitivity', 'specificity', 'accuracy', 'auc']) {
      expect(typeof m![k], k).toBe('number');
      expect(m![k] as number, k).toBeGreaterThanOrEqual(0);
      expect(m![k] as number, k).toBeLessThanOrEqual(1);
    }
    const [lo, hi] = m!.aucCI as [number, number];
    expect(lo).toBeLessThanOrEqual(m!.auc as number);
    expect(hi).toBeGreaterThanOrEqual(m!.auc as number);
    expect(m!.loss as number).toBeGreaterThan(0);
    const c = m!.confusion as { tp: number; fp: number; tn: number; fn: number };
    expect(c.tp + c.fp + c.tn + c.fn).toBe(2 * PER_CLASS);
    expect(test.code).toBe(ExitCode.ok);
    expect(jsonLines(test.stdout)[0]).toMatchObject({ split: 'test', n: manifestCount('test') });
  });

  it('human-readable: disclaimer first, synthetic noted, the metrics table, a validation-chosen threshold', async () => {
    const { dir } = await trainFromPretrained();

    const r = await runCli(['evaluate', '--model', dir, '--data', manifest, '--split', 'all', '--threshold-from', 'val']);

    expect(r.code).toBe(ExitCode.ok);
    expect(r.stdout.split('\n')[0]).toBe(DISCLAIMER);
    expect(r.stdout).toContain('SYNTHETIC');
    expect(r.stdout).toContain(`n = ${2 * PER_CLASS} (${PER_CLASS} positive, ${PER_CLASS} negative)`);
    expect(r.stdout).toMatch(/\| ROC-AUC \| \d\.\d{3}/);
    expect(r.stdout).toMatch(/threshold source: validation/);
  });

  it('one-class data is reported with n/a metrics and a reason, not a crash', async () => {
    const { dir } = await trainFromPretrained();
    const one = tmp.make('one-class');
    cpSync(join(data, 'NORMAL'), join(one, 'NORMAL'), { recursive: true });

    const json = await runCli(['evaluate', '--model', dir, '--data', one, '--split', 'all', '--json']);
    const text = await runCli(['evaluate', '--model', dir, '--data', one, '--split', 'all']);

    expect(json.code).toBe(ExitCode.ok);
    const m = jsonLines(json.stdout)[0]!;
    expect(m).toMatchObject({ n: PER_CLASS, positives: 0, auc: null, sensitivity: null, aucCI: null });
    expect(m.undefinedReasons).toContainEqual(expect.stringMatching(/only one class present/));
    expect(text.code).toBe(ExitCode.ok);
    expect(text.stdout).toMatch(/ROC-AUC \| n\/a \(only one class present/);
  });
});

describe('fedcxr predict', () => {
  it('--json: one result per file in order, probabilities in [0, 1]; a corrupt file is named with its error, the rest still scored, exit 4', async () => {
    const { dir } = await trainFromPretrained();
    const normal = join(data, 'NORMAL', 'KM-s3-N0.png');
    const disease = join(data, 'PNEUMOCONIOSIS', 'KM-s3-D0.png');
    const corrupt = join(tmp.make('bad'), 'corrupt.png');
    writeFileSync(corrupt, Buffer.from('this is not a PNG at all'));

    const r = await runCli(['predict', '--model', dir, normal, corrupt, disease, '--json']);

    // Exit 4 (ValueError) after printing every result: a script learns that one file was not scored.
    expect(r.code).toBe(ExitCode.value);
    expect(r.stderr).toContain(`1 of 3 files could not be scored: ${corrupt}`);
    expect(r.stderr).toContain(DISCLAIMER);
    const [out, ...rest] = jsonLines(r.stdout);
    expect(rest).toEqual([]);
    expect(out).toMatchObject({ disclaimer: DISCLAIMER, threshold: 0.5 });
    const rows = out!.predictions as { file: string; score: number | null; positive: boolean | null; error?: string }[];
    expect(rows.map((p) => p.file)).toEqual([normal, corrupt, disease]);
    for (const p of [rows[0]!, rows[2]!]) {
      expect(p.error).toBeUndefined();
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.score).toBeLessThanOrEqual(1);
      expect(p.positive).toBe(p.score! >= 0.5);
    }
    expect(rows[1]).toMatchObject({ score: null, positive: null, error: expect.stringMatching(/not an image/) });
  });

  it('human-readable: a line per file, the corrupt one named with its error, disclaimer on stdout and stderr', async () => {
    const { dir } = await trainFromPretrained();
    const normal = join(data, 'NORMAL', 'KM-s3-N1.png');
    const corrupt = join(tmp.make('bad'), 'truncated.png');
    writeFileSync(corrupt, readFileSync(normal).subarray(0, 40));

    const r = await runCli(['predict', '--model', dir, '--threshold', '0.25', corrupt, normal]);

    expect(r.code).toBe(ExitCode.value);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${corrupt}\\terror: .+`));
    expect(lines[1]).toMatch(new RegExp(`^${normal}\\t[01]\\.\\d{4}\\t(positive|negative)$`));
    expect(lines[2]).toBe(DISCLAIMER);
    expect(r.stderr).toContain(DISCLAIMER);
  });
});

describe('bad input', () => {
  it('a missing --data is a ConfigError naming the path (exit 3), from the real binary too', async () => {
    const missing = join(tmp.make('missing'), 'nope');
    const args = ['train', '--data', missing, '--init', 'random', '--input-size', `${SIZE}`, '--level', 'FC', '--out', join(missing, 'out')];

    const r = await runCli(args);
    const child = await runCliChild(args, { FEDCXR_CACHE: process.env.FEDCXR_CACHE });

    for (const x of [r, child]) {
      expect(x.code).toBe(ExitCode.config);
      expect(x.stderr).toContain(`fedcxr: ConfigError: data source ${missing} not found`);
    }
    expect(existsSync(join(missing, 'out'))).toBe(false);
  });

  it('an unknown --level lists the valid ones (exit 3), from the real binary too', async () => {
    const args = ['train', '--data', data, '--init', 'random', '--level', 'B9', '--out', join(tmp.make('lvl'), 'x')];

    const r = await runCli(args);
    const child = await runCliChild(args);

    for (const x of [r, child]) {
      expect(x.code).toBe(ExitCode.config);
      expect(x.stderr).toContain("unknown unfreeze level 'B9': expected one of FC, +B5, +B4, +B3, +B2, +B1");
    }
  });

  it('bad option values and a non-checkpoint --model are config errors; --init imagenet is unavailable', async () => {
    const out = join(tmp.make('opts'), 'x');
    const notCkpt = tmp.make('not-a-ckpt');

    const epochs = await runCli(['train', '--data', data, '--init', 'random', '--level', 'FC', '--out', out, '--epochs', '0']);
    const split = await runCli(['evaluate', '--model', notCkpt, '--data', manifest, '--split', 'everything']);
    const model = await runCli(['evaluate', '--model', notCkpt, '--data', manifest]);
    const imagenet = await runCli(['train', '--data', data, '--init', 'imagenet', '--level', 'FC', '--out', out]);
    const noFiles = await runCli(['predict', '--model', notCkpt]);

    expect([epochs.code, split.code, model.code]).toEqual([ExitCode.config, ExitCode.config, ExitCode.config]);
    expect(epochs.stderr).toContain('--epochs must be an integer ≥ 1, got "0"');
    expect(split.stderr).toContain('--split must be test, val, train or all');
    expect(model.stderr).toContain(`${notCkpt} is not a fedcxr checkpoint directory`);
    expect(imagenet.code).toBe(ExitCode.unavailable);
    expect(imagenet.stderr).toContain('fedcxr import-weights');
    expect(noFiles.code).toBe(ExitCode.usage);
    expect(noFiles.stderr).toMatch(/missing required argument 'files'/);
    expect(existsSync(out)).toBe(false);
  });

  it('training on one class only finishes, warns on stderr and reports validation AUC as n/a (real binary)', async () => {
    const one = tmp.make('one-class-train');
    mkdirSync(join(one, 'NORMAL'));
    cpSync(join(data, 'NORMAL'), join(one, 'NORMAL'), { recursive: true });
    const out = join(one, 'ckpt');

    const r = await runCliChild(['train', '--data', one, '--init', 'random', '--input-size', `${SIZE}`, '--level', 'FC', '--out', out, '--epochs', '1', '--batch-size', '8'], {
      FEDCXR_LOG_LEVEL: 'warn',
      FEDCXR_CACHE: process.env.FEDCXR_CACHE,
    });

    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toMatch(/only one class present: all \d+ samples are negative/);
    expect(r.stdout).toContain('validation AUC: n/a');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
