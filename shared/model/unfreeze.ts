/**
 * Unfreeze levels: which layers train. THE one place that maps a level to layers (and so knows the
 * block boundaries); the wire, the trainer and the feature cache all ask here.
 * FC = head only; +B5 = head + block5; … +B1 = the whole network.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ValueError } from '../domain/errors.js';
import { FIRST_TRAINABLE_BLOCK, UNFREEZE_LEVELS, isUnfreezeLevel, type UnfreezeLevel } from '../domain/levels.js';

/** Parses a level from user input; throws ConfigError listing the valid ones. */
export function parseUnfreezeLevel(s: string): UnfreezeLevel {
  if (isUnfreezeLevel(s)) return s;
  throw new ConfigError(`unknown unfreeze level '${s}': expected one of ${UNFREEZE_LEVELS.join(', ')}`);
}

/** The VGG block (1–5) a layer belongs to, 0 for the input, or null for head layers. */
export function blockOf(layerName: string): number | null {
  const m = /^block([1-5])_/.exec(layerName);
  if (m) return Number(m[1]);
  if (layerName === 'input_1') return 0;
  return null;
}

/**
 * Whether the layer named `layerName` trains at `level`: head layers always, block b when the level
 * reaches down to b, the input never. This is the single level → layer rule.
 */
export function isTrainable(layerName: string, level: UnfreezeLevel): boolean {
  const block = blockOf(layerName);
  if (block === null) return true;
  return block >= FIRST_TRAINABLE_BLOCK[level];
}

/** Names of the layers with weights that train at `level`, in model order. */
export function trainableLayerNames(model: tf.LayersModel, level: UnfreezeLevel): string[] {
  return model.layers.filter((l) => l.weights.length > 0 && isTrainable(l.name, level)).map((l) => l.name);
}

/** Names of the layers with weights that stay frozen at `level`, in model order. */
export function frozenLayerNames(model: tf.LayersModel, level: UnfreezeLevel): string[] {
  return model.layers.filter((l) => l.weights.length > 0 && !isTrainable(l.name, level)).map((l) => l.name);
}

/** Sets every layer's `trainable` flag for `level` (in place); returns the model for chaining. */
export function applyUnfreeze(model: tf.LayersModel, level: UnfreezeLevel): tf.LayersModel {
  for (const layer of model.layers) {
    if (layer.weights.length > 0) layer.trainable = isTrainable(layer.name, level);
  }
  return model;
}

/** The two halves of a model at a level, sharing the original layers (and so their weights). */
export interface SplitModel {
  /** Input → output of the last frozen layer; null when nothing is frozen (+B1). */
  readonly frozen: tf.LayersModel | null;
  /** The trainable rest: frozen features → sigmoid score (the whole model at +B1). */
  readonly top: tf.LayersModel;
}

/** Splits already made, per model and level: re-splitting would add a graph node to every top layer each time. */
const splits = new WeakMap<tf.LayersModel, Map<UnfreezeLevel, SplitModel>>();

/**
 * Splits a (linear) model at `level` so frozen-trunk activations can be computed once and cached:
 * `top.predict(frozen.predict(x))` equals `model.predict(x)`. Both halves reuse the model's layer
 * objects, so training `top` updates `model`. Repeated calls return the same halves. Do not dispose
 * the halves (they share the model's weights); dispose the model, which releases its halves first.
 */
export function splitAtLevel(model: tf.LayersModel, level: UnfreezeLevel): SplitModel {
  let perLevel = splits.get(model);
  if (!perLevel) {
    splits.set(model, (perLevel = new Map()));
    releaseSplitsOnDispose(model, perLevel);
  }
  const cached = perLevel.get(level);
  if (cached) return cached;
  const split = makeSplit(model, level);
  perLevel.set(level, split);
  return split;
}

/**
 * tfjs layers count their symbolic calls and free their weights when the count returns to 0. Building a top
 * half calls each of its layers once more, so disposing the model alone left the weights of every layer above
 * the split alive: one leaked tensor per trainable weight per split model, gigabytes over an experiment. The
 * model's dispose releases its top halves first (the frozen half reuses the model's own calls: nothing to release).
 */
function releaseSplitsOnDispose(model: tf.LayersModel, perLevel: Map<UnfreezeLevel, SplitModel>): void {
  const dispose = model.dispose.bind(model);
  model.dispose = () => {
    for (const s of perLevel.values()) if (s.top !== model) s.top.dispose();
    perLevel.clear();
    splits.delete(model);
    return dispose();
  };
}

function makeSplit(model: tf.LayersModel, level: UnfreezeLevel): SplitModel {
  const layers = model.layers;
  const first = layers.findIndex((l) => l.getClassName() !== 'InputLayer' && isTrainable(l.name, level));
  if (first < 0) throw new ValueError(`model has no layer trainable at level ${level}`, { field: 'level' });
  const lastFrozen = layers[first - 1];
  if (!lastFrozen || lastFrozen.getClassName() === 'InputLayer') return { frozen: null, top: model };

  // Node 0 is the layer's call inside the original model (earlier splits add more nodes).
  const frozenOut = lastFrozen.getOutputAt(0);
  if (Array.isArray(frozenOut)) throw new ValueError(`layer ${lastFrozen.name} has several outputs`, { field: lastFrozen.name });
  const frozen = tf.model({ inputs: model.inputs, outputs: frozenOut, name: `frozen_${levelTag(level)}` });

  const featureShape = frozenOut.shape.slice(1) as number[];
  const topInput = tf.input({ shape: featureShape, name: `features_${lastFrozen.name}`, dtype: 'float32' });
  let x: tf.SymbolicTensor = topInput;
  for (const layer of layers.slice(first)) {
    const inbound = layer.inboundNodes.length;
    if (inbound === 0) throw new ValueError(`layer ${layer.name} is not connected`, { field: layer.name });
    x = layer.apply(x) as tf.SymbolicTensor;
  }
  const top = tf.model({ inputs: topInput, outputs: x, name: `top_${levelTag(level)}` });
  return { frozen, top };
}

/** A level as a name-safe tag (`+B5` → `B5`). */
function levelTag(level: UnfreezeLevel): string {
  return level.replace('+', '');
}
