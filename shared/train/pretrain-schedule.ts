/**
 * Learning-rate schedule of pretraining: linear warm-up from `base·warmupStart` to `base` over the first
 * `warmupSteps` optimizer steps, then cosine decay to `base·minFactor` at `totalSteps` (SGDR without restarts).
 * Pure; the loop sets the optimizer's rate before every step, so a resumed run continues on the same curve.
 */
import { ConfigError } from '../domain/errors.js';

/** Shape of the schedule. */
export interface ScheduleOptions {
  /** Peak learning rate. */
  readonly base: number;
  /** Optimizer steps of linear warm-up. @default 0 */
  readonly warmupSteps: number;
  /** All optimizer steps of the run (warm-up included). */
  readonly totalSteps: number;
  /** Final rate as a fraction of `base`. @default 0.01 */
  readonly minFactor: number;
  /** First warm-up rate as a fraction of `base`. @default 0.1 */
  readonly warmupStart?: number;
}

/** Throws ConfigError naming the bad field. */
export function checkSchedule(o: ScheduleOptions): void {
  if (!(o.base > 0)) throw new ConfigError(`learning rate must be > 0, got ${o.base}`);
  if (!(Number.isInteger(o.totalSteps) && o.totalSteps >= 1)) throw new ConfigError(`totalSteps must be a positive integer, got ${o.totalSteps}`);
  if (!(Number.isInteger(o.warmupSteps) && o.warmupSteps >= 0 && o.warmupSteps <= o.totalSteps)) {
    throw new ConfigError(`warm-up steps must be an integer in 0..${o.totalSteps}, got ${o.warmupSteps}`);
  }
  if (!(o.minFactor >= 0 && o.minFactor <= 1)) throw new ConfigError(`minimum learning-rate factor must be in [0, 1], got ${o.minFactor}`);
}

/**
 * Learning rate of the 0-based optimizer step `step` (steps past the end keep the final rate).
 * @example learningRateAt(0, { base: 1e-3, warmupSteps: 100, totalSteps: 1000, minFactor: 0.01 }) // 1e-4
 */
export function learningRateAt(step: number, o: ScheduleOptions): number {
  const start = o.warmupStart ?? 0.1;
  if (step < o.warmupSteps) return o.base * (start + ((1 - start) * step) / o.warmupSteps);
  const decaySteps = o.totalSteps - o.warmupSteps;
  if (decaySteps <= 1) return o.base;
  const t = Math.min(1, (step - o.warmupSteps) / (decaySteps - 1));
  return o.base * (o.minFactor + (1 - o.minFactor) * 0.5 * (1 + Math.cos(Math.PI * t)));
}

/** Sets the learning rate of a tfjs optimizer or NativeAdam (both read it at every step). */
export function setLearningRate(optimizer: object, lr: number): void {
  const target = optimizer as { learningRate?: unknown; setLearningRate?: (lr: number) => void };
  if (typeof target.setLearningRate === 'function') target.setLearningRate(lr);
  else if (typeof target.learningRate === 'number') target.learningRate = lr;
  else throw new ConfigError('optimizer has no settable learning rate');
}
