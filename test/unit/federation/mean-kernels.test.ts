import { describe, expect, it } from 'vitest';
import { weightedMean } from '../../../shared/federation/aggregate.js';
import { MEAN_BLOCK, uninitialisedFloat32, weightedMeanInto, weightedMeanIntoJs } from '../../../shared/federation/mean-kernels.js';
import { loadAddon } from '../../../shared/engine/native/addon.js';
import { errorMessage } from '../../../shared/domain/errors.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';

type Kernel = (out: Float32Array, srcs: readonly Float32Array[], w: readonly number[], total: number) => void;

/** fedcxr-native's weightedMean, or why it cannot run here (not built, or a build older than the function). */
function nativeKernel(): Kernel | string {
  try {
    const addon = loadAddon();
    const fn = addon.weightedMean;
    if (typeof fn !== 'function') return 'the fedcxr-native build has no weightedMean (rebuild native/fedcxr-native)';
    return (out, srcs, w, total) => fn.call(addon, out, srcs, w, total);
  } catch (err) {
    return `fedcxr-native unavailable: ${errorMessage(err)}`;
  }
}
const native = nativeKernel();

/** Every kernel FedAvg can run, each held to the plain loop's bits; a kernel that cannot run here says why. */
const KERNELS: { name: string; run: Kernel | string }[] = [
  { name: 'JS', run: (out, srcs, w, total) => weightedMeanIntoJs(out, srcs, w, total, new Float64Array(MEAN_BLOCK)) },
  { name: 'native (fedcxr-native weightedMean)', run: native },
  { name: 'weightedMeanInto (the dispatch FedAvg uses)', run: (out, srcs, w, total) => weightedMeanInto(out, srcs, w, total, new Float64Array(MEAN_BLOCK)) },
];

/** The plain definition: per element, acc = 0, acc += wₛ·xₛ in the given order, float32(acc / total). */
function reference(srcs: readonly Float32Array[], w: readonly number[]): Float32Array {
  const n = srcs[0]?.length ?? 0;
  const total = w.reduce((a, b) => a + b, 0);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let s = 0; s < srcs.length; s++) acc += (w[s] as number) * ((srcs[s] as Float32Array)[j] as number);
    out[j] = acc / total;
  }
  return out;
}

/** xorshift32: reproducible inputs. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Values over many magnitudes, with signed zeros, subnormals and huge cancelling terms mixed in. */
function randomSource(n: number, r: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const u = r();
    if (u < 0.02) out[j] = -0;
    else if (u < 0.03) out[j] = 0;
    else if (u < 0.04) out[j] = (r() - 0.5) * 1e-40;
    else if (u < 0.14) out[j] = (r() < 0.5 ? -3 : 3) * 1e30; // huge terms that cancel: the sum depends on the order
    else out[j] = (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6);
  }
  return out;
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** The first index where two float32 arrays differ bit for bit, or -1. */
function firstBitDifference(x: Float32Array, y: Float32Array): number {
  const a = bits(x);
  const b = bits(y);
  if (a.length !== b.length) return 0;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return j;
  return -1;
}

const LENGTHS = [1, 2, 7, 4095, MEAN_BLOCK, MEAN_BLOCK + 1, 3 * MEAN_BLOCK + 13];
const WEIGHTS = [[5], [73, 75], [73, 75, 40], [1, 1, 1], [2, 2, 2, 2, 2], [3, 1, 4, 1], [0.1234567, 2.5, 1e-3, 7, 11], [1, 2, 3, 4, 5, 6, 7], [0.5, 1 / 3, 0.7, 1e6, 2, 9]];

describe('mean kernels: bit-identical to the plain float64 loop', () => {
  it('the inputs are order-sensitive (so a kernel that reordered the sums would be caught)', () => {
    const r = rng(11);
    const srcs = [0, 1, 2, 3, 4].map(() => randomSource(3 * MEAN_BLOCK + 13, r));
    const w = [1, 1, 1, 1, 1]; // equal weights: the huge terms cancel exactly in some orders and not in others
    const reversed = reference([...srcs].reverse(), [...w].reverse());
    expect(firstBitDifference(reference(srcs, w), reversed)).toBeGreaterThanOrEqual(0);
  });

  for (const { name, run } of KERNELS) {
    for (const w of WEIGHTS) {
      const title = `${name}: K = ${w.length} sites, weights [${w.join(', ')}], odd and block-straddling lengths`;
      it.skipIf(typeof run === 'string')(typeof run === 'string' ? `${title} — skipped: ${run}` : title, () => {
        const kernel = run as Kernel;
        const r = rng(7 + w.length);
        for (const n of LENGTHS) {
          // Prepare
          const srcs = w.map(() => randomSource(n, r));
          for (const x of srcs) x[n - 1] = -0; // all −0: the plain loop's leading `0 +` makes the mean +0
          const out = uninitialisedFloat32(n);
          out.fill(Number.NaN); // every element must be overwritten
          // Execute
          kernel(out, srcs, w, w.reduce((a, b) => a + b, 0));
          // Assert
          expect({ n, at: firstBitDifference(out, reference(srcs, w)) }).toEqual({ n, at: -1 });
        }
      });
    }
  }

  it.skipIf(typeof native === 'string')(
    typeof native === 'string' ? `native: rejects bad arguments, naming them — skipped: ${native}` : 'native: rejects bad arguments, naming them',
    () => {
      const k = native as Kernel;
      expect(() => k(new Float32Array(4), [new Float32Array(4), new Float32Array(3)], [1, 1], 2)).toThrow(/source 1 has 3 elements, expected 4/);
      expect(() => k(new Float32Array(4), [new Float32Array(4)], [1, 1], 2)).toThrow(/weights must have 1 entries/);
      expect(() => k(new Float32Array(4), [], [], 0)).toThrow(/at least one source/);
      expect(() => k(new Float32Array(4), [new Float64Array(4) as unknown as Float32Array], [1], 1)).toThrow(/source 0 must be a Float32Array/);
    },
  );

  it('weightedMean over a TensorSet matches the reference tensor by tensor', () => {
    const r = rng(99);
    const shapes = [[3, 3, 5, 7], [7], [MEAN_BLOCK + 3], [1]];
    const w = [17, 40, 3, 29];
    const sets: TensorSet[] = w.map(() => shapes.map((shape, i) => ({ name: `t${i}`, shape, data: randomSource(shape.reduce((a, d) => a * d, 1), r) })));
    const out = weightedMean(sets.map((s, k) => [s, w[k] as number] as const));
    for (const [i, t] of out.entries()) {
      expect(t.data.buffer.byteLength).toBe(t.data.length * 4); // its own buffer, not a slice of a pool
      expect(firstBitDifference(t.data, reference(sets.map((s) => (s[i] as { data: Float32Array }).data), w))).toBe(-1);
    }
  });

  it('rejects a source of the wrong length or a weight count that does not match, naming it', () => {
    const out = new Float32Array(4);
    expect(() => weightedMeanInto(out, [new Float32Array(4), new Float32Array(3)], [1, 1], 2, new Float64Array(0))).toThrow(/source 1 has 3 elements, expected 4/);
    expect(() => weightedMeanInto(out, [new Float32Array(4)], [1, 1], 2, new Float64Array(0))).toThrow(/1 sources but 2 weights/);
    expect(() => weightedMeanInto(out, [], [], 0, new Float64Array(0))).toThrow(/at least one source/);
  });
});
