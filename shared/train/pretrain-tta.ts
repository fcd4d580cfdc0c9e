/**
 * Test-time augmentation: a model's score for an image is the mean of its sigmoid scores over a few fixed,
 * anatomy-preserving views (identity, slight zoom-in and -out, small shifts; no flips: the heart's side matters).
 * The views are deterministic, so a TTA evaluation is reproducible. Applied to validation (threshold calibration)
 * and the internal test alike.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Sample } from '../data/sample.js';
import { sampleBilinear } from '../data/raster.js';
import { modelInputSize, scoreRows } from './evaluate.js';

/** One fixed view: zoom factor about the centre and shift as a fraction of the side. */
export interface TtaView {
  readonly scale: number;
  readonly dx: number;
  readonly dy: number;
}

/** The default views: identity, zoom 1.06 and 0.94, shifts of ±3 % left/right and up/down. */
export const DEFAULT_TTA_VIEWS: readonly TtaView[] = [
  { scale: 1, dx: 0, dy: 0 },
  { scale: 1.06, dx: 0, dy: 0 },
  { scale: 0.94, dx: 0, dy: 0 },
  { scale: 1, dx: 0.03, dy: 0 },
  { scale: 1, dx: -0.03, dy: 0 },
  { scale: 1, dx: 0, dy: 0.03 },
  { scale: 1, dx: 0, dy: -0.03 },
];

/** Warps one HWC image (side `size`, 3 channels) to `view` with bilinear sampling and edge clamping (pure). */
export function warpView(x: Float32Array, size: number, view: TtaView): Float32Array {
  if (view.scale === 1 && view.dx === 0 && view.dy === 0) return x;
  const out = new Float32Array(x.length);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let xx = 0; xx < size; xx++) {
      // Inverse map: output pixel → source position (zoom about the centre, then shift).
      const sx = (xx + 0.5 - c - view.dx * size) / view.scale + c;
      const sy = (y + 0.5 - c - view.dy * size) / view.scale + c;
      const o = (y * size + xx) * 3;
      for (let ch = 0; ch < 3; ch++) out[o + ch] = sampleBilinear(x, size, size, sx, sy, 3, ch);
    }
  }
  return out;
}

/** Mean sigmoid score over `views` for each sample (one view = plain scoring). */
export function scoreWithTta(
  model: tf.LayersModel,
  samples: readonly Sample[],
  views: readonly TtaView[] = DEFAULT_TTA_VIEWS,
  batchSize = 32,
): Float32Array {
  const size = modelInputSize(model);
  const sum = new Float32Array(samples.length);
  for (const view of views) {
    const rows = samples.map((s) => warpView(s.x, size, view));
    const scores = scoreRows(model, rows, [size, size, 3], { batchSize });
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (scores[i] as number);
  }
  return sum.map((s) => s / views.length);
}
