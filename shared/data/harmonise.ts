/**
 * Federated intensity harmonisation, as pure functions: each site counts the gray levels of its training
 * images in fixed equal bins over [0, 256) (counts only leave the site), the coordinator averages the
 * sites' normalised histograms into a reference, and each site maps its images to the reference by
 * histogram matching (CDF of its own histogram, then the inverse CDF of the reference; both piecewise
 * linear within bins) before training and inference. Scanner and population intensity differences — a
 * shortcut a classifier can read the site from — shrink; anatomy does not move.
 */
import { ConfigError, ValueError } from '../domain/errors.js';
import { fromVggInput, toVggInput } from './preprocess.js';
import type { Sample } from './sample.js';

/** Gray levels span [0, GRAY_MAX). */
const GRAY_MAX = 256;

/** Default number of intensity bins (coarse on purpose: counts per bin are all that leaves a site). */
export const DEFAULT_INTENSITY_BINS = 64;

function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 2 || bins > GRAY_MAX) throw new ConfigError(`intensity bins must be an integer in 2..${GRAY_MAX}, got ${bins}`);
}

/** The bin of gray level `v` (clamped to [0, 255.999…]). */
function binOf(v: number, bins: number): number {
  const b = Math.floor((Math.min(Math.max(v, 0), GRAY_MAX - 1e-9) * bins) / GRAY_MAX);
  return Math.min(b, bins - 1);
}

/**
 * Counts of gray levels (0..255) of all `images` in `bins` equal bins.
 * @example intensityHistogram([Uint8Array.from([0, 255])], 2) // [1, 1]
 */
export function intensityHistogram(images: Iterable<ArrayLike<number>>, bins = DEFAULT_INTENSITY_BINS): number[] {
  checkBins(bins);
  const h = new Array<number>(bins).fill(0);
  for (const img of images) {
    for (let i = 0; i < img.length; i++) {
      const b = binOf(img[i] as number, bins);
      h[b] = (h[b] as number) + 1;
    }
  }
  return h;
}

/** The histogram of preprocessed (VGG-normalised) samples' gray levels. */
export function sampleIntensityHistogram(samples: readonly Pick<Sample, 'x'>[], bins = DEFAULT_INTENSITY_BINS): number[] {
  return intensityHistogram(
    samples.map((s) => fromVggInput(s.x)),
    bins,
  );
}

/** `counts` as probabilities (summing to 1); throws on an empty histogram. */
export function normalise(counts: readonly number[]): number[] {
  let total = 0;
  for (const c of counts) {
    if (!(c >= 0) || !Number.isFinite(c)) throw new ValueError(`histogram counts must be finite and ≥ 0, got ${c}`, { field: 'histogram' });
    total += c;
  }
  if (total === 0) throw new ValueError('histogram is empty (no pixel counted)', { field: 'histogram' });
  return counts.map((c) => c / total);
}

/**
 * The coordinator's reference: the mean of the sites' NORMALISED histograms (every site counts equally,
 * so a large site does not impose its scanner on the others). All histograms must have the same bins.
 * @example referenceHistogram([[2, 0], [0, 6]]) // [0.5, 0.5]
 */
export function referenceHistogram(histograms: readonly (readonly number[])[]): number[] {
  const first = histograms[0];
  if (!first) throw new ValueError('no site shared an intensity histogram: cannot build a harmonisation reference', { field: 'histograms' });
  checkBins(first.length);
  const out = new Array<number>(first.length).fill(0);
  for (const [k, h] of histograms.entries()) {
    if (h.length !== first.length) throw new ValueError(`histogram ${k} has ${h.length} bins, expected ${first.length}`, { field: 'histograms' });
    normalise(h).forEach((p, i) => (out[i] = (out[i] as number) + p / histograms.length));
  }
  return out;
}

/** Cumulative distribution at the bin edges: cdf[0] = 0 … cdf[bins] = 1. */
function edgesCdf(p: readonly number[]): Float64Array {
  const c = new Float64Array(p.length + 1);
  for (let i = 0; i < p.length; i++) c[i + 1] = (c[i] as number) + (p[i] as number);
  c[p.length] = 1;
  return c;
}

/**
 * A gray-level map v ↦ F_ref⁻¹(F_src(v)), both CDFs piecewise linear within the equal bins, sampled as a
 * lookup table of `resolution` points over [0, 256) and linearly interpolated. Monotone non-decreasing.
 */
export function matchingMap(source: readonly number[], reference: readonly number[], resolution = 1024): (v: number) => number {
  if (source.length !== reference.length) throw new ValueError(`source has ${source.length} bins, reference ${reference.length}`, { field: 'reference' });
  checkBins(source.length);
  const bins = source.length;
  const width = GRAY_MAX / bins;
  const fs = edgesCdf(normalise(source));
  const fr = edgesCdf(normalise(reference));
  const inverseRef = (u: number): number => {
    // The first bin whose upper edge reaches u; interpolate inside it (empty bins are skipped over).
    let b = 0;
    while (b < bins - 1 && (fr[b + 1] as number) < u) b++;
    const lo = fr[b] as number;
    const hi = fr[b + 1] as number;
    const t = hi > lo ? (u - lo) / (hi - lo) : 0;
    return (b + Math.min(Math.max(t, 0), 1)) * width;
  };
  const lut = new Float64Array(resolution + 1);
  for (let k = 0; k <= resolution; k++) {
    const v = (k / resolution) * GRAY_MAX;
    const b = Math.min(Math.floor(v / width), bins - 1);
    const t = (v - b * width) / width;
    const u = (fs[b] as number) + t * ((fs[b + 1] as number) - (fs[b] as number));
    lut[k] = Math.min(inverseRef(u), GRAY_MAX - 1);
  }
  return (v: number): number => {
    const x = (Math.min(Math.max(v, 0), GRAY_MAX) / GRAY_MAX) * resolution;
    const k = Math.min(Math.floor(x), resolution - 1);
    const f = x - k;
    return (lut[k] as number) * (1 - f) + (lut[k + 1] as number) * f;
  };
}

/** Samples with their gray levels mapped by `map` (new arrays; labels and patients unchanged). */
export function mapSamples<T extends Sample>(samples: readonly T[], map: (v: number) => number): T[] {
  return samples.map((s) => {
    const gray = fromVggInput(s.x);
    for (let i = 0; i < gray.length; i++) gray[i] = map(gray[i] as number);
    return { ...s, x: toVggInput(gray) };
  });
}

/**
 * A site's harmonisation: the matching map from its own training histogram (at the reference's bins) to
 * the reference. Apply it with `mapSamples` to train, validation and test alike.
 */
export function harmoniser(train: readonly Pick<Sample, 'x'>[], reference: readonly number[]): (v: number) => number {
  return matchingMap(sampleIntensityHistogram(train, reference.length), reference);
}
