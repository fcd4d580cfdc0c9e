import { describe, expect, it } from 'vitest';
import { sampleBilinear } from '../../../shared/data/raster.js';
import { mulberry32 } from '../../../shared/domain/random.js';

const W = 5;
const H = 4;
const rng = mulberry32(21);
// Three different single-channel planes, and the same planes interleaved per pixel (HWC).
const planes = [0, 1, 2].map(() => Float32Array.from({ length: W * H }, () => rng.uniform(-100, 150)));
const hwc = Float32Array.from({ length: W * H * 3 }, (_, i) => planes[i % 3]![Math.floor(i / 3)]!);
// Inside, on pixel centres and edges, and beyond every border (clamped).
const points: Array<[number, number]> = [[0.5, 0.5], [2.25, 1.75], [4.5, 3.5], [1, 3], [-2, 1.2], [7, 0.1], [3.3, -1], [2.6, 9]];

describe('sampleBilinear', () => {
  it('samples each channel of an interleaved 3-channel image exactly as its own single-channel plane', () => {
    for (const [x, y] of points) {
      for (let ch = 0; ch < 3; ch++) {
        expect(sampleBilinear(hwc, W, H, x, y, 3, ch)).toBe(sampleBilinear(planes[ch]!, W, H, x, y));
      }
    }
  });

  it('interpolates between pixel centres and clamps at the edges', () => {
    const img = Float32Array.from([0, 10, 20, 30]); // 2 × 2

    expect(sampleBilinear(img, 2, 2, 1, 0.5)).toBeCloseTo(5, 6);
    expect(sampleBilinear(img, 2, 2, 1, 1)).toBeCloseTo(15, 6);
    expect(sampleBilinear(img, 2, 2, -3, -3)).toBe(0);
    expect(sampleBilinear(img, 2, 2, 9, 9)).toBe(30);
  });
});
