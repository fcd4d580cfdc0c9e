/**
 * Frozen-trunk feature cache benchmark: epoch time at FC and +B5 with the full model vs on the warm cache,
 * plus the filling epoch, as medians and ratios, in one process on the same engine and data.
 * `npm run bench -- cache [--json] [--input-size N] [--images N] [--repeats N] [--batch-size N]`
 * Input size defaults to 224 on the native/tensorflow engines and 64 otherwise (stated in the output).
 */
import { parseArgs } from 'node:util';
import { initEngine } from '../shared/engine/index.js';
import { buildModel } from '../shared/model/vgg16.js';
import { defaultModelConfig } from '../shared/model/config.js';
import type { UnfreezeLevel } from '../shared/model/unfreeze.js';
import { phantomDataset } from '../shared/data/phantom.js';
import { LocalTrainer } from '../shared/train/trainer.js';
import { FeatureCache } from '../shared/train/feature-cache.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'input-size': { type: 'string' },
    images: { type: 'string', default: '32' },
    repeats: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '8' },
  },
});

const info = await initEngine();
const fast = info.backend === 'fedcxr-native' || info.backend === 'tensorflow' || info.backend === 'tensorflow-gpu';
const inputSize = Number(values['input-size'] ?? (fast ? 224 : 64));
const images = Number(values.images);
const repeats = Number(values.repeats);
const batchSize = Number(values['batch-size']);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const data = phantomDataset({ site: 'KM', nNormal: images / 2, nDisease: images / 2, inputSize, seed: 1, difficulty: 'easy' });
const config = defaultModelConfig({ inputSize, head: { pooling: 'gap', units: [256], dropout: 0 } });
const train = { epochs: 1, batchSize, learningRate: 1e-4, seed: 1 };

/** Median seconds per epoch over `repeats` epochs (after `skip` unmeasured ones); returns the skipped times too. */
async function epochs(trainer: LocalTrainer, skip: number): Promise<{ first: number[]; median: number }> {
  const first: number[] = [];
  const times: number[] = [];
  for (let e = 0; e < skip + repeats; e++) {
    const log = await trainer.runEpoch(e);
    (e < skip ? first : times).push(log.seconds);
  }
  return { first, median: median(times) };
}

interface Row {
  level: UnfreezeLevel;
  fullEpochS: number;
  fillEpochS: number;
  warmEpochS: number;
  speedup: number;
  fillVsFull: number;
}

const rows: Row[] = [];
for (const level of ['FC', '+B5'] as const) {
  const model = buildModel(config, { seed: 1 });
  const full = new LocalTrainer({ model, level, train: data.samples, config: train });
  // One warm-up epoch (kernel compilation, allocator) is not measured.
  const fullT = await epochs(full, 1);
  full.dispose();
  const cached = new LocalTrainer({ model, level, train: data.samples, config: train, featureCache: new FeatureCache() });
  const warm = await epochs(cached, 1); // the skipped epoch is the one that fills the cache
  cached.dispose();
  model.dispose();
  const fill = warm.first[0] as number;
  rows.push({
    level,
    fullEpochS: fullT.median,
    fillEpochS: fill,
    warmEpochS: warm.median,
    speedup: fullT.median / warm.median,
    fillVsFull: fill / fullT.median,
  });
}

const meta = { bench: 'cache', backend: info.backend, threads: info.threads, inputSize, images, batchSize, repeats, data: 'synthetic phantoms' };
if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...meta, rows })}\n`);
} else {
  process.stdout.write(
    `feature-cache bench: ${info.backend} (${info.threads} threads), ${inputSize}×${inputSize}, ${images} synthetic images, batch ${batchSize}, median of ${repeats} epochs\n`,
  );
  process.stdout.write('level  full epoch s  fill epoch s  warm epoch s  full/warm  fill/full\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.level.padEnd(5)}  ${r.fullEpochS.toFixed(2).padStart(12)}  ${r.fillEpochS.toFixed(2).padStart(12)}  ${r.warmEpochS.toFixed(2).padStart(12)}  ${r.speedup.toFixed(1).padStart(8)}×  ${r.fillVsFull.toFixed(2).padStart(8)}×\n`,
    );
  }
}
