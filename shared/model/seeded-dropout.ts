/**
 * Dropout whose masks come from a seed the trainer sets before every step. tfjs' Dropout draws unseeded masks
 * (so two runs of the same seeded training differ), and a seed in its config would repeat one mask at every
 * step. Here the trainer derives a seed per (run seed, epoch, batch), so a rerun — or a resumed run — draws the
 * same masks. Without a step seed (e.g. outside the trainer) it falls back to tfjs' unseeded masks.
 */
import * as tf from '@tensorflow/tfjs';

/** Constructor arguments of SeededDropout. */
export interface SeededDropoutArgs {
  readonly name: string;
  readonly rate: number;
}

/** A Dropout layer (same rate semantics, inverted scaling) with a per-step seed. */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'FedcxrSeededDropout';
  readonly rate: number;
  /** Seed of the next training-mode call's mask; undefined → unseeded (tfjs' own behaviour). */
  stepSeed: number | undefined;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs.training !== true || this.rate === 0) return tf.clone(x);
    return tf.dropout(x, this.rate, undefined, this.stepSeed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Sets the mask seed of every SeededDropout layer in `model` for the next step (layer k gets `seed + k`). */
export function setDropoutSeed(model: tf.LayersModel, seed: number): void {
  let k = 0;
  for (const layer of model.layers) {
    if (layer instanceof SeededDropout) layer.stepSeed = seed + k++;
  }
}
