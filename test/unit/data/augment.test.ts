import { describe, expect, it } from 'vitest';
import { augmentBatch, augmentImage } from '../../../shared/data/augment.js';
import { fromVggInput, toVggInput } from '../../../shared/data/preprocess.js';
import { mulberry32 } from '../../../shared/domain/random.js';

const SIZE = 16;
// A vertical bar at columns 6..9 on a dark background.
const gray = Uint8Array.from({ length: SIZE * SIZE }, (_, i) => (i % SIZE >= 6 && i % SIZE <= 9 ? 200 : 20));
const x = toVggInput(gray);
const none = { rotation: 0, shift: 0, zoom: 0, brightness: 0, contrast: 0 };

describe('augmentation', () => {
  it('is the identity when every range is zero', () => {
    const out = augmentImage(x, SIZE, mulberry32(1), none);
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i] ?? NaN, 4));
  });

  it('is deterministic by seed and varies across seeds and images', () => {
    const a = augmentBatch([x, x], 5);
    const b = augmentBatch([x, x], 5);
    const c = augmentBatch([x, x], 6);
    expect(Array.from(a[0] ?? [])).toEqual(Array.from(b[0] ?? []));
    expect(Array.from(a[0] ?? [])).not.toEqual(Array.from(c[0] ?? []));
    expect(Array.from(a[0] ?? [])).not.toEqual(Array.from(a[1] ?? []));
  });

  it('shifts the bar horizontally by the shift range (and nothing else)', () => {
    // Prepare: shift only; draw until the horizontal shift is ≥ 2 pixels to the right.
    let out: Float32Array = new Float32Array(0);
    let shiftPx = 0;
    for (let k = 0; k < 50 && shiftPx < 2; k++) {
      const probe = mulberry32(11 + k);
      probe.uniform(0, 0); // rotation
      probe.uniform(0, 0); // zoom
      shiftPx = probe.uniform(-0.25, 0.25) * SIZE;
      if (shiftPx >= 2) out = augmentImage(x, SIZE, mulberry32(11 + k), { ...none, shift: 0.25 });
    }
    // Assert: the bar's centre of mass moves right by about shiftPx (vertical shift does not move columns).
    const g = fromVggInput(out);
    const row = Array.from({ length: SIZE }, (_, c) => g[8 * SIZE + c] ?? 0);
    const com = row.reduce((acc, v, c) => acc + (v - 20) * c, 0) / row.reduce((acc, v) => acc + (v - 20), 0);
    expect(com - 7.5).toBeCloseTo(shiftPx, 0);
  });

  it('keeps pixel values in 0..255 after brightness/contrast and keeps the 3 channels equal in gray', () => {
    const out = augmentImage(x, SIZE, mulberry32(3), { ...none, brightness: 0.5, contrast: 0.5 });
    const g = fromVggInput(out);
    for (const v of g) {
      expect(v).toBeGreaterThanOrEqual(-1e-3);
      expect(v).toBeLessThanOrEqual(255 + 1e-3);
    }
    expect(out[0]! + 103.939).toBeCloseTo(out[2]! + 123.68, 3);
  });
});
