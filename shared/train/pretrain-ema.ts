/**
 * Exponential moving average of the trainable weights (Polyak averaging; TF's ExponentialMovingAverage with
 * `num_updates`): after optimizer step t, shadow ← d_t·shadow + (1 − d_t)·w with d_t = min(decay, (1 + t)/(10 + t)),
 * so early shadows are not dominated by the random init. Evaluation swaps the shadow in and back out.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../domain/errors.js';

/** The effective decay after `updates` prior updates (0-based). */
export function emaDecayAt(updates: number, decay: number): number {
  return Math.min(decay, (1 + updates) / (10 + updates));
}

/** shadow ← d·shadow + (1 − d)·w, in place (pure over its arguments otherwise). */
export function emaUpdate(shadow: Float32Array, w: ArrayLike<number>, d: number): void {
  if (shadow.length !== w.length) throw new ConfigError(`EMA shadow has ${shadow.length} values, the weight ${w.length}`);
  const a = 1 - d;
  for (let i = 0; i < shadow.length; i++) shadow[i] = d * (shadow[i] as number) + a * (w[i] as number);
}

/** EMA shadows of a list of variables. */
export class WeightAverage {
  private readonly shadows: Float32Array[];
  private updatesDone: number;

  /** Starts from the variables' current values (or from saved shadows and their update count, on resume). */
  constructor(
    private readonly vars: readonly tf.Variable[],
    readonly decay: number,
    saved?: { readonly shadows: readonly Float32Array[]; readonly updates: number },
  ) {
    if (!(decay > 0 && decay < 1)) throw new ConfigError(`EMA decay must be in (0, 1), got ${decay}`);
    if (saved && saved.shadows.length !== vars.length) {
      throw new ConfigError(`saved EMA has ${saved.shadows.length} tensors, the model ${vars.length} trainable variables`);
    }
    this.shadows = saved ? saved.shadows.map((s) => Float32Array.from(s)) : vars.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    this.updatesDone = saved?.updates ?? 0;
  }

  /** Updates done so far (the resume point). */
  get updates(): number {
    return this.updatesDone;
  }

  /** Folds the variables' current values into the shadows (call after each optimizer step). */
  update(): void {
    const d = emaDecayAt(this.updatesDone, this.decay);
    this.vars.forEach((v, i) => emaUpdate(this.shadows[i] as Float32Array, v.dataSync() as Float32Array, d));
    this.updatesDone += 1;
  }

  /** Copies of the shadows (for checkpointing). */
  snapshot(): Float32Array[] {
    return this.shadows.map((s) => s.slice());
  }

  /** Runs `fn` with the shadows in the variables, then puts the raw weights back (also on throw). */
  async withAveraged<T>(fn: () => T | Promise<T>): Promise<T> {
    const raw = this.vars.map((v) => tf.keep(v.clone()));
    try {
      this.vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(this.shadows[i] as Float32Array, v.shape, 'float32'))));
      return await fn();
    } finally {
      this.vars.forEach((v, i) => v.assign(raw[i] as tf.Tensor));
      tf.dispose(raw);
    }
  }

  /** Writes the shadows into the variables for good (the final model is the average). */
  commit(): void {
    this.vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(this.shadows[i] as Float32Array, v.shape, 'float32'))));
  }
}
