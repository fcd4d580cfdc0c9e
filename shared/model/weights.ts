/**
 * Model ⇄ TensorSet: read and write a LayersModel's weights as plain named Float32Arrays
 * (`block1_conv1/kernel`, `head_output/bias`, …), in model order.
 */
import * as tf from '@tensorflow/tfjs';
import { ValueError } from '../domain/errors.js';
import { isTrainable } from './unfreeze.js';
import { sameShape, type NamedTensor, type TensorSet } from '../domain/tensor-set.js';
import type { UnfreezeLevel } from '../domain/levels.js';

/** `layer/weight` name of a layer variable, stable across models (tfjs appends `_1`… to duplicate variable names). */
export function weightName(layer: tf.layers.Layer, variable: tf.LayerVariable): string {
  const short = variable.originalName.split('/').pop() ?? variable.originalName;
  return `${layer.name}/${short}`;
}

/** The model's weights (of layers passing `filter`) as a TensorSet, copied out of the backend. */
export function getTensorSet(model: tf.LayersModel, filter: (layerName: string) => boolean = () => true): TensorSet {
  const out: NamedTensor[] = [];
  for (const layer of model.layers) {
    if (!filter(layer.name)) continue;
    for (const v of layer.weights) {
      // dataSync may return the backend's own buffer: copy so later training cannot mutate the set.
      const data = new Float32Array(v.read().dataSync() as Float32Array);
      out.push({ name: weightName(layer, v), shape: v.shape.map((d) => d ?? 0), data });
    }
  }
  return out;
}

/**
 * Writes the tensors of `set` into the model's variables by name. All names and shapes are checked
 * before anything is written; an unknown name or a shape mismatch throws ValueError naming the tensor
 * and both shapes. Tensors of the model absent from `set` are left as they are.
 */
export function setTensorSet(model: tf.LayersModel, set: TensorSet): void {
  const vars = variablesByName(model);
  const writes: Array<[tf.LayerVariable, NamedTensor]> = [];
  for (const t of set) {
    const v = vars.get(t.name);
    if (!v) throw new ValueError(`model has no weight named ${t.name}`, { field: t.name });
    const shape = v.shape.map((d) => d ?? 0);
    if (!sameShape(shape, t.shape)) {
      throw new ValueError(`weight ${t.name}: model shape [${shape.join(',')}] ≠ given shape [${t.shape.join(',')}]`, {
        field: t.name,
      });
    }
    if (t.data.length !== shape.reduce((a, d) => a * d, 1)) {
      throw new ValueError(`weight ${t.name}: ${t.data.length} values for shape [${shape.join(',')}]`, { field: t.name });
    }
    writes.push([v, t]);
  }
  for (const [v, t] of writes) {
    tf.tidy(() => {
      v.write(tf.tensor(t.data, [...t.shape], 'float32'));
    });
  }
}

/** The tensors that train at `level` (head + unfrozen blocks). */
export function trainableTensorSet(model: tf.LayersModel, level: UnfreezeLevel): TensorSet {
  return getTensorSet(model, (name) => isTrainable(name, level));
}

/** The tensors that stay frozen at `level` (the trunk below the unfrozen blocks); empty at +B1. */
export function frozenTensorSet(model: tf.LayersModel, level: UnfreezeLevel): TensorSet {
  return getTensorSet(model, (name) => !isTrainable(name, level));
}

/** Every weight variable of the model by its `layer/weight` name. */
export function variablesByName(model: tf.LayersModel): Map<string, tf.LayerVariable> {
  const m = new Map<string, tf.LayerVariable>();
  for (const layer of model.layers) for (const v of layer.weights) m.set(weightName(layer, v), v);
  return m;
}

