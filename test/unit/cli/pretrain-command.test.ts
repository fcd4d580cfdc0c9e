/**
 * `fedcxr pretrain` end to end on a tiny Kermany-style folder (NORMAL/ IM-… and PNEUMONIA/ person…_bacteria_…
 * JPEGs rendered from SYNTHETIC `easy` phantoms, 32 px): a 2-epoch run, `--resume` to 3 epochs, `--export` as float16.
 * The specs of the run describe one run in order; each relies on the previous one's output directory.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../cli/exit-codes.js';
import { initEngine } from '../../../shared/engine/index.js';
import { patientOverlap } from '../../../shared/data/split.js';
import { renderPhantom } from '../../../shared/data/phantom.js';
import { loadCheckpoint, readManifest } from '../../../shared/model/checkpoint.js';
import { carvePretrainEntries } from '../../../shared/train/pretrain.js';
import { DISCLAIMER } from '../../../shared/train/report.js';
import { jsonLines, runCli, TempDirs } from './run-cli.js';

const SIZE = 32;
// Kermany's naming: NORMAL/IM-<patient>-<image>.jpeg, NORMAL2-IM-<patient>-<image>.jpeg; PNEUMONIA/person<patient>_<kind>_<image>.jpeg.
// Some patients have two images, so carving must keep them on one side.
const NORMAL_FILES = ['IM-0101-0001', 'IM-0101-0002', 'IM-0102-0001', 'IM-0103-0001', 'NORMAL2-IM-0104-0001', 'NORMAL2-IM-0104-0002', 'IM-0105-0001', 'IM-0106-0001', 'IM-0107-0001'];
const PNEUMONIA_FILES = ['person12_bacteria_45', 'person12_bacteria_46', 'person13_virus_47', 'person14_bacteria_48', 'person15_virus_49', 'person15_virus_50', 'person16_bacteria_51', 'person17_bacteria_52', 'person18_virus_53'];
const N_TRAIN = 4;
const N_VAL = 2;

const tmp = new TempDirs();
let kermany: string;
let run: string;
let cacheBefore: string | undefined;

async function writeJpegs(dir: string, names: readonly string[], label: 0 | 1): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [i, name] of names.entries()) {
    const p = renderPhantom({ site: 'KERMANY', label, size: SIZE, seed: 100 * label + i, difficulty: 'easy', disease: 'pneumonia' });
    await sharp(p.gray, { raw: { width: SIZE, height: SIZE, channels: 1 } }).jpeg({ quality: 95 }).toFile(join(dir, `${name}.jpeg`));
  }
}

beforeAll(async () => {
  await initEngine();
  cacheBefore = process.env.FEDCXR_CACHE;
  process.env.FEDCXR_CACHE = tmp.make('cache');
  kermany = join(tmp.make('kermany'), 'train');
  await writeJpegs(join(kermany, 'NORMAL'), NORMAL_FILES, 0);
  await writeJpegs(join(kermany, 'PNEUMONIA'), PNEUMONIA_FILES, 1);
  run = join(tmp.make('run'), 'run');
});
afterAll(() => {
  if (cacheBefore === undefined) delete process.env.FEDCXR_CACHE;
  else process.env.FEDCXR_CACHE = cacheBefore;
  tmp.cleanup();
});

const baseArgs = (): string[] => ['pretrain', '--protocol', 'paper', '--data', kermany, '--out', run, '--input-size', `${SIZE}`, '--n-train', `${N_TRAIN}`, '--n-val', `${N_VAL}`, '--batch-size', '8', '--seed', '7'];

interface State {
  options: { epochs: number; nTrain: number; nVal: number; inputSize: number };
  commands: string[];
  logs: { epoch: number; valAuc: number | null }[];
  bestEpoch: number | null;
  finished: boolean;
}
const readState = (): State => JSON.parse(readFileSync(join(run, 'state.json'), 'utf8')) as State;
const ckpts = (): string => join(run, 'checkpoints');
const epochDir = (e: number): string => join(ckpts(), `epoch-${String(e).padStart(4, '0')}`);
const bestDir = (e: number): string => join(ckpts(), `best-epoch-${String(e).padStart(4, '0')}`);

describe('Kermany file names', () => {
  it('carve balanced, patient-disjoint train/val subsets with both images of a patient on one side', async () => {
    const c = await carvePretrainEntries({ data: kermany, nTrain: N_TRAIN, nVal: N_VAL, nTest: 0, seed: 7 });

    expect(patientOverlap(c)).toEqual([]);
    for (const [s, n] of [[c.train, N_TRAIN], [c.val, N_VAL]] as const) {
      expect(s.filter((e) => e.label === 'NORMAL')).toHaveLength(n);
      expect(s.filter((e) => e.label === 'PNEUMONIA')).toHaveLength(n);
    }
    const patients = new Set([...c.train, ...c.val].map((e) => e.patient));
    expect([...patients].every((p) => /^(IM-\d+|NORMAL2-IM-\d+|person\d+)$/.test(p))).toBe(true);
  });
});

// A run scores validation and the internal test with 7 TTA views at the end: allow for a loaded 2-core machine.
describe('fedcxr pretrain', { timeout: 180_000 }, () => {
  it('2 epochs: JSON line per epoch, a checkpoint per epoch (previous pruned), best checkpoint, state, curves, report', async () => {
    const r = await runCli([...baseArgs(), '--epochs', '2', '--json']);

    expect(r.code).toBe(ExitCode.ok);
    expect(r.stderr).toContain(DISCLAIMER);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.type ?? 'done')).toEqual(['epoch', 'epoch', 'done']);
    expect(lines.slice(0, 2).map((l) => [l.epoch, l.mode])).toEqual([[1, 'full'], [2, 'full']]);
    const state = readState();
    expect(lines[2]).toEqual({ done: true, report: join(run, 'report.md'), bestEpoch: state.bestEpoch, epochs: 2 });
    expect(state).toMatchObject({ finished: true, options: { epochs: 2, nTrain: N_TRAIN, nVal: N_VAL, inputSize: SIZE } });
    expect(state.logs.map((l) => l.epoch)).toEqual([1, 2]);
    expect(state.bestEpoch === 1 || state.bestEpoch === 2).toBe(true);
    expect(readFileSync(join(ckpts(), 'LATEST'), 'utf8').trim()).toBe('epoch-0002');
    expect(existsSync(epochDir(1))).toBe(false);
    const last = await loadCheckpoint(epochDir(2));
    expect(last.level).toBe('+B1');
    expect(last.config.inputSize).toBe(SIZE);
    expect((await loadCheckpoint(bestDir(state.bestEpoch!))).provenance.notes).toBe(`best epoch ${state.bestEpoch}`);
    expect(readFileSync(join(run, 'curves.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    const report = readFileSync(join(run, 'report.md'), 'utf8');
    expect(report).toContain(`**${DISCLAIMER}**`);
    expect(report).toContain('## Validation metrics of the best epoch');
    expect(report).toContain(`n = ${2 * N_VAL} (${N_VAL} positive, ${N_VAL} negative), threshold 0.5000`);
    expect(report).toMatch(/\| ROC-AUC \| \d\.\d{3} \(95% bootstrap CI/);
    expect(report).toContain('epochs run: 2');
    const metrics = JSON.parse(readFileSync(join(run, 'metrics-val.json'), 'utf8')) as { n: number; disclaimer: string };
    expect(metrics).toMatchObject({ n: 2 * N_VAL, disclaimer: DISCLAIMER });
  });

  it('refuses to start again over an existing run without --resume', async () => {
    const before = readFileSync(join(run, 'state.json'), 'utf8');

    const r = await runCli([...baseArgs(), '--epochs', '2']);

    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr).toContain(`${run} already holds a pretraining run; pass --resume`);
    expect(readFileSync(join(run, 'state.json'), 'utf8')).toBe(before);
  });

  it('--resume --epochs 3 continues at epoch 3 with the earlier epoch logs kept', async () => {
    const before = readState();

    const r = await runCli([...baseArgs(), '--epochs', '3', '--json', '--resume']);

    expect(r.code).toBe(ExitCode.ok);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.epoch ?? l.epochs)).toEqual([3, 3]);
    const after = readState();
    expect(after.logs.slice(0, 2)).toEqual(before.logs);
    expect(after.logs.map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(after.options.epochs).toBe(3);
    expect(after.commands).toHaveLength(2);
    expect(readFileSync(join(ckpts(), 'LATEST'), 'utf8').trim()).toBe('epoch-0003');
    expect(existsSync(epochDir(2))).toBe(false);
    expect(existsSync(bestDir(after.bestEpoch!))).toBe(true);
    expect(readFileSync(join(run, 'curves.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toContain('epochs run: 3');
  });

  it('--resume without --epochs keeps the run’s own maximum (nothing left to do)', async () => {
    const r = await runCli([...baseArgs(), '--resume', '--json']);

    expect(r.code).toBe(ExitCode.ok);
    expect(jsonLines(r.stdout)).toEqual([expect.objectContaining({ done: true, epochs: 3 })]);
    expect(readState().options.epochs).toBe(3);
  });

  it('--export writes the best epoch as float16 with a report evaluated on the stored weights', async () => {
    const exported = join(tmp.make('export'), 'pneumonia-vgg16');
    const { bestEpoch } = readState();

    const r = await runCli(['pretrain', '--data', kermany, '--out', run, '--export', exported]);

    expect(r.code).toBe(ExitCode.ok);
    expect(r.stdout).toBe(`exported: ${join(exported, 'report.md')}\n${DISCLAIMER}\n`);
    const [m, best] = await Promise.all([readManifest(exported), readManifest(bestDir(bestEpoch!))]);
    expect(m.dtype).toBe('float16');
    expect(m.weightsByteLength * 2).toBe(best.weightsByteLength);
    const [stored, full] = await Promise.all([loadCheckpoint(exported), loadCheckpoint(bestDir(bestEpoch!))]);
    expect(stored.tensors.map((t) => t.name)).toEqual(full.tensors.map((t) => t.name));
    for (const [i, t] of stored.tensors.entries()) {
      const ref = full.tensors[i]!.data;
      const bad = t.data.findIndex((v, k) => Math.abs(v - ref[k]!) > 1e-3 * Math.abs(ref[k]!) + 1e-7);
      expect(bad, t.name).toBe(-1);
    }
    for (const f of ['state.json', 'curves.csv', 'loss.svg', 'auc.svg', 'metrics-val.json', 'roc-val.svg']) expect(existsSync(join(exported, f)), f).toBe(true);
    // Published without the training machine's paths (the run keeps them absolute, for resuming from anywhere).
    const paths = (dir: string) => (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { options: { data: string; out: string } }).options;
    const [own, published] = [paths(run), paths(exported)];
    expect(isAbsolute(own.data)).toBe(true);
    expect([published.data, published.out].filter((p) => isAbsolute(p))).toEqual([]);
    expect([resolve(published.data), resolve(published.out)]).toEqual([own.data, own.out]);
    const report = readFileSync(join(exported, 'report.md'), 'utf8');
    expect(report).toContain(`**${DISCLAIMER}**`);
    expect(report).toContain('run finished after 3 epochs; weights stored as float16 and evaluated as stored');
    expect(report).toContain(`best epoch (val AUC): ${bestEpoch}`);
    expect(report).toContain(`n = ${2 * N_VAL} (${N_VAL} positive, ${N_VAL} negative)`);
  });
});

describe('fedcxr pretrain: nested protocol', { timeout: 180_000 }, () => {
  it('full: every image in train / validation / internal test by patient; the internal test is scored once, beside validation', async () => {
    // Prepare
    const out = join(tmp.make('full'), 'run');
    const carve = { data: kermany, nTrain: 0, nVal: 0, nTest: 0, seed: 7, protocol: 'full' as const, valFraction: 0.25, testFraction: 0.25 };
    const c = await carvePretrainEntries(carve);

    // Execute
    const r = await runCli(['pretrain', '--data', kermany, '--out', out, '--input-size', `${SIZE}`, '--batch-size', '8', '--seed', '7', '--epochs', '1', '--val-fraction', '0.25', '--test-fraction', '0.25', '--json']);

    // Assert
    expect(r.code).toBe(ExitCode.ok);
    expect(patientOverlap({ train: c.train, val: c.val, test: c.internalTest })).toEqual([]);
    expect(c.train.length + c.val.length + c.internalTest.length).toBe(NORMAL_FILES.length + PNEUMONIA_FILES.length);
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')) as { options: Record<string, unknown>; emaUpdates: number };
    expect(state.options).toMatchObject({ protocol: 'full', emaDecay: 0.999, tta: true, augment: 'strong', warmupEpochs: 1 });
    expect(state.emaUpdates).toBe(Math.ceil(c.train.length / 8));
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain(`internal test ${c.internalTest.length} (0.25 per class)`);
    expect(report).toContain('### Internal test (unseen patients, scored once at the end), validation threshold');
    expect(report).toContain(`n = ${c.internalTest.length} (`);
    expect(report).toContain('test-time augmentation: 7 views');
    const internal = JSON.parse(readFileSync(join(out, 'metrics-internal-test.json'), 'utf8')) as { n: number };
    expect(internal.n).toBe(c.internalTest.length);
    expect(existsSync(join(out, 'checkpoints', 'ema-epoch-0001'))).toBe(true);
  });
});

describe('fedcxr pretrain: bad input', () => {
  it('a missing --data folder is a ConfigError naming it (exit 3) and creates no run directory', async () => {
    const base = tmp.make('missing');
    const out = join(base, 'run');

    const r = await runCli(['pretrain', '--data', join(base, 'nope'), '--out', out, '--input-size', `${SIZE}`, '--epochs', '1']);

    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr).toContain(`fedcxr: ConfigError: data folder ${join(base, 'nope')} not found`);
    expect(existsSync(out)).toBe(false);
  });

  it('one class only (no PNEUMONIA/) is reported as too few images (exit 3), not a crash', async () => {
    const one = tmp.make('one-class');
    // The NORMAL images beforeAll encoded, copied rather than encoded again: a CI run once timed out (60 s) in this
    // test, whose only slow step was that encoding; the command itself refuses within milliseconds.
    cpSync(join(kermany, 'NORMAL'), join(one, 'NORMAL'), { recursive: true });

    const r = await runCli(['pretrain', '--protocol', 'paper', '--data', one, '--out', join(one, 'run'), '--input-size', `${SIZE}`, '--epochs', '1', '--n-train', `${N_TRAIN}`, '--n-val', `${N_VAL}`]);

    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr).toContain(`class 1 has 0 images, ${N_TRAIN + N_VAL} requested`);
  });

  it('--export of a directory without a finished epoch is a ConfigError', async () => {
    const empty = tmp.make('no-run');

    const r = await runCli(['pretrain', '--data', kermany, '--out', empty, '--export', join(empty, 'x')]);

    expect(r.code).toBe(ExitCode.config);
    expect(r.stderr).toContain(`${empty} has no completed epoch with a validation AUC to export`);
    expect(existsSync(join(empty, 'x'))).toBe(false);
  });
});
