/**
 * Ablation of the pretraining recipe on validation (issue 13): trains the `fedcxr pretrain` recipe and variants
 * that each drop one piece (strong augmentation → standard / none, EMA off, warm-up + cosine → constant rate) on
 * the same patient carve, seed and epochs, and prints each variant's best validation AUC (the selection's view,
 * no TTA), and for every variant the same weights scored with test-time augmentation, so TTA is ablated too.
 * The internal test is never scored here: choices are made on validation only.
 * Needs ../shared/data/kermany/train (skips with a message when absent).
 *
 * Usage: npm run bench -- pretrain-ablation [--input-size 64] [--n-train 500] [--n-val 200] [--epochs 6]
 *        [--lr 1e-4] [--seed 42] [--variants recipe,standard-aug,no-aug,no-ema,constant-lr] [--keep DIR] [--json]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initEngine } from '../shared/engine/index.js';
import { pretrain, type PretrainSettings } from '../shared/train/pretrain.js';
import { PROTOCOL_DEFAULTS } from '../shared/train/pretrain-settings.js';
import { option } from './lib/args.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '..', '..', 'shared', 'data', 'kermany', 'train');

/** Each variant changes the recipe in exactly one place. */
const VARIANTS: Readonly<Record<string, Partial<PretrainSettings>>> = {
  recipe: {},
  'standard-aug': { augment: 'standard' },
  'no-aug': { augment: 'none' },
  'no-ema': { emaDecay: 0 },
  'constant-lr': { warmupEpochs: 0, minLrFactor: 1 },
};

interface Row {
  readonly variant: string;
  readonly bestEpoch: number | null;
  readonly valAuc: number | null;
  readonly valAucTta: number | null;
  readonly seconds: number;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const out = (s: string): boolean => (json ? process.stderr : process.stdout).write(`${s}\n`);
  if (!existsSync(DATA)) {
    out(`pretrain-ablation: skipped, ${DATA} is absent (the Kermany training folder, NORMAL/ and PNEUMONIA/)`);
    return;
  }
  const names = option('variants', Object.keys(VARIANTS).join(',')).split(',');
  for (const n of names) if (!(n in VARIANTS)) throw new Error(`unknown variant '${n}'; known: ${Object.keys(VARIANTS).join(', ')}`);
  const keep = option('keep', '');
  const root = keep || mkdtempSync(join(tmpdir(), 'fedcxr-ablation-'));
  const base: PretrainSettings = {
    ...PROTOCOL_DEFAULTS,
    protocol: 'paper',
    data: DATA,
    out: '',
    inputSize: Number(option('input-size', '64')),
    epochs: Number(option('epochs', '6')),
    batchSize: 16,
    learningRate: Number(option('lr', '1e-4')),
    seed: Number(option('seed', '42')),
    patience: Number(option('epochs', '6')),
    nTrain: Number(option('n-train', '500')),
    nVal: Number(option('n-val', '200')),
    nTest: 0,
  };
  const engine = await initEngine();
  out(`pretrain ablation: +B1 from random, ${base.inputSize} px, paper carve ${base.nTrain}+${base.nTrain} train / ${base.nVal}+${base.nVal} validation ` +
    `(by patient, seed ${base.seed}), ${base.epochs} epochs, Adam peak lr ${base.learningRate}, engine ${engine.backend}; validation only`);
  const rows: Row[] = [];
  try {
    for (const variant of names) {
      const dir = join(root, variant);
      const t0 = performance.now();
      const r = await pretrain({ ...base, ...VARIANTS[variant], tta: true, out: dir, resume: false, command: `bench pretrain-ablation ${variant}`, skipInternalTest: true });
      const best = r.logs.find((l) => l.epoch === r.bestEpoch);
      const tta = JSON.parse(readFileSync(join(dir, 'metrics-val.json'), 'utf8')) as { auc: number | null };
      const row: Row = { variant, bestEpoch: r.bestEpoch, valAuc: best?.valAuc ?? null, valAucTta: tta.auc, seconds: (performance.now() - t0) / 1000 };
      rows.push(row);
      if (json) process.stdout.write(`${JSON.stringify({ bench: 'pretrain-ablation', ...row, epochAucs: r.logs.map((l) => l.valAuc) })}\n`);
      out(`${variant}: best epoch ${row.bestEpoch ?? '-'}, val AUC ${row.valAuc?.toFixed(4) ?? 'n/a'} (per epoch ${r.logs.map((l) => l.valAuc?.toFixed(3) ?? 'n/a').join(' ')}), with TTA ${row.valAucTta?.toFixed(4) ?? 'n/a'}, ${row.seconds.toFixed(0)} s`);
    }
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
  const ref = rows.find((r) => r.variant === 'recipe');
  out('');
  out('variant        best epoch  val AUC  Δ vs recipe  val AUC + TTA  TTA gain  seconds');
  for (const r of rows) {
    const d = ref && r.valAuc !== null && ref.valAuc !== null ? r.valAuc - ref.valAuc : null;
    const g = r.valAuc !== null && r.valAucTta !== null ? r.valAucTta - r.valAuc : null;
    out(`${r.variant.padEnd(14)} ${String(r.bestEpoch ?? '-').padStart(10)}  ${r.valAuc?.toFixed(4) ?? '   n/a'}  ${d === null ? '        -' : (d >= 0 ? '+' : '') + d.toFixed(4)}  ` +
      `${r.valAucTta?.toFixed(4).padStart(13) ?? '          n/a'}  ${g === null ? '       -' : ((g >= 0 ? '+' : '') + g.toFixed(4)).padStart(8)}  ${r.seconds.toFixed(0).padStart(7)}`);
  }
}

await main();
