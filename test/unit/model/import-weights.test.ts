import * as tf from '@tensorflow/tfjs';
import h5wasm, { type Group } from 'h5wasm/node';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerImport } from '../../../cli/commands/import-weights.js';
import { exitCodeFor } from '../../../cli/exit-codes.js';
import { ValueError } from '../../../shared/domain/errors.js';
import { loadCheckpoint } from '../../../shared/model/checkpoint.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { hashTensorSet } from '../../../shared/model/hash.js';
import { importWeights, readWeightSource } from '../../../shared/model/import-weights.js';
import type { NamedTensor } from '../../../shared/domain/tensor-set.js';
import { buildModel, modelWeightSpecs } from '../../../shared/model/vgg16.js';
import { getTensorSet } from '../../../shared/model/weights.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/fedcxr.js', import.meta.url));
const config = defaultModelConfig({ inputSize: 32, head: { units: [16] } });

/** A weight as a Keras file stores it. */
interface StoredWeight {
  storedName: string;
  shape: number[];
  data: Float32Array;
}

/** Layers in file order; layers without weights (input, pools) have an empty list, as Keras writes them. */
type KerasLayers = Array<[string, StoredWeight[]]>;

/** Cheap deterministic values. */
function fill(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 0.1;
  }
  return out;
}

/** The VGG16 notop layer list (Keras order) with real shapes; `style` picks Keras 2 or Keras 1 weight names. */
function vggLayers(style: 'keras2' | 'keras1', only?: (layer: string) => boolean): KerasLayers {
  const layers: KerasLayers = [['input_1', []]];
  const specs = modelWeightSpecs(config).filter((s) => s.name.startsWith('block'));
  for (let b = 1; b <= 5; b++) {
    for (const layer of [...new Set(specs.map((s) => s.name.split('/')[0] ?? ''))].filter((l) => l.startsWith(`block${b}_`))) {
      if (only && !only(layer)) continue;
      const weights = specs
        .filter((s) => s.name.startsWith(`${layer}/`))
        .map((s, i) => {
          const short = s.name.split('/')[1] ?? '';
          const storedName = style === 'keras2' ? `${layer}/${short}:0` : `${layer}_${short === 'kernel' ? 'W' : 'b'}_1:0`;
          return { storedName, shape: [...s.shape], data: fill(s.shape.reduce((a, d) => a * d, 1), layer.length * 7919 + b * 31 + i) };
        });
      layers.push([layer, weights]);
    }
    layers.push([`block${b}_pool`, []]);
  }
  return layers;
}

/** Writes a Keras `save_weights`-layout HDF5 file (optionally under `model_weights/`, as `model.save` does). */
async function writeKerasH5(
  path: string,
  layers: KerasLayers,
  opts: { underModelWeights?: boolean; chunkLayerNames?: boolean } = {},
): Promise<void> {
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  try {
    const root = opts.underModelWeights ? f.create_group('model_weights') : f;
    const fixed = (xs: string[]): string => `S${Math.max(1, ...xs.map((x) => x.length))}`;
    const names = layers.map(([n]) => n);
    if (opts.chunkLayerNames) {
      // Keras splits attributes over 64 KiB into layer_names0, layer_names1, …
      const half = Math.ceil(names.length / 2);
      for (const [i, part] of [names.slice(0, half), names.slice(half)].entries()) {
        root.create_attribute(`layer_names${i}`, part, [part.length], fixed(part));
      }
    } else {
      root.create_attribute('layer_names', names, [names.length], fixed(names)); // fixed-length bytes, as h5py writes
    }
    root.create_attribute('backend', 'tensorflow');
    root.create_attribute('keras_version', '2.13.1');
    for (const [layer, weights] of layers) {
      const g = root.create_group(layer);
      const wn = weights.map((w) => w.storedName);
      g.create_attribute('weight_names', wn, [wn.length], fixed(wn.length ? wn : [''])); // empty for input/pools
      for (const w of weights) {
        const parts = w.storedName.split('/');
        let parent = g;
        for (const p of parts.slice(0, -1)) parent = (parent.get(p) as Group | null) ?? parent.create_group(p);
        parent.create_dataset({ name: parts[parts.length - 1] ?? '', data: w.data, shape: w.shape, dtype: '<f' });
      }
    }
  } finally {
    f.close();
  }
}

/** The fedcxr tensors a Keras layer list should import as. */
function expectedTensors(layers: KerasLayers): NamedTensor[] {
  return layers.flatMap(([layer, ws]) =>
    ws.map((w) => ({ name: `${layer}/${/_W_|kernel/.test(w.storedName) ? 'kernel' : 'bias'}`, shape: w.shape, data: w.data })),
  );
}

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fedcxr-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Keras .h5 import', () => {
  it('imports a full real-shaped VGG16 notop file (Keras 2 layout) bit-exactly; the head stays freshly initialised', async () => {
    const layers = vggLayers('keras2');
    const file = join(dir, 'vgg16_notop_k2.h5');
    await writeKerasH5(file, layers);

    const { checkpoint, report } = await importWeights(file, config, { seed: 9 });

    expect(report.format).toBe('keras-h5');
    expect(report.imported).toHaveLength(13);
    expect(report.importedParams).toBe(14_714_688);
    expect(report.missing).toEqual(['head_dense_1', 'head_output']);
    expect(report.unexpected).toEqual([]);
    expect(report.mismatched).toEqual([]);
    expect(report.trunkNotImported).toEqual([]);
    const trunk = checkpoint.tensors.filter((t) => t.name.startsWith('block'));
    expect(hashTensorSet(trunk)).toBe(hashTensorSet(expectedTensors(layers)));
    const fresh = buildModel(config, { seed: 9 });
    expect(hashTensorSet(checkpoint.tensors.filter((t) => t.name.startsWith('head')))).toBe(
      hashTensorSet(getTensorSet(fresh, (n) => n.startsWith('head'))),
    );
    fresh.dispose();
    expect(checkpoint.provenance.source).toBe('import:vgg16_notop_k2.h5');
  });

  it('reads the Keras 1 naming (block1_conv1_W_1:0) under model_weights/ with chunked layer_names, and reports missing, unexpected and mismatched layers', async () => {
    const layers = vggLayers('keras1', (l) => l.startsWith('block1_') || l === 'block2_conv1');
    const b2 = layers.find(([n]) => n === 'block2_conv1')?.[1][0];
    if (b2) {
      b2.shape = [3, 3, 64, 64]; // wrong input channels
      b2.data = fill(3 * 3 * 64 * 64, 1);
    }
    layers.push(['fc1', [{ storedName: 'fc1_W_1:0', shape: [4, 2], data: fill(8, 2) }, { storedName: 'fc1_b_1:0', shape: [2], data: fill(2, 3) }]]);
    const file = join(dir, 'partial_k1.h5');
    await writeKerasH5(file, layers, { underModelWeights: true, chunkLayerNames: true });

    const { checkpoint, report } = await importWeights(file, config);

    expect(report.imported).toEqual(['block1_conv1', 'block1_conv2']);
    expect(report.unexpected).toEqual(['fc1']);
    expect(report.mismatched).toEqual([{ layer: 'block2_conv1', weight: 'kernel', expected: [3, 3, 64, 128], found: [3, 3, 64, 64] }]);
    expect(report.missing).toContain('block5_conv3');
    expect(report.missing).not.toContain('block2_conv1');
    expect(report.trunkNotImported).toHaveLength(11);
    expect(report.trunkNotImported).toContain('block2_conv1');
    const block1 = checkpoint.tensors.filter((t) => t.name.startsWith('block1_'));
    expect(hashTensorSet(block1)).toBe(hashTensorSet(expectedTensors(layers.filter(([n]) => n.startsWith('block1_')))));
  });

  it('rejects a file that is not a Keras weight file with a ValueError naming it', async () => {
    const plain = join(dir, 'plain.h5');
    await h5wasm.ready;
    const f = new h5wasm.File(plain, 'w');
    f.create_dataset({ name: 'x', data: new Float32Array(2) });
    f.close();
    await expect(readWeightSource(plain)).rejects.toThrow(/not a Keras weight file/);
    const junk = join(dir, 'junk.bin');
    await writeFile(junk, 'definitely not json');
    await expect(readWeightSource(junk)).rejects.toThrow(ValueError);
  });
});

describe('tfjs layers model.json import', () => {
  it('reads weights split over two shards, strips scopes, and imports a matching head too', async () => {
    const tdir = join(dir, 'tfjs');
    await mkdir(tdir);
    const specs = modelWeightSpecs(config).filter((s) => s.name.startsWith('block5_conv3') || s.name.startsWith('head_output'));
    const tensors = specs.map((s, i) => tf.tensor(fill(s.shape.reduce((a, d) => a * d, 1), 100 + i), [...s.shape]));
    const named = specs.map((s, i) => ({ name: `vgg16/${s.name}`, tensor: tensors[i] as tf.Tensor }));
    const { data, specs: wspecs } = await tf.io.encodeWeights(named);
    const bytes = new Uint8Array(data as ArrayBuffer);
    const cut = 1_000_000;
    await writeFile(join(tdir, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
    await writeFile(join(tdir, 'group1-shard2of2.bin'), bytes.subarray(cut));
    await writeFile(
      join(tdir, 'model.json'),
      JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: wspecs }] }),
    );

    const { checkpoint, report } = await importWeights(tdir, config);

    expect(report.format).toBe('tfjs-layers');
    expect(report.imported).toEqual(['block5_conv3', 'head_output']);
    expect(report.missing).toContain('head_dense_1');
    const got = checkpoint.tensors.filter((t) => t.name.startsWith('block5_conv3') || t.name.startsWith('head_output'));
    const want = specs.map((s, i) => ({ name: s.name, shape: s.shape, data: tensors[i]?.dataSync() as Float32Array }));
    expect(hashTensorSet(got)).toBe(hashTensorSet(want));
    tf.dispose(tensors);

    await rm(join(tdir, 'group1-shard2of2.bin'));
    await expect(importWeights(tdir, config)).rejects.toThrow(/shard group1-shard2of2\.bin .* unreadable/);
  });
});

describe('fedcxr import-weights (CLI)', () => {
  it('writes a verified checkpoint and prints the report; --strict refuses an incomplete trunk (exit 4)', async () => {
    const layers = vggLayers('keras2', (l) => l.startsWith('block1_'));
    const file = join(dir, 'block1.h5');
    await writeKerasH5(file, layers);
    const out = join(dir, 'ckpts', 'imported');
    const common = ['--from', file, '--input-size', '32', '--units', '16', '--json'];

    const ok = await run(process.execPath, [bin, 'import-weights', ...common, '--out', out, '--dtype', 'float16']);
    // --strict in-process (a second CLI child would cost seconds of start-up).
    const program = new Command('fedcxr').exitOverride();
    registerImport(program);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const strict = await program
      .parseAsync(['node', 'fedcxr', 'import-weights', ...common, '--out', join(dir, 'ckpts', 'strict'), '--strict'])
      .then(() => undefined, (e: unknown) => e)
      .finally(() => spy.mockRestore());

    const report = JSON.parse(ok.stdout) as { imported: string[]; checkpoint: string; unexpected: string[] };
    expect(report.imported).toEqual(['block1_conv1', 'block1_conv2']);
    expect(report.checkpoint).toBe(out);
    const ckpt = await loadCheckpoint(out);
    expect(ckpt.config).toEqual(config);
    const k = ckpt.tensors.find((t) => t.name === 'block1_conv2/kernel');
    const src = layers.find(([n]) => n === 'block1_conv2')?.[1][0]?.data ?? new Float32Array();
    expect(k?.data.length).toBe(src.length);
    let worst = 0;
    src.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (k?.data[i] ?? NaN)))));
    expect(worst).toBeLessThanOrEqual(0.05 * 2 ** -11); // float16 storage
    expect(strict).toBeInstanceOf(ValueError);
    expect(exitCodeFor(strict)).toBe(4);
    expect((strict as Error).message).toMatch(/--strict: trunk layers not imported: block2_conv1/);
    expect((await readdir(join(dir, 'ckpts'))).sort()).toEqual(['imported']);
  });
});
