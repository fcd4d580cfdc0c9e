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
import { trainerEpochTimes } from './lib/trainer-epochs.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';

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

const config = defaultModelConfig({ inputSize, head: { pooling: 'gap', units: [256], dropout: 0 } });

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
  const t = await trainerEpochTimes({ model, level, inputSize, images, batchSize, repeats });
  model.dispose();
  rows.push({
    level,
    fullEpochS: t.fullSec,
    fillEpochS: t.fillSec,
    warmEpochS: t.warmSec,
    speedup: t.fullSec / t.warmSec,
    fillVsFull: t.fillSec / t.fullSec,
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
