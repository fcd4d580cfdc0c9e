/**
 * Per-institution acquisition "style" for phantoms: what makes domain shift real in simulation
 * (contrast curve, brightness, blur, noise, collimation, markers, resolution). Known sites have fixed styles;
 * any other site name gets a style drawn from a generator seeded by its name.
 */
import { hashSeed, mulberry32, type Rng } from './prng.js';

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
  const r = mulberry32(hashSeed(`style:${site}`));
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
