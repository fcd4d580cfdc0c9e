/**
 * Imports foreign weights (Keras .h5, tfjs layers model.json) into a fedcxr model by LAYER NAME, reporting
 * missing, unexpected and shape-mismatched layers. A layer is imported whole or not at all; whatever is not
 * imported (typically the new head) keeps its fresh initialisation.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Checkpoint } from './checkpoint.js';
import type { ModelConfig } from './config.js';
import { readKerasH5 } from './import-keras.js';
import type { SourceLayer, WeightSource } from './import-source.js';
import { readTfjsLayersModel } from './import-tfjs.js';
import { checkpointFromModel } from './model-checkpoint.js';
import { sameShape, type NamedTensor } from '../domain/tensor-set.js';
import { isTrunkLayer, buildModel } from './vgg16.js';
import { setTensorSet, weightName } from './weights.js';

/** A weight whose shape in the file differs from the model's. */
export interface ShapeMismatch {
  readonly layer: string;
  readonly weight: string;
  /** Shape the model needs ([] when the model has no such weight). */
  readonly expected: readonly number[];
  /** Shape in the file ([] when the file lacks the weight). */
  readonly found: readonly number[];
}

/** What an import did, layer by layer. */
export interface ImportReport {
  readonly format: WeightSource['format'];
  readonly source: string;
  /** Model layers whose every weight came from the file. */
  readonly imported: readonly string[];
  /** Model layers with weights that the file does not have. */
  readonly missing: readonly string[];
  /** File layers with weights that the model does not have. */
  readonly unexpected: readonly string[];
  /** Layers present in both whose weights do not fit (left at their fresh values). */
  readonly mismatched: readonly ShapeMismatch[];
  /** Trunk layers (block1..block5) not imported: a pretrained trunk should have none. */
  readonly trunkNotImported: readonly string[];
  readonly importedParams: number;
}

/** Reads a weight file, choosing the reader by content: HDF5 signature → Keras; JSON or a directory → tfjs. */
export async function readWeightSource(path: string): Promise<WeightSource> {
  if ((await stat(path)).isDirectory()) return readTfjsLayersModel(path);
  const fh = await open(path, 'r');
  const head = Buffer.alloc(8);
  try {
    await fh.read(head, 0, 8, 0);
  } finally {
    await fh.close();
  }
  if (head.equals(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]))) return readKerasH5(path);
  return readTfjsLayersModel(path);
}

/** Writes the source's weights into `model` by layer name and reports what matched. Pure over the model. */
export function applyWeightSource(model: tf.LayersModel, source: WeightSource): ImportReport {
  const fileLayers = new Map<string, SourceLayer>(source.layers.filter((l) => l.weights.length > 0).map((l) => [l.layer, l]));
  const imported: string[] = [];
  const missing: string[] = [];
  const mismatched: ShapeMismatch[] = [];
  const writes: NamedTensor[] = [];
  let importedParams = 0;

  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const src = fileLayers.get(layer.name);
    if (!src) {
      missing.push(layer.name);
      continue;
    }
    const problems: ShapeMismatch[] = [];
    const layerWrites: NamedTensor[] = [];
    for (const v of layer.weights) {
      const name = weightName(layer, v);
      const short = name.slice(layer.name.length + 1);
      const expected = v.shape.map((d) => d ?? 0);
      const w = src.weights.find((x) => x.name === short);
      if (!w) problems.push({ layer: layer.name, weight: short, expected, found: [] });
      else if (!sameShape(expected, w.shape)) problems.push({ layer: layer.name, weight: short, expected, found: w.shape });
      else layerWrites.push({ name, shape: expected, data: w.data });
    }
    for (const w of src.weights) {
      if (!layer.weights.some((v) => weightName(layer, v) === `${layer.name}/${w.name}`)) {
        problems.push({ layer: layer.name, weight: w.name, expected: [], found: w.shape });
      }
    }
    if (problems.length > 0) {
      mismatched.push(...problems);
      continue;
    }
    writes.push(...layerWrites);
    imported.push(layer.name);
    importedParams += layerWrites.reduce((n, t) => n + t.data.length, 0);
  }
  setTensorSet(model, writes);

  const modelLayers = new Set(model.layers.map((l) => l.name));
  const mismatchedLayers = new Set(mismatched.map((m) => m.layer));
  return {
    format: source.format,
    source: source.path,
    imported,
    missing,
    unexpected: [...fileLayers.keys()].filter((n) => !modelLayers.has(n)),
    mismatched,
    trunkNotImported: [...missing, ...mismatchedLayers].filter(isTrunkLayer),
    importedParams,
  };
}

/** Options of `importWeights`. */
export interface ImportOptions {
  /** Seed for the fresh initialisation of layers the file does not provide. @default undefined (random) */
  seed?: number;
  /** Free-text note stored in the checkpoint's provenance. @default undefined */
  notes?: string;
}

/**
 * Builds `config`'s model, imports the file's weights into it by layer name, and returns the whole model
 * as a Checkpoint (provenance `import:<file>`) with the report.
 * @example const { checkpoint, report } = await importWeights('vgg16_notop.h5', defaultModelConfig());
 */
export async function importWeights(
  path: string,
  config: ModelConfig,
  opts: ImportOptions = {},
): Promise<{ checkpoint: Checkpoint; report: ImportReport }> {
  const source = await readWeightSource(path);
  const model = buildModel(config, opts.seed === undefined ? {} : { seed: opts.seed });
  try {
    const report = applyWeightSource(model, source);
    const summary = `${source.format}: imported ${report.imported.length} layers (${report.importedParams} params)`;
    const checkpoint = checkpointFromModel(model, config, {
      source: `import:${basename(source.path)}`,
      notes: opts.notes === undefined ? summary : `${opts.notes}; ${summary}`,
    });
    return { checkpoint, report };
  } finally {
    model.dispose();
  }
}
