/**
 * Synthetic chest-X-ray-like phantoms: a test bed for training and federation with real domain shift.
 * Anatomy (body outline, lungs, mediastinum/heart, ribs, clavicles, spine, diaphragm domes, lung markings)
 * + disease (pneumoconiosis: profuse small rounded opacities, upper zones, graded profusion; pneumonia: patchy
 * or lobar consolidation, lower zones) + a per-site acquisition style (`phantom-style.ts`).
 * Deterministic by seed: image i of a class depends only on (seed, site, class, i). SYNTHETIC — never clinical.
 */
import { ConfigError } from '../domain/errors.js';
import { applyStyle, jitterStyle, siteStyle, type SiteStyle } from './phantom-style.js';
import { resizeBilinear, stampDisc } from './raster.js';
import { preprocessConfig, preprocessGray, type Equalize } from './preprocess.js';
import { datasetWarnings, type Dataset, type Sample } from './sample.js';
import { fnv1a, mulberry32, type Rng } from '../domain/random.js';

/** How separable disease is from normal (`moderate`: between easy and default, learnable in a few epochs — the demo's). */
export type Difficulty = 'easy' | 'moderate' | 'default' | 'hard';
/** Which disease pattern the positive class shows. */
export type PhantomDisease = 'pneumoconiosis' | 'pneumonia';

/** Options of one phantom image. */
export interface PhantomOptions {
  /** Institution whose style to imitate (KM, NIHCC, NIOSH, or any name). */
  readonly site: string;
  /** 0 = normal, 1 = disease. */
  readonly label: 0 | 1;
  /** Side in pixels. @default 224 */
  readonly size?: number;
  /** Per-image seed. */
  readonly seed: number;
  /** @default 'default' */
  readonly difficulty?: Difficulty;
  /** @default 'pneumoconiosis' */
  readonly disease?: PhantomDisease;
}

/** A rendered phantom: 8-bit grayscale, row-major, plus its ground truth. */
export interface Phantom {
  readonly gray: Uint8Array;
  readonly size: number;
  readonly label: 0 | 1;
  /** Pneumoconiosis profusion grade 1–3, pneumonia extent 1–3, 0 for normals. */
  readonly grade: number;
}

// Disease strength and confounders per difficulty. `default` is calibrated (bench/phantom-calibration.ts, on
// validation seeds) so VGG16 at FC from the pneumonia checkpoint reaches ≈ 0.8 in-domain AUC and less cross-site
// (docs/data.md); `easy` makes the signal obvious for tests that assert learning.
const LEVELS: Readonly<Record<Difficulty, { amp: number; count: number; confounders: number; markings: number; anatomyJitter: number }>> = {
  easy: { amp: 3.5, count: 3.5, confounders: 0, markings: 0.6, anatomyJitter: 0.5 },
  moderate: { amp: 2.2, count: 2.0, confounders: 9, markings: 0.8, anatomyJitter: 0.75 },
  default: { amp: 1.85, count: 1.65, confounders: 12, markings: 0.88, anatomyJitter: 0.88 },
  hard: { amp: 0.55, count: 0.5, confounders: 26, markings: 1.2, anatomyJitter: 1.3 },
};

// Rib band profiles over one period, tabulated: exp per pixel was the renderer's hottest call.
const POSTERIOR_RIB = Float32Array.from({ length: 1025 }, (_, k) => Math.exp(-(((k / 1024 - 0.2) / 0.09) ** 2)));
const ANTERIOR_RIB = Float32Array.from({ length: 1025 }, (_, k) => Math.exp(-(((k / 1024 - 0.5) / 0.1) ** 2)));
/** Smoothstep from e0 to e1 (early exits: most pixels are fully inside or outside each shape). */
function smooth(e0: number, e1: number, x: number): number {
  const t = (x - e0) / (e1 - e0);
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/** Random anatomy of one patient (normalised coordinates, 0..1 of the image side). */
function drawAnatomy(r: Rng, jitter: number, fieldScale: number) {
  const j = (s: number): number => s * jitter * r.normal();
  const s = fieldScale * (1 + j(0.04));
  const cx = 0.5 + j(0.015);
  return {
    cx, s,
    tilt: j(0.03),
    lungs: [
      { x: cx - 0.175 * s, y: 0.47 + j(0.01), rx: (0.145 + j(0.008)) * s, ry: (0.3 + j(0.015)) * s, dome: 0.7 + j(0.015) },
      { x: cx + 0.17 * s, y: 0.48 + j(0.01), rx: (0.135 + j(0.008)) * s, ry: (0.29 + j(0.015)) * s, dome: 0.725 + j(0.015) },
    ],
    heart: { x: cx + 0.05 * s + j(0.01), y: 0.68 + j(0.012), rx: (0.14 + j(0.01)) * s, ry: (0.15 + j(0.008)) * s },
    ribSpacing: (0.062 + j(0.003)) * s,
    ribPhase: r.uniform(0, 1),
    softTissue: 0.56 + j(0.03),
  };
}

/** Coarse random field upsampled to `size` (lung markings, mottling): `cells`×`cells` uniform values in [-1, 1]. */
function valueNoise(r: Rng, cells: number, size: number): Float32Array {
  const grid = new Float32Array(cells * cells);
  for (let i = 0; i < grid.length; i++) grid[i] = r.uniform(-1, 1);
  return resizeBilinear(grid, cells, cells, size, size);
}

// Below this side the anatomy is rendered at this size and area-downsampled, so lesion size relative to the lungs
// (and so difficulty) does not depend on the requested resolution.
const MIN_RENDER = 128;

/** Renders one phantom. @example renderPhantom({ site: 'NIOSH', label: 1, seed: 7 }) */
export function renderPhantom(opts: PhantomOptions): Phantom {
  const outSize = opts.size ?? 224;
  if (!Number.isInteger(outSize) || outSize < 8) throw new ConfigError(`phantom size must be an integer ≥ 8, got ${outSize}`);
  const size = Math.max(outSize, MIN_RENDER);
  const level = LEVELS[opts.difficulty ?? 'default'];
  const disease = opts.disease ?? 'pneumoconiosis';
  const r = mulberry32(opts.seed);
  const style: SiteStyle = jitterStyle(siteStyle(opts.site), r);
  const a = drawAnatomy(r, level.anatomyJitter, style.fieldScale);
  const n = size * size;
  const img = new Float32Array(n);
  const lung = new Float32Array(n);
  const upper = new Float32Array(n); // lung × upper-zone weight
  const lower = new Float32Array(n); // lung × lower-zone weight
  const fine = valueNoise(r, 28, size);
  const coarse = valueNoise(r, 7, size);
  const cosT = Math.cos(a.tilt);
  const sinT = Math.sin(a.tilt);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Rotate about the centre so patient positioning varies.
      const u0 = (px + 0.5) / size - 0.5;
      const v0 = (py + 0.5) / size - 0.5;
      const u = 0.5 + u0 * cosT - v0 * sinT;
      const v = 0.5 + u0 * sinT + v0 * cosT;
      const du = u - a.cx;
      const adu = Math.abs(du);
      // Body: neck at the top, shoulders widening to the chest wall.
      const half = (0.1 + 0.34 * smooth(0.02, 0.2, v) + 0.02 * smooth(0.3, 0.9, v)) * a.s;
      const body = smooth(-0.015, 0.015, half - adu);
      let d = 0.05 + body * (a.softTissue - 0.12 * smooth(0.25, 1, adu / half));
      // Lungs: ellipses narrowing to the apex, cut by the diaphragm domes.
      let m = 0;
      let zoneV = 0;
      for (const l of a.lungs) {
        if (Math.abs(v - l.y) >= l.ry || Math.abs(u - l.x) >= l.rx) continue; // outside the lung's box
        const t = (v - (l.y - l.ry)) / (2 * l.ry);
        const rx = l.rx * (0.5 + 0.5 * Math.sqrt(Math.min(1, Math.max(0, t * 1.8))));
        const q = ((u - l.x) / rx) ** 2 + ((v - l.y) / l.ry) ** 2;
        const domeY = l.dome - 0.07 * Math.max(0, 1 - ((u - l.x) / l.rx) ** 2);
        const ml = smooth(0, 0.18, 1 - q) * smooth(-0.012, 0.012, domeY - v);
        if (ml > m) {
          m = ml;
          zoneV = Math.min(1, Math.max(0, t));
        }
      }
      // Mediastinum and heart overlay the medial lungs.
      const hq = ((u - a.heart.x) / a.heart.rx) ** 2 + ((v - a.heart.y) / a.heart.ry) ** 2;
      const heart = smooth(0, 0.3, 1 - hq);
      const medi = smooth(-0.012, 0.012, (0.045 + 0.03 * smooth(0.3, 0.7, v)) * a.s - adu) * smooth(0.05, 0.15, v);
      m *= 1 - Math.max(heart, medi) * 0.9;
      const markings = level.markings * (0.05 * (fine[py * size + px] ?? 0) + 0.04 * (coarse[py * size + px] ?? 0));
      d += -0.3 * m + m * markings + 0.14 * medi + 0.1 * heart * (1 - medi);
      // Ribs: posterior arcs rising laterally (periodic in a curved coordinate), fainter anterior arcs.
      const ribZone = body * smooth(0.1, 0.16, v) * smooth(-0.02, 0.02, 0.76 - v) * smooth(0.02, 0.06, adu) * (0.3 + 0.7 * m);
      if (ribZone > 0) {
        const arc = Math.sin(Math.PI * Math.min(1, adu / (0.46 * a.s)));
        const p = (v + 0.09 * arc) / a.ribSpacing + a.ribPhase;
        const f = p - Math.floor(p);
        const p2 = (v - 0.05 * arc) / (a.ribSpacing * 1.15) + a.ribPhase * 0.7;
        const f2 = p2 - Math.floor(p2);
        d += ribZone * (0.11 * (POSTERIOR_RIB[(f * 1024) | 0] ?? 0) + 0.04 * (ANTERIOR_RIB[(f2 * 1024) | 0] ?? 0));
      }
      // Spine (faint through the mediastinum) and clavicles.
      d += 0.06 * smooth(-0.01, 0.01, 0.03 * a.s - adu) * smooth(0.05, 0.2, v);
      const cu = adu / a.s;
      if (cu > 0.03 && cu < 0.3 && v < 0.3) {
        const clavY = 0.2 - 0.32 * (cu - 0.03) + 0.4 * (cu - 0.15) ** 2;
        d += 0.16 * body * smooth(-0.006, 0.006, 0.013 * a.s - Math.abs(v - clavY));
      }
      const i = py * size + px;
      img[i] = d;
      lung[i] = m;
      upper[i] = m * (1 - smooth(0.35, 0.65, zoneV));
      lower[i] = m * smooth(0.45, 0.7, zoneV);
    }
  }
  const grade = opts.label === 1 ? r.int(1, 3) : 0;
  const px = (f: number): number => f * size;
  // Confounders in every image: end-on vessels and small calcified granulomas look like opacities.
  scatterOpacities(img, lung, size, r, level.confounders, 0.5 * level.amp, px);
  if (opts.label === 1 && disease === 'pneumoconiosis') {
    scatterOpacities(img, upper, size, r, Math.round(level.count * (20 + 25 * grade)), level.amp, px);
    scatterOpacities(img, lung, size, r, Math.round(level.count * 6 * grade), level.amp, px);
  } else if (opts.label === 1) {
    consolidate(img, lower, size, r, grade, level.amp, px);
  }
  if (disease === 'pneumonia') softShadows(img, lung, size, r, level.confounders > 0 ? 2 : 0, 0.35 * level.amp, px);
  const gray = applyStyle(img, size, style, r);
  if (outSize === size) return { gray, size, label: opts.label, grade };
  const small = resizeBilinear(Float32Array.from(gray), size, size, outSize, outSize);
  return { gray: Uint8Array.from(small, (v) => Math.round(v)), size: outSize, label: opts.label, grade };
}

/** Small rounded opacities (0.6–1.5 mm-like) at random points where `where` (a lung-zone weight) is high. */
function scatterOpacities(img: Float32Array, where: Float32Array, size: number, r: Rng, count: number, amp: number, px: (f: number) => number): void {
  let placed = 0;
  for (let tries = 0; placed < count && tries < count * 40; tries++) {
    const i = r.int(0, size * size - 1);
    if ((where[i] ?? 0) < r.uniform(0.4, 1)) continue;
    const radius = Math.max(0.7, px(r.uniform(0.006, 0.014)));
    stampDisc(img, size, size, (i % size) + r.next(), Math.floor(i / size) + r.next(), radius, amp * r.uniform(0.04, 0.08), where);
    placed++;
  }
}

/** Pneumonia: patchy (several blobs) or lobar (large lower-zone region with a fissure edge) consolidation. */
function consolidate(img: Float32Array, lower: Float32Array, size: number, r: Rng, grade: number, amp: number, px: (f: number) => number): void {
  const strength = amp * r.uniform(0.075, 0.12);
  const side = r.chance(0.5) ? 0 : 1;
  const both = r.chance(0.25);
  if (r.chance(0.35)) {
    const fissure = r.uniform(0.5, 0.58);
    const tiltF = r.uniform(0.1, 0.3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const left = x < size / 2 ? 0 : 1;
        if (!both && left !== side) continue;
        const i = y * size + x;
        const edge = y / size - (fissure + tiltF * Math.abs(x / size - 0.5));
        img[i] = (img[i] ?? 0) + strength * 1.3 * (lower[i] ?? 0) * Math.min(1, Math.max(0, edge * 25 + 0.5)) * (0.6 + 0.15 * grade);
      }
    }
    return;
  }
  const blobs = r.int(1 + grade, 2 + 2 * grade);
  let placed = 0;
  for (let tries = 0; placed < blobs && tries < 400; tries++) {
    const i = r.int(0, size * size - 1);
    const x = i % size;
    if (!both && (x < size / 2 ? 0 : 1) !== side) continue;
    if ((lower[i] ?? 0) < 0.5) continue;
    stampDisc(img, size, size, x, Math.floor(i / size), px(r.uniform(0.04, 0.08)), strength, lower);
    placed++;
  }
}

/** Faint broad soft-tissue shadows (breast, overlapping vessels) that mimic early consolidation in normals. */
function softShadows(img: Float32Array, lung: Float32Array, size: number, r: Rng, count: number, amp: number, px: (f: number) => number): void {
  for (let k = 0; k < count; k++) {
    const i = r.int(0, size * size - 1);
    if ((lung[i] ?? 0) < 0.5) continue;
    stampDisc(img, size, size, i % size, Math.floor(i / size), px(r.uniform(0.03, 0.06)), amp * r.uniform(0.05, 0.1), lung);
  }
}

/** Options of an in-memory phantom dataset. */
export interface PhantomDatasetOptions {
  readonly site: string;
  readonly nNormal: number;
  readonly nDisease: number;
  /** @default 224 */
  readonly inputSize?: number;
  /** @default 0 */
  readonly seed?: number;
  /** @default 'default' */
  readonly difficulty?: Difficulty;
  /** @default 'pneumoconiosis' */
  readonly disease?: PhantomDisease;
  /** Contrast equalisation, as for real images. @default 'none' */
  readonly equalize?: Equalize;
}

/** Seed of image `index` of class `label`: independent of how many images of each class are requested. */
export function phantomSeed(seed: number, site: string, label: 0 | 1, index: number): number {
  return fnv1a(`${seed}|${site}|${label}|${index}`);
}

/** Patient id of phantom `index` of class `label`: includes the seed, so datasets drawn with different seeds never share ids. */
export function phantomPatient(site: string, seed: number, label: 0 | 1, index: number): string {
  return `${site}-s${seed}-${label === 0 ? 'N' : 'D'}${index}`;
}

/** Preprocessed phantom Samples in memory (no files); `synthetic: true`. Order: normals, then diseased. */
export function phantomDataset(opts: PhantomDatasetOptions): Dataset {
  const cfg = preprocessConfig({ inputSize: opts.inputSize ?? 224, equalize: opts.equalize ?? 'none' });
  for (const [k, v] of [['nNormal', opts.nNormal], ['nDisease', opts.nDisease]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ConfigError(`${k} must be a non-negative integer, got ${v}`);
  }
  const samples: Sample[] = [];
  for (const label of [0, 1] as const) {
    const count = label === 0 ? opts.nNormal : opts.nDisease;
    for (let i = 0; i < count; i++) {
      const p = renderPhantom({
        site: opts.site, label, size: cfg.inputSize, seed: phantomSeed(opts.seed ?? 0, opts.site, label, i),
        difficulty: opts.difficulty ?? 'default', disease: opts.disease ?? 'pneumoconiosis',
      });
      samples.push({ x: preprocessGray(p.gray, cfg), y: label, patient: phantomPatient(opts.site, opts.seed ?? 0, label, i) });
    }
  }
  return { samples, inputSize: cfg.inputSize, skipped: [], warnings: datasetWarnings(samples), synthetic: true };
}
