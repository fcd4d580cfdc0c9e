/**
 * Class-prototype alignment against the institution shortcut (after FedProto, Tan et al. AAAI 2022): after
 * local training each site reports, per class it holds at least MIN_PROTOTYPE_COUNT training images of, the
 * mean pre-activation of the head's last hidden layer (an aggregate, like the update itself); the coordinator
 * averages the sites' means per class, one vote per site, each first clipped to the round's median prototype norm; next
 * round every site adds λ·mean(1 − cos(f − μ, p_y − μ)) to its loss, μ the midpoint of the two class prototypes
 * (`shared/train/align.ts`). Normals of a normal-only institution and of a mixed one are pulled onto one side of
 * one axis, so within a class the features stop telling institutions apart. Measured around μ because the raw
 * features of every class and site point almost the same way (cosines ≥ 0.998 between the sites' class means of
 * a random VGG16 at 64 px, 0.54–0.74 around μ: `npm run bench -- prototype-cosines`). A direction, not a
 * distance, because a distance to prototypes that sit close together is smallest when every feature shrinks onto
 * them, and the model collapses (see alignLoss). The term lies in [0, 2] whatever the vectors, and the clip plus one vote per
 * site bound what one hostile site can move. Pure functions.
 */
import { MIN_PROTOTYPE_COUNT, type ClassPrototype } from '../domain/prototype.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { OUTPUT_LAYER_NAME } from '../model/vgg16.js';

export { classMeans, MIN_PROTOTYPE_COUNT, type ClassPrototype } from '../domain/prototype.js';

/** Widest feature vector a prototype may have (VGG16's widest head layer is 25,088 at 224 px). */
export const MAX_PROTOTYPE_WIDTH = 1 << 16;

/** Width of the features feeding the output layer of a model's trainable set, or null when it lacks the head. */
export function prototypeWidth(global: TensorSet): number | null {
  const kernel = global.find((t) => t.name === `${OUTPUT_LAYER_NAME}/kernel`);
  return kernel ? (kernel.shape[0] ?? null) : null;
}

/** Why a site's prototypes are unacceptable (labels, counts, width, values), or null. Pure. */
export function prototypeProblem(list: readonly ClassPrototype[], width: number | null, numExamples: number): string | null {
  if (list.length === 0) return null;
  if (width === null) return 'sent class prototypes, but the model has no output layer to align features before';
  const seen = new Set<number>();
  for (const p of list) {
    const at = `prototype of class ${p.label}`;
    if (p.label !== 0 && p.label !== 1) return `prototype label ${String(p.label)} is not 0 or 1`;
    if (seen.has(p.label)) return `two prototypes of class ${p.label}`;
    seen.add(p.label);
    if (!Number.isInteger(p.count) || p.count < MIN_PROTOTYPE_COUNT) return `${at} summarises ${p.count} images (at least ${MIN_PROTOTYPE_COUNT} required)`;
    if (p.count > numExamples) return `${at} summarises ${p.count} images, more than the ${numExamples} the update trained on`;
    if (p.mean.length !== width) return `${at} has ${p.mean.length} values, the output layer takes ${width}`;
    const norm = l2(p.mean);
    if (!Number.isFinite(norm)) return `${at} holds a value that is not finite`;
    if (norm === 0) return `${at} is all zeros`;
  }
  return null;
}

/**
 * The global prototypes: per class, the mean of the sites' prototypes (one vote per site, in site-id order,
 * accumulated in float64), each first scaled down to at most the median norm of all prototypes reported (so a
 * site cannot outweigh the others by sending a long vector); `count` sums the images behind them. Classes no site
 * reported are absent.
 * @example aggregatePrototypes([{ siteId: 'a', prototypes: [{ label: 0, count: 9, mean }] }])
 */
export function aggregatePrototypes(reports: readonly { readonly siteId: string; readonly prototypes: readonly ClassPrototype[] }[]): ClassPrototype[] {
  const ordered = [...reports].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  const norms = ordered.flatMap((r) => r.prototypes.map((p) => l2(p.mean))).sort((a, b) => a - b);
  const bound = median(norms);
  const out: ClassPrototype[] = [];
  for (const label of [0, 1] as const) {
    const votes = ordered.flatMap((r) => r.prototypes.filter((p) => p.label === label));
    const first = votes[0];
    if (!first) continue;
    const acc = new Float64Array(first.mean.length);
    for (const v of votes) {
      const norm = l2(v.mean);
      const scale = norm > bound ? bound / norm : 1;
      for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (v.mean[i] as number) * scale;
    }
    out.push({ label, count: votes.reduce((n, v) => n + v.count, 0), mean: Float32Array.from(acc, (x) => x / votes.length) });
  }
  return out;
}

/** The median of ascending values (mean of the middle two for an even count). */
function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Euclidean norm, accumulated in float64. */
function l2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}
