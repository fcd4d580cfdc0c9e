import { describe, expect, it } from 'vitest';
import { clahe } from '../../../shared/data/clahe.js';
import { equalizeHist, fromVggInput, preprocessConfig, preprocessGray, toVggInput } from '../../../shared/data/preprocess.js';
import { ConfigError } from '../../../shared/domain/errors.js';

describe('VGG16 normalisation (Keras preprocess_input, caffe mode)', () => {
  it('replicates gray to BGR and subtracts the ImageNet BGR means', () => {
    const x = toVggInput(Uint8Array.from([0, 255]));
    expect(Array.from(x)).toEqual([-103.939, -116.779, -123.68, 255 - 103.939, 255 - 116.779, 255 - 123.68].map(Math.fround));
  });

  it('round-trips through fromVggInput', () => {
    const gray = Uint8Array.from([3, 77, 200, 255]);
    expect(Array.from(fromVggInput(toVggInput(gray))).map((v) => Math.round(v))).toEqual([3, 77, 200, 255]);
  });

  it('rejects a wrong-size image and bad options', () => {
    expect(() => preprocessGray(new Uint8Array(10), preprocessConfig({ inputSize: 8 }))).toThrow(ConfigError);
    expect(() => preprocessConfig({ inputSize: 3 })).toThrow(ConfigError);
    expect(() => preprocessConfig({ claheClipLimit: 0.5 })).toThrow(ConfigError);
  });
});

describe('histogram equalisation', () => {
  it('spreads a two-level image to the full range and keeps a constant image', () => {
    expect(Array.from(equalizeHist(Uint8Array.from([10, 10, 20, 20])))).toEqual([0, 0, 255, 255]);
    expect(Array.from(equalizeHist(Uint8Array.from([7, 7, 7])))).toEqual([7, 7, 7]);
  });
});

describe('CLAHE', () => {
  // 16×16: left half a dim gradient 40..47, right half a bright gradient 200..207.
  const W = 16;
  const img = Uint8Array.from({ length: W * W }, (_, i) => ((i % W) < 8 ? 40 : 200) + ((i % W) % 8));

  it('with one tile and no clipping equals global equalisation of the CDF', () => {
    // Prepare: clipLimit high enough never to clip.
    const out = clahe(img, W, W, { tiles: 1, clipLimit: 1000 });
    // Assert: 16 values, 16 pixels each → cdf steps of 1/16: value k-th smallest → round(255*(k+1)/16).
    const sorted = [...new Set(Array.from(img))].sort((a, b) => a - b);
    sorted.forEach((v, k) => expect(out[img.indexOf(v)]).toBe(Math.round((255 * (k + 1)) / 16)));
  });

  it('clipping limits contrast gain compared with unclipped equalisation', () => {
    const free = clahe(img, W, W, { tiles: 1, clipLimit: 1000 });
    const clipped = clahe(img, W, W, { tiles: 1, clipLimit: 1.5 });
    const spread = (a: Uint8Array): number => (a[7] ?? 0) - (a[0] ?? 0); // contrast within the dim half's gradient
    expect(spread(clipped)).toBeGreaterThan(0);
    expect(spread(clipped)).toBeLessThanOrEqual(spread(free));
  });

  it('is local: with 2×2 tiles the dim half is stretched more than globally', () => {
    // Global equalisation gives the dim half only half of the output range; local tiles give it more.
    const local = clahe(img, W, W, { tiles: 2, clipLimit: 1000 });
    const global = clahe(img, W, W, { tiles: 1, clipLimit: 1000 });
    // Columns 0..3 lie left of the first tile centre: only the dim tile's mapping applies there.
    const rowSpread = (a: Uint8Array): number => (a[3] ?? 0) - (a[0] ?? 0);
    expect(rowSpread(global)).toBe(64 - 16); // 40 → 255·1/16, 43 → 255·4/16
    expect(rowSpread(local)).toBe(128 - 32); // dim tile alone: 40 → 255·1/8, 43 → 255·4/8
    expect(local.length).toBe(W * W);
  });

  it('preserves monotonic order inside a tile', () => {
    const out = clahe(img, W, W, { tiles: 2, clipLimit: 2 });
    for (let x = 1; x < 8; x++) expect(out[x] ?? 0).toBeGreaterThanOrEqual(out[x - 1] ?? 0);
  });
});
