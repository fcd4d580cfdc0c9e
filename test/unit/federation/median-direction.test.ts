import { describe, expect, it } from 'vitest';
import { coordinateMedian } from '../../../shared/federation/aggregate.js';
import { cosinesToMedian } from '../../../shared/federation/median-direction.js';
import { nativeDirectionKernel, type DirectionKernel } from '../../../shared/federation/native-mean.js';
import { updateCosine } from '../../../shared/federation/norm-bound.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { probedOrUndefined } from './helpers.js';

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

const SHAPES = [[3, 3, 4, 5], [5], [1031], [1]];

/** A set near `base` (or random when absent), with ties to the base, signed zeros and exact repeats mixed in. */
function randomSet(r: () => number, base?: TensorSet): TensorSet {
  return SHAPES.map((shape, i) => {
    const n = shape.reduce((a, d) => a * d, 1);
    const data = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      const b = base ? ((base[i] as { data: Float32Array }).data[j] as number) : 0;
      const u = r();
      data[j] = u < 0.05 ? b : u < 0.08 ? -0 : u < 0.1 ? 0.25 : b + (r() - 0.5) * 10 ** Math.floor(r() * 6 - 4);
    }
    return { name: `t${i}`, shape, data };
  });
}

const native = probedOrUndefined(nativeDirectionKernel);
const kernels: [string, DirectionKernel | null][] = [['JS', null], ...(native ? [['native', native] as [string, DirectionKernel]] : [])];
if (!native) console.warn('median-direction: fedcxr-native has no directionSums here; only the JS kernel is checked');

describe('cosinesToMedian: the direction check in one pass', () => {
  for (const [name, kernel] of kernels) {
    for (const k of [1, 2, 3, 4, 5, 6]) {
      it(`equals updateCosine(x, coordinateMedian(xs), global) bit for bit, K = ${k}, ${name} kernel`, () => {
        // Prepare
        const r = rng(100 + k);
        const global = randomSet(r);
        const sets = Array.from({ length: k }, () => randomSet(r, global));
        // Execute
        const fused = cosinesToMedian(sets, global, kernel);
        // Assert: the two-step definition, exactly
        const med = coordinateMedian(sets);
        const plain = sets.map((s) => updateCosine(s, med, global));
        for (const [i, c] of fused.entries()) expect(c).toBe(plain[i]);
        expect(fused.some((c) => c !== 0)).toBe(true);
      });
    }
  }

  it('is 0 for an update equal to the global (no direction) and rejects a layout mismatch by name', () => {
    const r = rng(5);
    const global = randomSet(r);
    const sets = [global, randomSet(r, global), randomSet(r, global)];
    expect(cosinesToMedian(sets, global)[0]).toBe(0);
    const short = sets.map((s, k) => (k === 1 ? s.map((t, i) => (i === 2 ? { ...t, data: t.data.subarray(1) } : t)) : s));
    expect(() => cosinesToMedian(short, global)).toThrow(/update 1 tensor 2 has 1030 values, the global 1031/);
  });
});
