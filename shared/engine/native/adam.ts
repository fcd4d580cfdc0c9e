/**
 * Adam as one native pass per variable. tfjs' AdamOptimizer runs about a dozen elementwise kernels per variable
 * and step (each reading and writing the whole tensor); at +B1 that was ~15 % of a training step. This optimizer
 * does tfjs' float32 update (see native/fedcxr-native/src/optim.cc; the bias corrections multiply by reciprocals, so
 * results differ by float32 rounding only), holding the moments as plain Float32Arrays, and publishes each new
 * weight tensor with `Variable.assign`.
 */
import { backend as activeBackend, engine, tensor, tidy } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { ValueError } from '../../domain/errors.js';
import type { NativeAddon } from './addon.js';
import { f32, outputF32 } from './kernel-util.js';

/** Adam's hyper-parameters (tfjs' defaults). */
export interface AdamConfig {
  readonly learningRate: number;
  /** @default 0.9 */
  readonly beta1?: number;
  /** @default 0.999 */
  readonly beta2?: number;
  /** @default 1e-7 (tfjs' float32 backend epsilon) */
  readonly epsilon?: number;
}

interface Moments {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/** Adam over the native backend's float32 storage; same update as `tf.train.adam`. */
export class NativeAdam {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private accBeta1: number;
  private accBeta2: number;
  private readonly moments = new Map<string, Moments>();
  private learningRate: number;

  constructor(
    private readonly addon: NativeAddon,
    private readonly config: AdamConfig,
  ) {
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-7;
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    this.learningRate = config.learningRate;
  }

  /** Changes the step size from the next step on (learning-rate schedules). */
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  /** One step over every variable named in `grads` (as returned by `tf.variableGrads`). */
  applyGradients(grads: NamedTensorMap): void {
    const backend = activeBackend() as MathBackendCPU;
    const f = Math.fround;
    const scalars = [
      f(this.beta1),
      f(this.beta2),
      f(1 - this.beta1),
      f(1 - this.beta2),
      f(1 - this.accBeta1),
      f(1 - this.accBeta2),
      f(this.epsilon),
      f(-this.learningRate),
    ];
    for (const [name, grad] of Object.entries(grads)) {
      const variable = engine().registeredVariables[name] as Variable | undefined;
      if (variable === undefined) throw new ValueError(`no variable named '${name}' to apply a gradient to`, { field: name });
      const w = f32(backend, variable) ?? (variable.dataSync() as Float32Array);
      const g = f32(backend, grad) ?? (grad.dataSync() as Float32Array);
      if (g.length !== w.length) {
        throw new ValueError(`gradient of '${name}' has ${g.length} values, the variable ${w.length}`, { field: name });
      }
      let state = this.moments.get(name);
      if (state === undefined) {
        state = { m: new Float32Array(w.length), v: new Float32Array(w.length) };
        this.moments.set(name, state);
      }
      const out = outputF32(w.length);
      this.addon.adam(w, g, state.m, state.v, out, scalars);
      tidy(() => {
        variable.assign(tensor(out, variable.shape, 'float32') as Tensor);
      });
    }
    this.accBeta1 = f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = f(this.accBeta2 * f(this.beta2));
  }

  /** Drops the moment estimates. */
  dispose(): void {
    this.moments.clear();
  }
}
