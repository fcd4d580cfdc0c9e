/**
 * Training-time augmentation on VGG-normalised HWC images: small rotation, shift, zoom (one affine warp with
 * bilinear sampling and edge clamping, Keras' fill_mode 'nearest') and brightness/contrast in pixel space.
 * Pure and seeded: same inputs and seed → same outputs. Never applied at evaluation (callers pass it only for train).
 */
import { VGG_BGR_MEANS } from './preprocess.js';
import { sampleBilinear } from './raster.js';
import { fnv1a, mulberry32, type Rng } from '../domain/random.js';

/** Augmentation ranges (each draw is uniform in ±range). */
export interface AugmentOptions {
  /** Max rotation in degrees. @default 7 */
  readonly rotation?: number;
  /** Max shift as a fraction of the side. @default 0.06 */
  readonly shift?: number;
  /** Max zoom deviation (0.08 → scale in [0.92, 1.08]). @default 0.08 */
  readonly zoom?: number;
  /** Max brightness offset as a fraction of 255. @default 0.08 */
  readonly brightness?: number;
  /** Max contrast deviation around the image mean (0.15 → ×[0.85, 1.15]). @default 0.15 */
  readonly contrast?: number;
}

/** Default augmentation: mild, anatomy-preserving (no flips: the heart's side matters). */
export const DEFAULT_AUGMENT: Required<AugmentOptions> = { rotation: 7, shift: 0.06, zoom: 0.08, brightness: 0.08, contrast: 0.15 };

/** Augments one HWC image (`size`² × 3, VGG-normalised) with parameters drawn from `rng`. */
export function augmentImage(x: Float32Array, size: number, rng: Rng, opts: AugmentOptions = {}): Float32Array {
  const o = { ...DEFAULT_AUGMENT, ...opts };
  const angle = (rng.uniform(-o.rotation, o.rotation) * Math.PI) / 180;
  const scale = 1 + rng.uniform(-o.zoom, o.zoom);
  const tx = rng.uniform(-o.shift, o.shift) * size;
  const ty = rng.uniform(-o.shift, o.shift) * size;
  const bright = rng.uniform(-o.brightness, o.brightness) * 255;
  const contrast = 1 + rng.uniform(-o.contrast, o.contrast);
  // Inverse map: output pixel → source position (rotate/scale about the centre, then shift).
  const c = size / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const out = new Float32Array(x.length);
  let mean = 0;
  for (let i = 0; i < x.length; i += 3) mean += (x[i] ?? 0) + VGG_BGR_MEANS[0];
  mean /= x.length / 3;
  for (let y = 0; y < size; y++) {
    for (let xx = 0; xx < size; xx++) {
      const dx = xx + 0.5 - c - tx;
      const dy = y + 0.5 - c - ty;
      const sx = cos * dx + sin * dy + c;
      const sy = -sin * dx + cos * dy + c;
      const o0 = (y * size + xx) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const v = sampleBilinear(x, size, size, sx, sy, 3, ch);
        // Back to pixel space for contrast/brightness, clamp to 0..255, re-normalise.
        const m = VGG_BGR_MEANS[ch as 0 | 1 | 2];
        const px = Math.min(255, Math.max(0, (v + m - mean) * contrast + mean + bright));
        out[o0 + ch] = px - m;
      }
    }
  }
  return out;
}

/**
 * Augments a batch; image i uses its own stream seeded by (seed, i), so results don't depend on batch order
 * of other images. @example augmentBatch(batch.map(s => s.x), epoch * 1e6 + step, { rotation: 5 })
 */
export function augmentBatch(xs: readonly Float32Array[], seed: number, opts: AugmentOptions = {}): Float32Array[] {
  return xs.map((x, i) => {
    const size = Math.round(Math.sqrt(x.length / 3));
    return augmentImage(x, size, mulberry32(fnv1a(`${seed}|${i}`)), opts);
  });
}
