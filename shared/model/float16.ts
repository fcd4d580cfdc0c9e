/**
 * IEEE 754 binary16 ⇄ binary32 conversion for compact checkpoint and wire storage.
 * Round-to-nearest-even; overflow → ±Inf; NaN stays NaN (quiet); subnormals and signed zero preserved.
 * Pure functions over typed arrays.
 */

/** Converts float32 values to binary16 bit patterns (round-to-nearest-even). */
export function toFloat16(a: Float32Array): Uint16Array {
  const bits = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const out = new Uint16Array(a.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i] ?? 0);
  return out;
}

/** Converts binary16 bit patterns to float32 values (exact: every half is a float). */
export function fromFloat16(h: Uint16Array): Float32Array {
  const table = halfTable();
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = table[h[i] ?? 0] ?? 0;
  return out;
}

/** Largest finite binary16 value. */
export const FLOAT16_MAX = 65504;

/** The binary16 bit pattern nearest to the float32 with bit pattern `b`. */
function halfBits(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  const e = exp - 112; // re-biased exponent: 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): k × 2^-24 with k = M >> (14 - e); below 2^-25 everything rounds to zero.
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const s = 14 - e;
    let k = m >>> s;
    const rem = m & ((1 << s) - 1);
    const half = 1 << (s - 1);
    if (rem > half || (rem === half && (k & 1) === 1)) k++;
    return sign | k; // k may reach 0x400: that is exactly the smallest normal, encoded correctly
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++; // a carry rolls into the exponent (up to Inf), as it should
  return h;
}

let table: Float32Array | undefined;

/** All 65,536 half values as float32, built once (256 KiB). */
function halfTable(): Float32Array {
  if (table) return table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) t[h] = sign * mant * 2 ** -24;
    else if (exp === 0x1f) t[h] = mant === 0 ? sign * Infinity : NaN;
    else t[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  table = t;
  return t;
}
