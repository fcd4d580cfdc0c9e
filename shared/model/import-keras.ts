/**
 * Reads Keras weight files (HDF5) with h5wasm into the neutral `WeightSource` form:
 * - Keras 1/2 `save_weights` / `model.save` (.h5): root attr `layer_names`, one group per layer with attr
 *   `weight_names`; datasets at `<layer>/<weight_name>`, e.g. `block1_conv1/block1_conv1/kernel:0` (Keras 2)
 *   or `block1_conv1/block1_conv1_W_1:0` (Keras 1, the layout of `vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`).
 *   A full-model file keeps the same tree under `model_weights/`.
 * - Keras 3 `.weights.h5`: `layers/<layer>/vars/0..n` (best effort: positions, classified by rank).
 */
import h5wasm, { type Attribute, type Dataset, type File, type Group } from 'h5wasm/node';
import { ValueError, errorMessage } from '../domain/errors.js';
import { classifyByPosition, toFloat32, type SourceLayer, type SourceWeight, type WeightSource } from './import-source.js';

/** Opens an HDF5 file with h5wasm and reads every layer's weights. ValueError on an unreadable or foreign file. */
export async function readKerasH5(path: string): Promise<WeightSource> {
  await h5wasm.ready;
  let file: File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new ValueError(`cannot open ${path} as HDF5: ${errorMessage(err)}`, { field: path, cause: err });
  }
  try {
    const root = file.get('model_weights');
    const weightsRoot = root instanceof h5wasm.Group ? root : file;
    if (hasChunkedAttr(weightsRoot, 'layer_names')) return { format: 'keras-h5', path, layers: readLegacy(weightsRoot, path) };
    const layers = file.get('layers');
    if (layers instanceof h5wasm.Group) return { format: 'keras3-h5', path, layers: readKeras3(layers) };
    throw new ValueError(`${path} is HDF5 but not a Keras weight file (no 'layer_names' attribute, no 'layers' group)`, {
      field: path,
    });
  } finally {
    file.close();
  }
}

/** Keras 1/2 layout: `layer_names` → groups → `weight_names` → datasets. */
function readLegacy(root: Group, path: string): SourceLayer[] {
  const layers: SourceLayer[] = [];
  for (const layer of chunkedStrings(root, 'layer_names')) {
    const group = root.get(layer);
    if (!(group instanceof h5wasm.Group)) throw new ValueError(`${path}: layer '${layer}' is listed but has no group`, { field: layer });
    const names = hasChunkedAttr(group, 'weight_names') ? chunkedStrings(group, 'weight_names') : datasetPaths(group);
    const weights: SourceWeight[] = names.map((storedName) => {
      const ds = group.get(storedName);
      if (!(ds instanceof h5wasm.Dataset)) {
        throw new ValueError(`${path}: weight '${layer}/${storedName}' is listed but missing`, { field: `${layer}/${storedName}` });
      }
      return readDataset(ds, storedName);
    });
    layers.push({ layer, weights: classifyByPosition(weights) });
  }
  return layers;
}

/** Keras 3 layout: `layers/<name>/vars/<i>`. */
function readKeras3(layersGroup: Group): SourceLayer[] {
  const out: SourceLayer[] = [];
  for (const layer of layersGroup.keys()) {
    const vars = layersGroup.get(`${layer}/vars`);
    if (!(vars instanceof h5wasm.Group)) continue;
    const keys = vars.keys().sort((a, b) => Number(a) - Number(b));
    const weights = keys.flatMap((k) => {
      const ds = vars.get(k);
      return ds instanceof h5wasm.Dataset ? [readDataset(ds, `${layer}/vars/${k}`)] : [];
    });
    if (weights.length > 0) out.push({ layer, weights: classifyByPosition(weights) });
  }
  return out;
}

/** One dataset as float32 with its shape. */
function readDataset(ds: Dataset, storedName: string): SourceWeight {
  const value = ds.value;
  if (!ArrayBuffer.isView(value)) throw new ValueError(`weight ${storedName} is not numeric (dtype ${String(ds.dtype)})`, { field: storedName });
  return { name: storedName, storedName, shape: ds.shape ?? [], data: toFloat32(value as unknown as ArrayLike<number>) };
}

/** Every dataset under a group, depth first (for layer groups written without `weight_names`). */
function datasetPaths(group: Group, prefix = ''): string[] {
  return group.keys().flatMap((k) => {
    const child = group.get(k);
    if (child instanceof h5wasm.Dataset) return [`${prefix}${k}`];
    if (child instanceof h5wasm.Group) return datasetPaths(child, `${prefix}${k}/`);
    return [];
  });
}

/** Whether `name` exists, whole or split by Keras into `name0`, `name1`, … (attributes over 64 KiB). */
function hasChunkedAttr(obj: Group, name: string): boolean {
  const attrs = obj.attrs;
  return attrs[name] !== undefined || attrs[`${name}0`] !== undefined;
}

/** A string-list attribute, reassembled from Keras's `name0`, `name1`, … chunks when split. */
function chunkedStrings(obj: Group, name: string): string[] {
  const attrs = obj.attrs;
  if (attrs[name] !== undefined) return stringList(attrs[name]);
  const out: string[] = [];
  for (let i = 0; attrs[`${name}${i}`] !== undefined; i++) out.push(...stringList(attrs[`${name}${i}`]));
  return out;
}

/** An attribute holding strings (fixed-length bytes in Keras files) as trimmed JS strings. */
function stringList(attr: Attribute | undefined): string[] {
  const v = attr?.value;
  const list = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  return list.map((s) => String(s).replace(/\0+$/, '').trim()).filter((s) => s.length > 0);
}
