import { describe, expect, it } from 'vitest';
import { FLOAT16_MAX, fromFloat16, toFloat16 } from '../../../shared/model/float16.js';

/** Half bit pattern of one value. */
const half = (x: number): number => toFloat16(new Float32Array([x]))[0] ?? -1;
/** Float value of one half bit pattern. */
const value = (h: number): number => fromFloat16(new Uint16Array([h]))[0] ?? NaN;

describe('toFloat16 / fromFloat16', () => {
  it('encodes exactly representable values to their IEEE binary16 patterns', () => {
    expect(half(0)).toBe(0x0000);
    expect(half(-0)).toBe(0x8000);
    expect(half(1)).toBe(0x3c00);
    expect(half(-2)).toBe(0xc000);
    expect(half(0.5)).toBe(0x3800);
    expect(half(FLOAT16_MAX)).toBe(0x7bff);
    expect(half(2 ** -14)).toBe(0x0400); // smallest normal
    expect(half(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(half(1023 * 2 ** -24)).toBe(0x03ff); // largest subnormal
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is halfway between 1 (even mantissa) and 1 + 2^-10: ties go to 1.
    expect(half(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 is halfway between 1+2^-10 (odd) and 1+2^-9 (even): ties go up.
    expect(half(1 + 3 * 2 ** -11)).toBe(0x3c02);
    // Just above the halfway point rounds up.
    expect(half(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // Subnormal ties: 2^-25 is halfway between 0 and 2^-24 → 0; 3·2^-25 is between 1 and 2 units → 2.
    expect(half(2 ** -25)).toBe(0x0000);
    expect(half(3 * 2 ** -25)).toBe(0x0002);
    expect(half(2 ** -25 + 2 ** -35)).toBe(0x0001);
    expect(half(-(2 ** -26))).toBe(0x8000);
  });

  it('overflows to infinity and keeps infinities and NaN', () => {
    expect(half(65520)).toBe(0x7c00); // halfway above max rounds to even = Inf
    expect(half(65519)).toBe(0x7bff);
    expect(half(1e9)).toBe(0x7c00);
    expect(half(-Infinity)).toBe(0xfc00);
    expect(half(Infinity)).toBe(0x7c00);
    expect(Number.isNaN(value(half(NaN)))).toBe(true);
    expect(half(NaN) & 0x7c00).toBe(0x7c00);
    expect(half(NaN) & 0x03ff).not.toBe(0);
  });

  it('decodes every non-NaN half back to the same pattern (exact round trip)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = toFloat16(fromFloat16(all));
    let mismatches = 0;
    for (let i = 0; i < 65536; i++) {
      const isNaN = (i & 0x7c00) === 0x7c00 && (i & 0x03ff) !== 0;
      if (!isNaN && back[i] !== i) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(value(0x3555)).toBeCloseTo(0.33325, 5);
    expect(value(0xfbff)).toBe(-FLOAT16_MAX);
  });

  it('keeps relative error within 2^-11 for normal-range values', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const xs = Float32Array.from({ length: 10_000 }, () => (rand() - 0.5) * 2 ** (rand() * 28 - 12));
    const back = fromFloat16(toFloat16(xs));
    let worst = 0;
    xs.forEach((x, i) => {
      if (Math.abs(x) >= 2 ** -14) worst = Math.max(worst, Math.abs((back[i] ?? 0) - x) / Math.abs(x));
    });
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(2 ** -11);
  });

  it('works on a subarray view with a byte offset', () => {
    const buf = new Float32Array([9, 1.5, -3]);
    expect(Array.from(fromFloat16(toFloat16(buf.subarray(1))))).toEqual([1.5, -3]);
  });
});
