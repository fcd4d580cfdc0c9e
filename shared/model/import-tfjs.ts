/**
 * Reads a tfjs layers model (`model.json` + binary shard files, as written by `model.save('file://…')` or
 * `tensorflowjs_converter`) into the neutral `WeightSource` form. Shards are concatenated per manifest group
 * in order; tfjs's own `decodeWeights` handles dtypes and quantisation.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ValueError, errorMessage } from '../domain/errors.js';
import { classifyByPosition, toFloat32, type SourceLayer, type SourceWeight, type WeightSource } from './import-source.js';

/** Reads `model.json` (or a directory holding one) and its weight shards. ValueError naming what is wrong. */
export async function readTfjsLayersModel(path: string): Promise<WeightSource> {
  const jsonPath = (await stat(path)).isDirectory() ? join(path, 'model.json') : path;
  let json: { weightsManifest?: tf.io.WeightsManifestConfig };
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as typeof json;
  } catch (err) {
    throw new ValueError(`cannot read ${jsonPath} as JSON: ${errorMessage(err)}`, { field: jsonPath, cause: err });
  }
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw new ValueError(`${jsonPath} has no weightsManifest (not a tfjs layers model)`, { field: jsonPath });

  const byLayer = new Map<string, SourceWeight[]>();
  for (const group of manifest) {
    const shards = await Promise.all(
      group.paths.map(async (p) => {
        try {
          return await readFile(join(dirname(jsonPath), p));
        } catch (err) {
          throw new ValueError(`weight shard ${p} of ${jsonPath} is unreadable: ${errorMessage(err)}`, { field: p, cause: err });
        }
      }),
    );
    const buffer = concat(shards);
    const expected = group.weights.reduce((n, w) => n + specBytes(w), 0);
    if (buffer.byteLength < expected) {
      throw new ValueError(`weight shards of ${jsonPath} hold ${buffer.byteLength} bytes, the manifest needs ${expected} (truncated?)`, {
        field: group.paths.join(','),
      });
    }
    const decoded = tf.io.decodeWeights(new Uint8Array(buffer).buffer, group.weights); // own, exact-size ArrayBuffer
    for (const spec of group.weights) {
      const t = decoded[spec.name];
      if (!t) continue;
      const { layer, weight } = splitName(spec.name);
      const w: SourceWeight = { name: weight, storedName: spec.name, shape: spec.shape, data: toFloat32(t.dataSync() as Float32Array) };
      t.dispose();
      byLayer.set(layer, [...(byLayer.get(layer) ?? []), w]);
    }
  }
  const layers: SourceLayer[] = [...byLayer].map(([layer, weights]) => ({ layer, weights: classifyByPosition(weights) }));
  return { format: 'tfjs-layers', path: jsonPath, layers };
}

/** `vgg16/block1_conv1/kernel` → layer `block1_conv1`, weight `kernel` (last two segments). */
function splitName(name: string): { layer: string; weight: string } {
  const parts = name.split('/');
  const weight = parts.pop() ?? name;
  return { layer: parts.pop() ?? name, weight };
}

/** Bytes one weight occupies in the shard buffer (quantised weights use their stored dtype). */
function specBytes(spec: tf.io.WeightsManifestEntry): number {
  const n = spec.shape.reduce((a, d) => a * d, 1);
  const q = spec.quantization;
  if (q) return n * (q.dtype === 'uint8' ? 1 : q.dtype === 'float16' || q.dtype === 'uint16' ? 2 : 4);
  return n * 4;
}

function concat(parts: readonly Buffer[]): Buffer {
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}
