/**
 * Why class-prototype alignment measures around the class midpoint (docs/federation.md, "Methods against label
 * skew"): the per-site class means of what alignment compares (the head's last hidden pre-activations), on the
 * committed real-X-ray demo sample (data/demo: gz pneumonia children, nihcc normal adults, mixed children of both
 * classes), under a random init at 64 px. Prints the cosine between every pair of site-class means — they all point
 * almost the same way — and, for the two pairs alignment pulls together (gz vs mixed pneumonia, nihcc vs mixed
 * normals), their cosine around μ, the midpoint of the two class means, which is what the alignment term compares.
 *
 * Usage: npm run bench -- prototype-cosines [--seed 1] [--json]
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../shared/data/manifest.js';
import { loadDataset } from '../shared/data/load.js';
import { initEngine } from '../shared/engine/index.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { buildModel } from '../shared/model/vgg16.js';
import { localPrototypes } from '../shared/train/align.js';
import { REAL_LABEL_MAP } from '../experiments/sites.js';
import { option } from './lib/args.js';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLE = join(here, '..', 'data', 'demo');

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
const sub = (a: Float32Array, b: Float32Array): Float32Array => a.map((v, i) => v - (b[i] as number));
const cosine = (a: Float32Array, b: Float32Array): number => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const seed = Number(option('seed', '1'));
  const engine = await initEngine();
  const entries = await readManifest(join(SAMPLE, 'manifest.csv'));
  const model = buildModel(defaultModelConfig({ inputSize: 64 }), { seed });
  const means = new Map<string, Float32Array>();
  const pooled: { x: Float32Array; y: number }[] = [];
  for (const site of ['gz', 'nihcc', 'mixed']) {
    const ds = await loadDataset(entries.filter((e) => e.path.includes(`/${site}/`)), { inputSize: 64, labelMap: REAL_LABEL_MAP, cacheDir: false });
    for (const p of localPrototypes(model, ds.samples.map((s) => s.x), [64, 64, 3], ds.samples.map((s) => s.y), 5)) {
      means.set(`${site}/${p.label === 1 ? 'pneumonia' : 'normal'}`, p.mean);
      pooled.push({ x: p.mean, y: p.label });
    }
  }
  const width = pooled[0]?.x.length ?? 0;
  const classMean = (label: number): Float32Array => {
    const rows = pooled.filter((p) => p.y === label);
    return Float32Array.from({ length: width }, (_, i) => rows.reduce((s, r) => s + (r.x[i] as number), 0) / rows.length);
  };
  const normal = classMean(0);
  const pneumonia = classMean(1);
  const mid = normal.map((v, i) => (v + (pneumonia[i] as number)) / 2);
  const keys = [...means.keys()];
  const cosines: Record<string, number> = {};
  for (const [i, a] of keys.entries())
    for (const b of keys.slice(i + 1)) {
      const x = means.get(a) as Float32Array;
      const y = means.get(b) as Float32Array;
      cosines[`${a} · ${b}`] = cosine(x, y);
    }
  // What the alignment term sees: directions from the midpoint μ of the two class means, not from the origin.
  const centred = (a: string, b: string): number => cosine(sub(means.get(a) as Float32Array, mid), sub(means.get(b) as Float32Array, mid));
  const pairs = ['gz/pneumonia · mixed/pneumonia', 'nihcc/normal · mixed/normal'];
  const terms = Object.fromEntries(pairs.map((k) => [k, centred(...(k.split(' · ') as [string, string]))]));
  if (json) {
    process.stdout.write(`${JSON.stringify({ bench: 'prototype-cosines', engine: engine.backend, seed, cosines, centredCosines: terms })}\n`);
    return;
  }
  process.stdout.write(`prototype-cosines: engine ${engine.backend}, random VGG16 (seed ${seed}) at 64 px, demo sample ${keys.join(', ')}\n`);
  process.stdout.write('cosine between site-class mean features:\n');
  for (const [k, v] of Object.entries(cosines)) process.stdout.write(`  ${k}: ${v.toFixed(4)}\n`);
  process.stdout.write('same class, two sites: cosine around the midpoint of the class means (what the alignment term compares) vs from the origin:\n');
  for (const [k, v] of Object.entries(terms)) process.stdout.write(`  ${k}: ${v.toFixed(4)} vs raw ${(cosines[k] as number).toFixed(4)}\n`);
}

await main();
