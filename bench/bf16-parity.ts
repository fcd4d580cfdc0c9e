/**
 * bf16 parity experiment: trains VGG16 + head from random init at +B5 and +B1 on a Kermany subset, in fp32 and
 * in bf16 on the native engine, for several seeds (same seed = same init, carve, batches and dropout masks),
 * and compares the validation AUC. Target (issue 13): |mean AUC bf16 − mean AUC fp32| ≤ 0.005 per level.
 * Needs ../shared/data/kermany/train (skips with a message when absent) and a bf16 CPU (says why otherwise).
 *
 * Usage: npm run bench -- bf16-parity [--levels +B5,+B1] [--seeds 1,2,3] [--input-size 64] [--n-train 200]
 *        [--n-val 150] [--epochs 4] [--batch 16] [--lr 1e-4] [--threads N] [--json]
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initEngine } from '../shared/engine/index.js';
import { registerNativeBackend, type NativePrecision } from '../shared/engine/native/index.js';
import { loadDataset } from '../shared/data/load.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { parseUnfreezeLevel } from '../shared/model/unfreeze.js';
import { buildModel } from '../shared/model/vgg16.js';
import { carvePretrainEntries } from '../shared/train/pretrain.js';
import { LocalTrainer } from '../shared/train/trainer.js';
import { parityVerdict, type ParityRun } from './lib/parity.js';
import type { UnfreezeLevel } from '../shared/domain/levels.js';
import { option } from './lib/args.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '..', '..', 'shared', 'data', 'kermany', 'train');

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const out = (s: string): boolean => (json ? process.stderr : process.stdout).write(`${s}\n`);
  if (!existsSync(DATA)) {
    out(`bf16-parity: skipped, ${DATA} is absent (the Kermany training folder, NORMAL/ and PNEUMONIA/)`);
    return;
  }
  const levels: UnfreezeLevel[] = option('levels', '+B5,+B1').split(',').map(parseUnfreezeLevel);
  const seeds = option('seeds', '1,2,3').split(',').map(Number);
  const size = Number(option('input-size', '64'));
  const nTrain = Number(option('n-train', '200'));
  const nVal = Number(option('n-val', '150'));
  const epochs = Number(option('epochs', '4'));
  const batchSize = Number(option('batch', '16'));
  const learningRate = Number(option('lr', '1e-4'));
  const threads = Number(option('threads', String(availableParallelism())));

  await initEngine({ backend: 'fedcxr-native', threads });
  const probe = await registerNativeBackend({ threads, precision: 'auto' });
  if (probe.precision.precision !== 'bf16') {
    out(`bf16-parity: skipped, this CPU cannot run bf16 (${probe.precision.reason})`);
    return;
  }
  out(`bf16 parity: VGG16+head from random init, ${size} px, train ${nTrain}+${nTrain}, val ${nVal}+${nVal} (carved by patient per seed), ` +
    `${epochs} epochs, batch ${batchSize}, Adam lr ${learningRate}, ${threads} threads; ${probe.precision.reason}`);

  const runs: ParityRun[] = [];
  for (const seed of seeds) {
    const entries = await carvePretrainEntries({ data: DATA, nTrain, nVal, nTest: 0, seed });
    const train = (await loadDataset(entries.train, { inputSize: size })).samples;
    const val = (await loadDataset(entries.val, { inputSize: size })).samples;
    for (const level of levels) {
      for (const precision of ['fp32', 'bf16'] as NativePrecision[]) {
        await registerNativeBackend({ threads, precision });
        const model = buildModel(defaultModelConfig({ inputSize: size }), { seed });
        const trainer = new LocalTrainer({ model, level, train, val, config: { epochs, batchSize, learningRate, seed } });
        const t0 = performance.now();
        const aucs: number[] = [];
        try {
          for (let e = 0; e < epochs; e++) aucs.push((await trainer.runEpoch(e)).valAuc ?? NaN);
        } finally {
          trainer.dispose();
          model.dispose();
        }
        const run: ParityRun = { level, precision, seed, valAuc: aucs[aucs.length - 1] ?? NaN, epochAucs: aucs, seconds: (performance.now() - t0) / 1000 };
        runs.push(run);
        if (json) process.stdout.write(`${JSON.stringify({ bench: 'bf16-parity', ...run })}\n`);
        out(`seed ${seed} ${level.padEnd(4)} ${precision}: val AUC ${run.valAuc.toFixed(4)} (per epoch ${aucs.map((a) => a.toFixed(3)).join(' ')}) in ${run.seconds.toFixed(0)} s`);
        tf.disposeVariables();
      }
    }
  }
  out('');
  out('level  mean AUC fp32  mean AUC bf16  |Δ mean|  max |Δ| per seed  time bf16/fp32  within 0.005');
  for (const v of parityVerdict(runs, 0.005)) {
    out(`${v.level.padEnd(6)} ${v.meanFp32.toFixed(4).padStart(13)} ${v.meanBf16.toFixed(4).padStart(14)} ${v.meanDelta.toFixed(4).padStart(9)} ` +
      `${v.maxSeedDelta.toFixed(4).padStart(17)} ${v.timeRatio.toFixed(2).padStart(15)}  ${v.pass ? 'yes' : 'NO'}`);
    if (json) process.stdout.write(`${JSON.stringify({ bench: 'bf16-parity', summary: v })}\n`);
  }
}

await main();
