/**
 * One gradient step of local training, shared by the trainer and the engine benchmark. The frozen part of the
 * model (if any) runs first, outside the gradient tape: tfjs then fuses its conv + bias + ReLU and records
 * nothing for it, as PyTorch does for `requires_grad=False` layers. Only the trainable top is differentiated.
 */
import * as tf from '@tensorflow/tfjs';
import { LOSS_EPSILON } from './evaluate.js';
import type { TrainOptimizer } from './optimizer.js';
import { alignLoss, forwardWithFeatures } from './align.js';

/** The model as the step sees it: an optional frozen trunk and the trainable top it feeds. */
export interface StepNet {
  /** Layers below the unfreeze level; null when everything trains or the input is already cached features. */
  readonly frozen: tf.LayersModel | null;
  /** The trainable layers (holding every variable in `vars`). */
  readonly top: tf.LayersModel;
  readonly vars: readonly tf.Variable[];
  readonly optimizer: TrainOptimizer;
}

/** Loss options of a step. */
export interface StepLoss {
  /** BCE weight of each label. */
  readonly classWeights: { readonly 0: number; readonly 1: number };
  /** FedProx: adds μ/2·Σ‖w − centre‖² over `vars` (centres in the same order). */
  readonly proximal?: { readonly mu: number; readonly center: readonly tf.Tensor[] };
  /**
   * Logit adjustment (label-skew correction, Menon et al. 2021; FedLC, Zhang et al. 2022): the BCE is taken on
   * σ(logit + offset), offset = log(π₁/π₀) of the site's own class prior, so a site that holds mostly one class
   * stops pushing every score towards it. Predictions stay unadjusted. @default 0
   */
  readonly logitOffset?: number;
  /** Class-prototype alignment: adds weight·alignLoss(features, y, targets) (`align.ts`). @default none */
  readonly align?: { readonly weight: number; readonly targets: tf.Tensor2D };
  /** SCAFFOLD: added to each variable's gradient (c − cᵢ, in `vars` order) before the update. @default none */
  readonly correction?: readonly tf.Tensor[];
}

/** Batch loss (class-weighted BCE, plus the proximal term) and the number of correct calls at 0.5. */
export interface StepResult {
  readonly loss: number;
  readonly hits: number;
}

/**
 * Runs forward, backward and one optimizer update on a batch `x` (n × input shape of frozen or top) with labels `y`.
 * @example const { loss } = trainStep(net, x, y, { classWeights: { 0: 1, 1: 1 } });
 */
export function trainStep(net: StepNet, x: tf.Tensor, y: tf.Tensor1D, lossOpts: StepLoss): StepResult {
  const n = y.shape[0];
  const { classWeights: cw, proximal } = lossOpts;
  return tf.tidy(() => {
    const input = net.frozen ? (net.frozen.apply(x, { training: false }) as tf.Tensor) : x;
    const w = y.mul(cw[1] - cw[0]).add(cw[0]);
    let probs: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const align = lossOpts.align;
      const pass = align ? forwardWithFeatures(net.top, input, true) : null;
      const p = pass ? pass.scores : (net.top.apply(input, { training: true }) as tf.Tensor).reshape([n]);
      // variableGrads tidies everything f creates but its result: keep the scores for accuracy.
      probs = tf.keep(p);
      const offset = lossOpts.logitOffset ?? 0;
      const pc = offset === 0 ? p.clipByValue(LOSS_EPSILON, 1 - LOSS_EPSILON) : adjusted(p, offset);
      const ll = y.mul(pc.log()).add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(pc).log()));
      let loss = ll.mul(w).mean().neg() as tf.Scalar;
      if (align && pass && align.weight > 0) loss = loss.add(alignLoss(pass.features, y, align.targets).mul(align.weight)) as tf.Scalar;
      if (proximal && proximal.mu > 0) {
        const terms = net.vars.map((v, i) => v.sub(proximal.center[i] as tf.Tensor).square().sum());
        loss = loss.add(tf.addN(terms).mul(proximal.mu / 2)) as tf.Scalar;
      }
      return loss;
    }, [...net.vars]);
    const correction = lossOpts.correction;
    if (correction) net.vars.forEach((v, i) => (grads[v.name] = (grads[v.name] as tf.Tensor).add(correction[i] as tf.Tensor)));
    net.optimizer.applyGradients(grads);
    const kept = probs as tf.Tensor;
    const hits = kept.greaterEqual(0.5).cast('float32').equal(y).sum().dataSync()[0] ?? 0;
    kept.dispose();
    return { loss: value.dataSync()[0] ?? Number.NaN, hits };
  });
}

/** σ(logit(p) + offset), with p clipped so the logit stays finite, clipped again for the log. */
function adjusted(p: tf.Tensor, offset: number): tf.Tensor {
  const c = p.clipByValue(LOSS_EPSILON, 1 - LOSS_EPSILON);
  const logit = c.log().sub(tf.scalar(1).sub(c).log());
  return logit.add(offset).sigmoid().clipByValue(LOSS_EPSILON, 1 - LOSS_EPSILON);
}
