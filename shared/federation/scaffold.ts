/**
 * SCAFFOLD's control variates (Karimireddy et al. 2020, "SCAFFOLD: Stochastic Controlled Averaging for Federated
 * Learning", Alg. 1 with option II). Each local SGD step of site i uses g + (c − cᵢ): the server's control c
 * estimates the federation's gradient, the site's own cᵢ its local one, so a site whose data pull one way (a
 * one-class site) stops drifting the shared model towards its own optimum between aggregations.
 *
 * After K local steps at rate η from the global x to yᵢ: cᵢ⁺ = cᵢ − c + (x − yᵢ)/(K·η). The server's c is the
 * aggregation-weighted mean of the cᵢ; with fixed weights wᵢ and every site in every round, Σ wᵢcᵢ = c holds
 * from c = cᵢ = 0 on, so c⁺ = Σ wᵢ (x − yᵢ)/(Kᵢ·η) / Σ wᵢ: the coordinator computes it from the updates and step
 * counts it already receives, and no site uploads its cᵢ (the upload stays one tensor set).
 * Pure: inputs are never written; float64 accumulation in the order given.
 */
import { ValueError } from '../domain/errors.js';
import { layoutMismatch, type NamedTensor, type TensorSet } from '../domain/tensor-set.js';

/** One site's round as the server sees it: its trained tensors, aggregation weight and optimizer steps. */
export interface ControlInput {
  readonly tensors: TensorSet;
  readonly weight: number;
  readonly steps: number;
}

/**
 * The server control variate c = Σ wᵢ (x − yᵢ)/(Kᵢ·η) / Σ wᵢ over the results (in the order given).
 * @example serverControl(global, [{ tensors: y1, weight: 20, steps: 3 }], 0.01)
 */
export function serverControl(global: TensorSet, results: readonly ControlInput[], learningRate: number): TensorSet {
  positive(learningRate, 'learning rate');
  const used = results.filter((r) => r.weight > 0);
  if (used.length === 0) throw new ValueError('SCAFFOLD control: no result with a positive weight', { field: 'results' });
  const total = used.reduce((a, r) => a + r.weight, 0);
  for (const r of used) {
    layoutOf(r.tensors, global, 'result tensors');
    positive(r.steps, 'local steps');
  }
  return global.map((g, t) => {
    const acc = new Float64Array(g.data.length);
    for (const r of used) {
      const y = (r.tensors[t] as NamedTensor).data;
      const k = r.weight / (total * r.steps * learningRate);
      for (let j = 0; j < acc.length; j++) acc[j] = (acc[j] as number) + k * ((g.data[j] as number) - (y[j] as number));
    }
    return { name: g.name, shape: [...g.shape], data: Float32Array.from(acc) };
  });
}

/**
 * A site's next control variate cᵢ⁺ = cᵢ − c + (x − yᵢ)/(K·η), from the round's start x (the global it received),
 * its trained yᵢ, its K steps at rate η, its own cᵢ and the server's c (null = zeros, as before any aggregate).
 */
export function siteControl(own: TensorSet | null, control: TensorSet | null, start: TensorSet, trained: TensorSet, steps: number, learningRate: number): TensorSet {
  positive(steps, 'local steps');
  positive(learningRate, 'learning rate');
  layoutOf(trained, start, 'trained tensors');
  if (own) layoutOf(own, start, 'own control variate');
  if (control) layoutOf(control, start, 'server control variate');
  const k = 1 / (steps * learningRate);
  return start.map((x, t) => {
    const y = (trained[t] as NamedTensor).data;
    const ci = own ? (own[t] as NamedTensor).data : null;
    const c = control ? (control[t] as NamedTensor).data : null;
    const out = new Float32Array(x.data.length);
    for (let j = 0; j < out.length; j++) out[j] = (ci ? (ci[j] as number) : 0) - (c ? (c[j] as number) : 0) + k * ((x.data[j] as number) - (y[j] as number));
    return { name: x.name, shape: [...x.shape], data: out };
  });
}

/**
 * The gradient correction c − cᵢ of a site's local steps, in the layout of `like` (the tensors it trains). A
 * control that is not finite, or does not match that layout, is refused with a ValueError naming `field`.
 */
export function stepCorrection(like: TensorSet, control: TensorSet | null, own: TensorSet | null, field: string): TensorSet {
  if (control) {
    layoutOf(control, like, field);
    for (const t of control) if (!t.data.every(Number.isFinite)) throw new ValueError(`${field}: tensor ${t.name} holds a value that is not finite`, { field });
  }
  if (own) layoutOf(own, like, 'own control variate');
  return like.map((x, t) => {
    const c = control ? (control[t] as NamedTensor).data : null;
    const ci = own ? (own[t] as NamedTensor).data : null;
    const out = new Float32Array(x.data.length);
    for (let j = 0; j < out.length; j++) out[j] = (c ? (c[j] as number) : 0) - (ci ? (ci[j] as number) : 0);
    return { name: x.name, shape: [...x.shape], data: out };
  });
}

function layoutOf(set: TensorSet, like: TensorSet, what: string): void {
  const m = layoutMismatch(set, like);
  if (!m) return;
  const detail =
    m.kind === 'count'
      ? `${m.actual} tensors, expected ${m.expected}`
      : `tensor ${m.index} is ${m.actual.name} [${m.actual.shape.join(', ')}], expected ${m.expected.name} [${m.expected.shape.join(', ')}]`;
  throw new ValueError(`SCAFFOLD ${what} do not match the trainable tensors: ${detail}`, { field: what });
}

function positive(v: number, what: string): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new ValueError(`SCAFFOLD needs a positive ${what}, got ${v}`, { field: what });
}
