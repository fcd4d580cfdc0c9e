/**
 * FedPer-style personalisation (Arivazhagan et al. 2019): the head stays local while the unfrozen blocks
 * are federated. The coordinator names the local tensors; it aggregates only the others and leaves the
 * local ones at their previous global value (the starting head of a site that has none yet). Each site
 * overlays its own copy of the local tensors on whatever it receives. Pure functions over TensorSets.
 */
import { ValueError } from '../domain/errors.js';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';
import { blockOf } from '../model/unfreeze.js';

/** Names of the head's tensors in `set` (layers outside the VGG blocks), in set order. */
export function headTensorNames(set: TensorSet): string[] {
  return set.filter((t) => blockOf(t.name.split('/')[0] ?? t.name) === null).map((t) => t.name);
}

/** Throws ValueError unless every name in `names` is a tensor of `set`. */
export function assertKnownTensors(set: TensorSet, names: readonly string[], field: string): void {
  const have = new Set(set.map((t) => t.name));
  for (const n of names) if (!have.has(n)) throw new ValueError(`${field}: ${n} is not a tensor of the model`, { field });
}

/**
 * The aggregate with the local tensors put back to `previous` (they are not averaged: every site keeps
 * its own). Same layout as `aggregated`.
 */
export function keepLocal(aggregated: TensorSet, previous: TensorSet, local: readonly string[]): TensorSet {
  if (local.length === 0) return aggregated;
  assertKnownTensors(aggregated, local, 'localTensors');
  const prev = new Map(previous.map((t) => [t.name, t]));
  const names = new Set(local);
  return aggregated.map((t) => {
    if (!names.has(t.name)) return t;
    const p = prev.get(t.name);
    if (!p || p.data.length !== t.data.length) throw new ValueError(`previous global lacks ${t.name} with shape [${t.shape.join(',')}]`, { field: t.name });
    return { name: t.name, shape: [...t.shape], data: new Float32Array(p.data) };
  });
}

/**
 * The received set with the site's own copies of the local tensors overlaid (shapes must match); tensors
 * the site has no copy of yet keep the received value.
 */
export function overlayLocal(received: TensorSet, own: ReadonlyMap<string, NamedTensor>, local: readonly string[]): TensorSet {
  if (local.length === 0 || own.size === 0) return received;
  const names = new Set(local);
  return received.map((t) => {
    const o = names.has(t.name) ? own.get(t.name) : undefined;
    if (!o) return t;
    if (o.data.length !== t.data.length) {
      throw new ValueError(`local copy of ${t.name} has shape [${o.shape.join(',')}], received [${t.shape.join(',')}]`, { field: t.name });
    }
    return o;
  });
}

/** Copies of the named tensors of `set`, keyed by name (what a site keeps after a fit). */
export function pickLocal(set: TensorSet, local: readonly string[]): Map<string, NamedTensor> {
  const names = new Set(local);
  return new Map(set.filter((t) => names.has(t.name)).map((t) => [t.name, { name: t.name, shape: [...t.shape], data: new Float32Array(t.data) }]));
}
