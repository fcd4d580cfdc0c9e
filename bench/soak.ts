/**
 * `npm run bench -- soak [--sites 100] [--rounds 50] [--json]`: a long in-process federation (in-memory proxies,
 * arithmetic sites over a small ~66k-parameter head, the default robust screen, FedAvg, durable commits every
 * round) printing RSS, heap and live tfjs tensors at checkpoints as ratios to the values after warm-up (round 5)
 * measured in the same run. Flat means no per-round growth: ratios near 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FederatedRun } from '../coordinator/run.js';
import { SiteRegistry } from '../coordinator/registry.js';
import { InMemoryProxy } from '../sim/in-memory-proxy.js';
import { defaultModelConfig } from '../shared/model/config.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteHandler, SiteRegistration } from '../shared/federation/types.js';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const SITES = arg('sites', 100);
const ROUNDS = arg('rounds', 50);
const json = process.argv.includes('--json');

/** A site that nudges every trainable value towards its own target. */
class ArithmeticSite implements SiteHandler {
  constructor(
    readonly siteId: string,
    private readonly target: number,
  ) {}
  registration(): SiteRegistration {
    return { siteId: this.siteId, protocolVersion: 1, capabilities: [], counts: { train: { normal: 20, disease: 20 }, val: { normal: 0, disease: 0 }, test: { normal: 5, disease: 5 } } };
  }
  async hasTrunk(): Promise<boolean> {
    return true;
  }
  async prepareRun(_s: RunSpec, _f: TensorSet | null): Promise<void> {}
  async fit(ins: FitIns): Promise<FitRes> {
    const tensors = ins.tensors.map((t) => ({ ...t, data: t.data.map((v) => v + 0.1 * (this.target - v)) }));
    return { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: 40, tensors, metrics: { trainLoss: 0.5 } };
  }
  async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    return { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: 10, loss: 0.3, withheld: false, confusion: { tp: 4, fn: 1, tn: 4, fp: 1 }, positiveHistogram: [1, 4], negativeHistogram: [4, 1] };
  }
}

const model: TensorSet = [
  { name: 'block1_conv1/kernel', shape: [3, 3, 3, 8], data: new Float32Array(216).fill(0.01) },
  { name: 'head_dense_1/kernel', shape: [512, 128], data: new Float32Array(512 * 128).fill(0.02) },
  { name: 'head_dense_1/bias', shape: [128], data: new Float32Array(128) },
  { name: 'head_output/kernel', shape: [128, 1], data: new Float32Array(128).fill(0.05) },
  { name: 'head_output/bias', shape: [1], data: new Float32Array(1) },
];

const dir = mkdtempSync(join(tmpdir(), 'fedcxr-soak-'));
const registry = new SiteRegistry();
for (let i = 0; i < SITES; i++) {
  const s = new ArithmeticSite(`site-${String(i).padStart(3, '0')}`, Math.sin(i));
  registry.add(new InMemoryProxy(s), s.registration());
}
const run = await FederatedRun.create(
  {
    stateDir: dir, level: '+B5', rounds: ROUNDS, strategy: { name: 'fedavg' }, fit: { localEpochs: 1, batchSize: 8, learningRate: 0.01, seed: 1, optimizer: 'adam' },
    seed: 1, fraction: 1, minFitSites: 2, minAvailableSites: SITES, threshold: 0.5, histogramBins: 20, fitDeadlineMs: 60_000, evaluateDeadlineMs: 60_000,
    prepareDeadlineMs: 60_000, waitForSitesMs: 1000, evaluateEvery: 1, maxRoundAttempts: 1, maxUpdateNorm: 1e9, keepCheckpoints: 2,
  },
  { config: defaultModelConfig({ inputSize: 32 }), tensors: model, source: 'soak' },
  registry,
);
const gc = (globalThis as { gc?: () => void }).gc;
const samples: { round: number; rssMiB: number; heapMiB: number; tensors: number; ms: number }[] = [];
let t0 = performance.now();
await run.execute((o) => {
  if (![1, 5, 10, 25, ROUNDS].includes(o.round)) return;
  gc?.();
  const m = process.memoryUsage();
  samples.push({ round: o.round, rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20, tensors: tf.memory().numTensors, ms: performance.now() - t0 });
  t0 = performance.now();
});
run.close();
rmSync(dir, { recursive: true, force: true });
const base = samples.find((s) => s.round === 5) ?? samples[0];
if (json) process.stdout.write(`${JSON.stringify({ sites: SITES, rounds: ROUNDS, gc: gc !== undefined, samples }, null, 2)}\n`);
else {
  process.stdout.write(`soak: ${SITES} in-process sites × ${ROUNDS} rounds (~66k trainable params, robust screen, durable commits)${gc ? '' : ' — run with node --expose-gc for post-GC heap'}\n`);
  process.stdout.write('round   RSS MiB  (× round 5)   heap MiB  (× round 5)   tfjs tensors\n');
  for (const s of samples) {
    process.stdout.write(
      `${String(s.round).padStart(5)}  ${s.rssMiB.toFixed(1).padStart(8)}  ${(s.rssMiB / (base?.rssMiB ?? 1)).toFixed(2).padStart(11)}  ${s.heapMiB.toFixed(1).padStart(9)}  ${(s.heapMiB / (base?.heapMiB ?? 1)).toFixed(2).padStart(11)}  ${String(s.tensors).padStart(13)}\n`,
    );
  }
}
