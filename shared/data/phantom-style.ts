/**
 * Per-institution acquisition "style" for phantoms: what makes domain shift real in simulation
 * (contrast curve, brightness, blur, noise, collimation, markers, resolution). Known sites have fixed styles;
 * any other site name gets a style drawn from a generator seeded by its name.
 */
import { drawGlyph, fillRect, gaussianBlur, resizeBilinear } from './raster.js';
import { fnv1a, mulberry32, type Rng } from '../domain/random.js';

// Standard normal values shared by all images; each image reads them from a seeded offset and stride.
const NORMALS = (() => {
  const r = mulberry32(0x5eed);
  return Float32Array.from({ length: 1 << 16 }, () => r.normal());
})();

/** How one institution's images look after acquisition and export. */
export interface SiteStyle {
  /** Exponent of the display curve (>1 darker mid-tones, harsher; <1 washed out). */
  readonly gamma: number;
  /** Multiplier around mid-gray. */
  readonly contrast: number;
  /** Offset added after the curve (fraction of full scale). */
  readonly brightness: number;
  /** Gaussian blur sigma, as a fraction of the image side (resolution-independent). */
  readonly blur: number;
  /** Noise standard deviation (fraction of full scale), scaled by sqrt(intensity) like quantum noise. */
  readonly noise: number;
  /** Downsampling factor before upsampling back (1 = full resolution). */
  readonly downsample: number;
  /** Collimation border width per side as a fraction of the side (0 = none). */
  readonly collimation: number;
  /** Gray level of collimated borders (0..1). */
  readonly collimationLevel: number;
  /** Side laterality marker letter and corner. */
  readonly marker: { readonly letter: 'L' | 'R'; readonly corner: 'tl' | 'tr' | 'bl' | 'br' } | null;
  /** Burnt-in text line (simulated as glyph-like blocks) at the top or bottom, or none. */
  readonly text: 'top' | 'bottom' | null;
  /** Patient-size/positioning habit: scale of the thorax in the field. */
  readonly fieldScale: number;
}

const KNOWN: Readonly<Record<string, SiteStyle>> = {
  KM: {
    gamma: 1.0, contrast: 1.1, brightness: 0.0, blur: 0.0035, noise: 0.025, downsample: 1,
    collimation: 0, collimationLevel: 0, marker: { letter: 'R', corner: 'tl' }, text: null, fieldScale: 1.0,
  },
  NIHCC: {
    gamma: 0.72, contrast: 0.85, brightness: 0.07, blur: 0.0065, noise: 0.015, downsample: 2,
    collimation: 0, collimationLevel: 0, marker: { letter: 'L', corner: 'tr' }, text: 'top', fieldScale: 0.93,
  },
  NIOSH: {
    gamma: 1.4, contrast: 1.3, brightness: -0.05, blur: 0.002, noise: 0.04, downsample: 1,
    collimation: 0.05, collimationLevel: 0.88, marker: { letter: 'R', corner: 'bl' }, text: 'bottom', fieldScale: 1.05,
  },
};

/** Names of the sites with hand-made styles. */
export const KNOWN_SITES: readonly string[] = Object.keys(KNOWN);

/** The style of a site: fixed for KM, NIHCC, NIOSH; seeded by the name for any other site. */
export function siteStyle(site: string): SiteStyle {
  const known = KNOWN[site.toUpperCase()];
  if (known) return known;
  const r = mulberry32(fnv1a(`style:${site}`));
  return {
    gamma: r.uniform(0.7, 1.4),
    contrast: r.uniform(0.85, 1.3),
    brightness: r.uniform(-0.06, 0.08),
    blur: r.uniform(0.0015, 0.007),
    noise: r.uniform(0.012, 0.045),
    downsample: r.chance(0.3) ? 2 : 1,
    collimation: r.chance(0.4) ? r.uniform(0.03, 0.08) : 0,
    collimationLevel: r.uniform(0.7, 0.95),
    marker: r.chance(0.8) ? { letter: r.chance(0.5) ? 'L' : 'R', corner: (['tl', 'tr', 'bl', 'br'] as const)[r.int(0, 3)] ?? 'tl' } : null,
    text: r.chance(0.5) ? (r.chance(0.5) ? 'top' : 'bottom') : null,
    fieldScale: r.uniform(0.92, 1.06),
  };
}

/** A per-image variation of a site style (technologists and patients vary), drawn from `rng`. */
export function jitterStyle(style: SiteStyle, rng: Rng): SiteStyle {
  return {
    ...style,
    gamma: style.gamma * Math.exp(0.06 * rng.normal()),
    contrast: style.contrast * (1 + 0.04 * rng.normal()),
    brightness: style.brightness + 0.02 * rng.normal(),
    noise: style.noise * (1 + 0.1 * rng.normal()),
    fieldScale: style.fieldScale * (1 + 0.025 * rng.normal()),
  };
}

/** Acquisition: resolution, blur, display curve, noise, collimation, markers → 8-bit. */
export function applyStyle(density: Float32Array, size: number, style: SiteStyle, r: Rng): Uint8Array {
  let img = density;
  if (style.downsample > 1) {
    const low = Math.max(8, Math.round(size / style.downsample));
    img = resizeBilinear(resizeBilinear(img, size, size, low, low), low, low, size, size);
  }
  img = gaussianBlur(img, size, size, style.blur * size);
  const out = new Uint8Array(size * size);
  const border = Math.round(style.collimation * size);
  // Display curve as a 1024-entry table (pow per pixel is the slowest step otherwise); pivots at mid-gray so
  // gamma changes mid-tones and contrast the spread.
  const lut = new Float32Array(1025);
  // Noise from the shared normal table: a random start and odd stride per image (an odd stride visits all 2^16).
  const start = r.int(0, 0xffff);
  const stride = 2 * r.int(0, 0x7fff) + 1;
  const pivot = Math.pow(0.5, style.gamma);
  for (let k = 0; k <= 1024; k++) lut[k] = 0.5 + style.contrast * (Math.pow(k / 1024, style.gamma) - pivot) + style.brightness;
  for (let i = 0; i < img.length; i++) {
    const v = Math.min(1, Math.max(0, img[i] ?? 0));
    let y = lut[Math.round(v * 1024)] ?? 0;
    const g = NORMALS[(start + i * stride) & 0xffff] ?? 0;
    y += style.noise * Math.sqrt(Math.max(y, 0.02)) * g;
    const x = i % size;
    const row = (i - x) / size;
    if (border > 0 && (x < border || x >= size - border || row < border || row >= size - border)) y = style.collimationLevel + 0.01 * g;
    out[i] = Math.round(Math.min(1, Math.max(0, y)) * 255);
  }
  decorate(out, size, style);
  return out;
}

/** Burns in the laterality marker and a text line, as the site's equipment does. */
function decorate(gray: Uint8Array, size: number, style: SiteStyle): void {
  const f = new Float32Array(gray.length);
  const cell = Math.max(1, Math.round(size / 112));
  const pad = Math.round(style.collimation * size) + 3 * cell;
  const marks: Array<() => void> = [];
  if (style.marker) {
    const { letter, corner } = style.marker;
    const x = corner.endsWith('l') ? pad : size - pad - 5 * cell;
    const y = corner.startsWith('t') ? pad : size - pad - 7 * cell;
    marks.push(() => drawGlyph(f, size, size, letter, x, y, cell, 1));
  }
  if (style.text) {
    const y = style.text === 'top' ? pad : size - pad - 3 * cell;
    const x0 = Math.round(size * 0.3);
    // Glyph-like blocks of varying width: reads as burnt-in text at this scale.
    marks.push(() => {
      for (let k = 0, x = x0; k < 9; k++, x += 4 * cell) fillRect(f, size, size, x, y, (k % 3 === 2 ? 1 : 3) * cell, 3 * cell, 1);
    });
  }
  for (const mk of marks) mk();
  for (let i = 0; i < gray.length; i++) if ((f[i] ?? 0) > 0) gray[i] = 245;
}
