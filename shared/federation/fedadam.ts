/**
 * FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization", Alg. 2): the server treats
 * Δ = FedAvg(results) − global as a pseudo-gradient and applies Adam to it:
 * m ← β1·m + (1−β1)·Δ;  v ← β2·v + (1−β2)·Δ²;  x ← x + η·m / (√v + τ)  (no bias correction, as in the paper).
 */
import { ConfigError } from '../domain/errors.js';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';
import { assertSameLayout } from './aggregate.js';
import { keepLocal } from './personal.js';
import { BaseStrategy } from './strategy.js';
import type { FitRes, RunContext, SiteFailure } from './types.js';

/** FedAdam hyper-parameters (Flower's defaults). */
export interface FedAdamOptions {
  /** Server learning rate η. @default 0.1 */
  readonly eta: number;
  /** @default 0.9 */
  readonly beta1: number;
  /** @default 0.99 */
  readonly beta2: number;
  /** Adaptivity τ (ε of Adam). @default 1e-9 */
  readonly tau: number;
}

/** Flower's FedAdam defaults. */
export const FEDADAM_DEFAULTS: FedAdamOptions = { eta: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-9 };

/** One pure FedAdam step; returns the new global and moments (inputs untouched). */
export function fedAdamStep(
  global: TensorSet,
  averaged: TensorSet,
  m: TensorSet | null,
  v: TensorSet | null,
  o: FedAdamOptions,
): { next: TensorSet; m: TensorSet; v: TensorSet } {
  assertSameLayout(global, [averaged, ...(m ? [m] : []), ...(v ? [v] : [])]);
  const next: NamedTensor[] = [];
  const mOut: NamedTensor[] = [];
  const vOut: NamedTensor[] = [];
  for (const [i, g] of global.entries()) {
    const a = (averaged[i] as NamedTensor).data;
    const mi = m ? (m[i] as NamedTensor).data : null;
    const vi = v ? (v[i] as NamedTensor).data : null;
    const x = new Float32Array(g.data.length);
    const mm = new Float32Array(g.data.length);
    const vv = new Float32Array(g.data.length);
    for (let j = 0; j < x.length; j++) {
      const d = (a[j] as number) - (g.data[j] as number);
      const mj = o.beta1 * (mi ? (mi[j] as number) : 0) + (1 - o.beta1) * d;
      const vj = o.beta2 * (vi ? (vi[j] as number) : 0) + (1 - o.beta2) * d * d;
      mm[j] = mj;
      vv[j] = vj;
      x[j] = (g.data[j] as number) + (o.eta * mj) / (Math.sqrt(vj) + o.tau);
    }
    next.push({ name: g.name, shape: [...g.shape], data: x });
    mOut.push({ name: g.name, shape: [...g.shape], data: mm });
    vOut.push({ name: g.name, shape: [...g.shape], data: vv });
  }
  return { next, m: mOut, v: vOut };
}

/** FedAdam: stateful only through its moments, which `getState` exposes for checkpoints. */
export class FedAdam extends BaseStrategy {
  readonly name: string = 'fedadam';
  private m: TensorSet | null = null;
  private v: TensorSet | null = null;
  readonly options: FedAdamOptions;

  constructor(ctx: RunContext, options: Partial<FedAdamOptions> = {}) {
    super(ctx);
    this.options = { ...FEDADAM_DEFAULTS, ...options };
    const { eta, beta1, beta2, tau } = this.options;
    if (!(eta > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
      throw new ConfigError(`fedadam needs eta > 0, 0 ≤ beta1, beta2 < 1, tau > 0; got ${JSON.stringify(this.options)}`);
    }
  }

  aggregateFit(_round: number, global: TensorSet, results: readonly FitRes[], _failures: readonly SiteFailure[]): TensorSet {
    const step = fedAdamStep(global, this.aggregateMean(global, results), this.m, this.v, this.options);
    this.m = step.m;
    this.v = step.v;
    return keepLocal(step.next, global, this.localTensors(global));
  }

  /** The base state (prototypes), then moments as `m/<name>` and `v/<name>` (none before the first round). */
  override getState(): TensorSet {
    if (!this.m || !this.v) return super.getState();
    return [
      ...super.getState(),
      ...this.m.map((t) => ({ ...t, name: `m/${t.name}` })),
      ...this.v.map((t) => ({ ...t, name: `v/${t.name}` })),
    ];
  }

  override setState(state: TensorSet): void {
    super.setState(state);
    if (!state.some((t) => t.name.startsWith('m/'))) {
      this.m = null;
      this.v = null;
      return;
    }
    const strip = (p: string): TensorSet =>
      state.filter((t) => t.name.startsWith(p)).map((t) => ({ ...t, name: t.name.slice(p.length) }));
    this.m = strip('m/');
    this.v = strip('v/');
  }
}
