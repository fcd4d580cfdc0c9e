/**
 * Pure preprocessing of a square grayscale image into VGG16 input:
 * [histogram equalisation | CLAHE] → 3 channels → Keras `vgg16.preprocess_input` ("caffe" mode: RGB→BGR,
 * subtract the ImageNet BGR means, no scaling). Resizing of decoded files happens in `decode.ts` (sharp).
 */
import { ConfigError } from '../domain/errors.js';
import { clahe } from './clahe.js';

/** Keras vgg16 `preprocess_input` means, in BGR order (the order of the output channels). */
export const VGG_BGR_MEANS: readonly [number, number, number] = [103.939, 116.779, 123.68];

/** Contrast equalisation applied after resizing. */
export type Equalize = 'none' | 'clahe' | 'histeq';

/** How images are turned into model input. Part of the preprocessed-image cache key. */
export interface PreprocessConfig {
  /** Output side length in pixels. @default 224 */
  readonly inputSize: number;
  /** Contrast equalisation. @default 'none' */
  readonly equalize: Equalize;
  /** CLAHE tile grid (tiles per side). @default 8 */
  readonly claheTiles: number;
  /** CLAHE clip limit, as a multiple of the mean histogram bin height. @default 2 */
  readonly claheClipLimit: number;
}

/** A full preprocessing config from partial options (one place for the defaults). */
export function preprocessConfig(opts: Partial<PreprocessConfig> = {}): PreprocessConfig {
  const cfg: PreprocessConfig = {
    inputSize: opts.inputSize ?? 224,
    equalize: opts.equalize ?? 'none',
    claheTiles: opts.claheTiles ?? 8,
    claheClipLimit: opts.claheClipLimit ?? 2,
  };
  if (!Number.isInteger(cfg.inputSize) || cfg.inputSize < 8 || cfg.inputSize > 2048) {
    throw new ConfigError(`inputSize must be an integer in [8, 2048], got ${cfg.inputSize}`);
  }
  if (!Number.isInteger(cfg.claheTiles) || cfg.claheTiles < 1 || cfg.claheTiles > cfg.inputSize) {
    throw new ConfigError(`claheTiles must be an integer in [1, inputSize], got ${cfg.claheTiles}`);
  }
  if (!(cfg.claheClipLimit >= 1)) throw new ConfigError(`claheClipLimit must be ≥ 1, got ${cfg.claheClipLimit}`);
  return cfg;
}

/** Global histogram equalisation of an 8-bit image (OpenCV `equalizeHist` semantics). */
export function equalizeHist(gray: Uint8Array): Uint8Array {
  const hist = new Uint32Array(256);
  for (const v of gray) hist[v] = (hist[v] ?? 0) + 1;
  let cdfMin = 0;
  for (const h of hist) {
    if (h > 0) {
      cdfMin = h;
      break;
    }
  }
  const n = gray.length;
  const lut = new Uint8Array(256);
  let cdf = 0;
  for (let v = 0; v < 256; v++) {
    cdf += hist[v] ?? 0;
    // A constant image has n === cdfMin: keep it unchanged rather than dividing by zero.
    lut[v] = n === cdfMin ? v : Math.round(((cdf - cdfMin) / (n - cdfMin)) * 255);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = lut[gray[i] ?? 0] ?? 0;
  return out;
}

/** Gray (0..255) replicated to 3 channels and normalised as Keras `vgg16.preprocess_input`; HWC, BGR. */
export function toVggInput(gray: ArrayLike<number>): Float32Array {
  const n = gray.length;
  const out = new Float32Array(n * 3);
  const [b, g, r] = VGG_BGR_MEANS;
  for (let i = 0; i < n; i++) {
    const v = gray[i] ?? 0;
    out[i * 3] = v - b;
    out[i * 3 + 1] = v - g;
    out[i * 3 + 2] = v - r;
  }
  return out;
}

/** Inverse of `toVggInput` for one image: the gray level (0..255) of each pixel (mean of the 3 channels). */
export function fromVggInput(x: Float32Array): Float32Array {
  const n = x.length / 3;
  const out = new Float32Array(n);
  const [b, g, r] = VGG_BGR_MEANS;
  for (let i = 0; i < n; i++) out[i] = ((x[i * 3] ?? 0) + b + (x[i * 3 + 1] ?? 0) + g + (x[i * 3 + 2] ?? 0) + r) / 3;
  return out;
}

/** Applies the configured contrast equalisation to a square 8-bit image already at `cfg.inputSize`. */
export function equalizeGray(gray: Uint8Array, cfg: PreprocessConfig): Uint8Array {
  const size = cfg.inputSize;
  if (gray.length !== size * size) {
    throw new ConfigError(`expected ${size}×${size} = ${size * size} pixels, got ${gray.length}`);
  }
  if (cfg.equalize === 'histeq') return equalizeHist(gray);
  if (cfg.equalize === 'clahe') return clahe(gray, size, size, { tiles: cfg.claheTiles, clipLimit: cfg.claheClipLimit });
  return gray;
}

/** Equalises (per config) a square 8-bit image already at `cfg.inputSize` and returns VGG input. */
export function preprocessGray(gray: Uint8Array, cfg: PreprocessConfig): Float32Array {
  return toVggInput(equalizeGray(gray, cfg));
}
