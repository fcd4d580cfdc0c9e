/**
 * The site half of class-prototype alignment (`shared/federation/prototypes.ts` has the math and the why):
 * the model run layer by layer so the last hidden layer's pre-activations come out beside the scores, the term
 * λ·mean(1 − cos(f − μ, p_y − μ)) over a batch (μ the midpoint of the two class prototypes), and the site's own
 * per-class mean features, computed in inference mode after training. VGG16 here is a chain, so running its
 * layers in order is the model's own forward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { ValueError } from '../domain/errors.js';
import { classMeans, MIN_PROTOTYPE_COUNT, type ClassPrototype } from '../domain/prototype.js';
import { packRows } from './forward.js';

/** Keeps the cosine defined (and its gradient finite) when a feature or a prototype sits at the midpoint. */
const NORM_EPSILON = 1e-12;

/** The layers of `net` after its input layer, in order: for VGG16 (a chain, the only architecture here) its forward pass. */
function chain(net: tf.LayersModel): tf.layers.Layer[] {
  const layers = net.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (layers.length < 2) throw new ValueError(`model ${net.name} has no layer before its output`, { field: 'model' });
  return layers;
}

/**
 * Scores (n) and the aligned features (n × width) of a batch, in one pass. The features are the last hidden
 * Dense layer's pre-activations (what its ReLU receives; the features feeding the output layer when the head
 * has no hidden layer). Not its ReLU outputs: there a unit the term pushes below zero for every image gets no
 * gradient from the term again, and in the `real` preset a site's whole class mean came out all zeros (every
 * unit off). On pre-activations the term keeps a gradient on either side of zero.
 */
export function forwardWithFeatures(net: tf.LayersModel, x: tf.Tensor, training: boolean): { scores: tf.Tensor; features: tf.Tensor2D } {
  const layers = chain(net);
  const hidden = layers.slice(0, -1);
  const last = hidden.map((l) => l.getClassName() === 'Dense' && (l.getConfig() as { activation?: string }).activation === 'relu').lastIndexOf(true);
  let h = x;
  let features: tf.Tensor | null = null;
  for (const [i, layer] of hidden.entries()) {
    if (i === last) {
      const [kernel, bias] = layer.weights.map((w) => w.read());
      const pre = tf.matMul(h.reshape([h.shape[0] as number, -1]) as tf.Tensor2D, kernel as tf.Tensor2D);
      features = bias ? pre.add(bias) : pre;
      h = tf.relu(features);
    } else h = layer.apply(h, { training }) as tf.Tensor;
  }
  const out = (layers.at(-1) as tf.layers.Layer).apply(h, { training }) as tf.Tensor;
  const f = features ?? h;
  return { scores: out.reshape([h.shape[0] as number]), features: f.reshape([f.shape[0] as number, -1]) as tf.Tensor2D };
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

/**
 * mean over the batch of 1 − cos(f − μ, p_y − μ), μ = (p₀ + p₁)/2: in [0, 2]; 0 when a feature lies on its
 * label's side of the midpoint along the axis between the prototypes, 1 at the midpoint or across the axis.
 * A direction only, so shrinking the features does not lower it. A distance would: the first version,
 * ‖f − p_y‖² / (‖f − μ‖² + ‖p_y − μ‖²), is smallest at p_y, which sits next to μ while the class means barely
 * differ, so it rewards pulling every feature towards μ; with it the `real` preset's related-init models gave
 * 0.500 ± 0.00002 on every image. This form still collapses them at λ ≥ 0.1 (experiments.md), so keep λ small.
 */
export function alignLoss(features: tf.Tensor2D, y: tf.Tensor1D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [p0, p1] = tf.split(targets, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const mid = p0.add(p1).div(2);
    const yc = y.reshape([-1, 1]);
    const axis = yc.mul(p1).add(tf.scalar(1).sub(yc).mul(p0)).sub(mid);
    const g = features.sub(mid);
    const norm = (t: tf.Tensor): tf.Tensor => t.square().sum(1).add(NORM_EPSILON).sqrt();
    const cos = g.mul(axis).sum(1).div(norm(g).mul(norm(axis)));
    return tf.scalar(1).sub(cos).mean() as tf.Scalar;
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
