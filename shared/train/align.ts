/**
 * The site half of class-prototype alignment (`shared/federation/prototypes.ts` has the math and the why):
 * the model run layer by layer so the features feeding the output layer come out beside the scores, the term
 * λ·mean(‖f − p_y‖² / (‖f − μ‖² + ‖p_y − μ‖² + ε)) over a batch (μ the midpoint of the two class prototypes),
 * and the site's own per-class mean features, computed in inference mode after training. VGG16 here is a
 * chain, so running its layers in order is the model's own forward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { ValueError } from '../domain/errors.js';
import { classMeans, MIN_PROTOTYPE_COUNT, type ClassPrototype } from '../domain/prototype.js';
import { packRows } from './forward.js';

/** Keeps the ratio defined when a feature and its prototype both sit at the midpoint. */
const RATIO_EPSILON = 1e-12;

/** The layers of `net` after its input layer, in order: for VGG16 (a chain, the only architecture here) its forward pass. */
function chain(net: tf.LayersModel): tf.layers.Layer[] {
  const layers = net.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.length < 2) throw new ValueError(`model ${net.name} has no layer before its output`, { field: 'model' });
  return layers;
}

/** Scores (n) and the features feeding the output layer (n × width) of a batch, in one pass. */
export function forwardWithFeatures(net: tf.LayersModel, x: tf.Tensor, training: boolean): { scores: tf.Tensor; features: tf.Tensor2D } {
  const layers = chain(net);
  let h = x;
  for (const layer of layers.slice(0, -1)) h = layer.apply(h, { training }) as tf.Tensor;
  const features = h.reshape([h.shape[0] as number, -1]) as tf.Tensor2D;
  const out = (layers.at(-1) as tf.layers.Layer).apply(h, { training }) as tf.Tensor;
  return { scores: out.reshape([h.shape[0] as number]), features };
}

/**
 * The two class prototypes as one (2 × width) tensor, normal first, or null unless both classes have one (the
 * term is measured around their midpoint). Throws ValueError naming the mismatch when a width is not the model's.
 */
export function alignTargets(targets: readonly ClassPrototype[], width: number): tf.Tensor2D | null {
  const data = new Float32Array(2 * width);
  for (const t of targets) {
    if (t.mean.length !== width) throw new ValueError(`prototype of class ${t.label} has ${t.mean.length} values, the model's features have ${width}`, { field: 'prototypes' });
    data.set(t.mean, t.label * width);
  }
  return new Set(targets.map((t) => t.label)).size === 2 ? tf.tensor2d(data, [2, width]) : null;
}

/** mean over the batch of ‖f − p_y‖² / (‖f − μ‖² + ‖p_y − μ‖² + ε), μ = (p₀ + p₁)/2: in [0, 2], 0 at the prototype. */
export function alignLoss(features: tf.Tensor2D, y: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [p0, p1] = tf.split(targets, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const mid = p0.add(p1).div(2);
    const yc = y.reshape([-1, 1]);
    const target = yc.mul(p1).add(tf.scalar(1).sub(yc).mul(p0));
    const sq = (t: tf.Tensor): tf.Tensor => t.square().sum(1);
    const ratio = sq(features.sub(target)).div(sq(features.sub(mid)).add(sq(target.sub(mid))).add(RATIO_EPSILON));
    return ratio.mean() as tf.Scalar;
  });
}

/**
 * Per-class mean features (inference mode) of `rows` under `net`, for classes with at least `minCount` rows
 * (never fewer than MIN_PROTOTYPE_COUNT): what a site reports after training.
 */
export function localPrototypes(net: tf.LayersModel, rows: readonly Float32Array[], rowShape: readonly number[], labels: ArrayLike<number>, minCount: number, batchSize = 32): ClassPrototype[] {
  const parts: Float32Array[] = [];
  let width = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const n = Math.min(batchSize, rows.length - start);
    const buf = packRows(rows.slice(start, start + n), rowShape);
    const f = tf.tidy(() => forwardWithFeatures(net, tf.tensor(buf, [n, ...rowShape], 'float32'), false).features);
    width = f.shape[1];
    parts.push(f.dataSync() as Float32Array);
    f.dispose();
  }
  const all = new Float32Array(rows.length * width);
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  const floor = Math.max(minCount, MIN_PROTOTYPE_COUNT);
  return classMeans(all, labels, width).filter((p) => p.count >= floor);
}
