/**
 * Phantom difficulty calibration against the real pipeline: VGG16 from the committed pneumonia checkpoint, trained
 * at FC (the paper's cheapest level, with the trunk cache) on one site's phantoms, then scored in-domain and on the
 * other sites. The `default` difficulty is meant to land at an in-domain AUC of about 0.75–0.9 with lower AUCs
 * cross-site. Difficulty settings are chosen on the validation sets (seeds 12 and 14); the test sets (seed 13) are
 * reported, never tuned on. Synthetic data throughout.
 *
 * Usage: npm run bench -- phantom-calibration [--input-size 224] [--difficulties moderate,default,hard]
 *        [--disease pneumoconiosis] [--train-site KM] [--n-train 100] [--n-val 50] [--n-test 100] [--epochs 30] [--json]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { loadInitialModel } from '../coordinator/initial-model.js';
import { KNOWN_SITES } from '../shared/data/phantom-style.js';
import { phantomDataset, type Difficulty, type PhantomDisease } from '../shared/data/phantom.js';
import { initEngine } from '../shared/engine/index.js';
import { buildModel } from '../shared/model/vgg16.js';
import { setTensorSet } from '../shared/model/weights.js';
import { predictScores } from '../shared/train/evaluate.js';
import { FeatureCache } from '../shared/train/feature-cache.js';
import { bootstrapAucCI } from '../shared/train/metrics.js';
import { trainLocal } from '../shared/train/trainer.js';

const { values } = parseArgs({
  options: {
    'input-size': { type: 'string', default: '224' },
    difficulties: { type: 'string', default: 'moderate,default,hard' },
    disease: { type: 'string', default: 'pneumoconiosis' },
    'train-site': { type: 'string', default: 'KM' },
    'n-train': { type: 'string', default: '100' },
    'n-val': { type: 'string', default: '50' },
    'n-test': { type: 'string', default: '100' },
    epochs: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});

const inputSize = Number(values['input-size']);
const disease = values.disease as PhantomDisease;
const trainSite = values['train-site'];
const [nTrain, nVal, nTest, epochs] = [values['n-train'], values['n-val'], values['n-test'], values.epochs].map(Number) as [number, number, number, number];
const SEED = { train: 11, val: 12, test: 13, crossVal: 14 } as const;

/** AUC (with its bootstrap CI) of one site's set under the trained model. */
interface SiteAuc {
  site: string;
  split: 'val' | 'test';
  auc: number | null;
  lo: number | null;
  hi: number | null;
}

const engine = await initEngine();
const start = await loadInitialModel({ checkpoint: 'pretrained', inputSize, headUnits: [256], seed: 1 }, { inputSize });
const out = (s: string): boolean => (values.json ? process.stderr : process.stdout).write(`${s}\n`);
out(
  `phantom calibration (SYNTHETIC): ${disease}, VGG16 at FC from ${start.model.source}, ${inputSize} px, train ${trainSite} ` +
    `${nTrain}+${nTrain}, val ${nVal}+${nVal} per site, test ${nTest}+${nTest} per site; ${engine.backend} (${engine.threads} threads)`,
);
out('difficulty  split  ' + KNOWN_SITES.map((s) => `${s === trainSite ? `${s}*` : s}`.padEnd(22)).join(''));

for (const difficulty of values.difficulties.split(',') as Difficulty[]) {
  const set = (site: string, n: number, seed: number): ReturnType<typeof phantomDataset>['samples'] =>
    phantomDataset({ site, nNormal: n, nDisease: n, inputSize, seed, difficulty, disease }).samples;
  const model = buildModel(start.model.config, { seed: 1 });
  setTensorSet(model, start.model.tensors);
  const t0 = performance.now();
  const result = await trainLocal({
    model,
    level: 'FC',
    train: set(trainSite, nTrain, SEED.train),
    val: set(trainSite, nVal, SEED.val),
    config: { epochs, batchSize: 16, learningRate: 1e-3, seed: 1, earlyStopping: { monitor: 'val_auc', patience: 6 } },
    featureCache: new FeatureCache(),
  });
  const rows: SiteAuc[] = [];
  for (const split of ['val', 'test'] as const) {
    for (const site of KNOWN_SITES) {
      const seed = split === 'test' ? SEED.test : site === trainSite ? SEED.val : SEED.crossVal;
      const samples = set(site, split === 'test' ? nTest : nVal, seed);
      const scores = predictScores(model, samples);
      const ci = bootstrapAucCI(scores, Uint8Array.from(samples, (s) => s.y), { resamples: 1000, seed: 7 });
      rows.push({ site, split, auc: ci.auc.value, lo: ci.ci?.[0] ?? null, hi: ci.ci?.[1] ?? null });
    }
  }
  model.dispose();
  tf.disposeVariables();
  const seconds = (performance.now() - t0) / 1000;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ bench: 'phantom-calibration', synthetic: true, disease, difficulty, inputSize, trainSite, nTrain, nVal, nTest, bestEpoch: result.bestEpoch, epochsRun: result.epochs.length, seconds, rows })}\n`);
  }
  for (const split of ['val', 'test'] as const) {
    const cells = rows
      .filter((r) => r.split === split)
      .map((r) => (r.auc === null ? 'n/a' : `${r.auc.toFixed(3)} (${r.lo?.toFixed(2)}–${r.hi?.toFixed(2)})`).padEnd(22));
    out(`${difficulty.padEnd(10)}  ${split.padEnd(5)}  ${cells.join('')}`);
  }
  out(`${''.padEnd(10)}  (best epoch ${result.bestEpoch} of ${result.epochs.length}, ${seconds.toFixed(0)} s)`);
}
out('* = training site (in-domain). AUC (95% bootstrap CI, 1000 resamples). Synthetic phantoms, not patients.');
