/**
 * Native pixel bytes → stored sample values, one Float64 per sample, interleaved (pixel-major): unpacks
 * BitsAllocated 1 (LSB first), 8, 16 and 32 in either byte order, masks to BitsStored, sign-extends,
 * interleaves PlanarConfiguration 1 and expands native YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair).
 */
import { ValueError } from '../domain/errors.js';
import type { PixelModule } from './dicom-header.js';

/**
 * Sample values: Float32 holds every integer of up to 24 bits exactly (half the memory of a 3000² radiograph in
 * Float64); BitsAllocated 32 uses Float64.
 */
export type Samples = Float32Array | Float64Array;

/** Stored values of one frame, `samples` values per pixel, pixel-major. */
export interface StoredFrame {
  readonly values: Samples;
  readonly samples: number;
}

/** Masks a raw sample to BitsStored and sign-extends when signed (as the Image Pixel module specifies). */
export function toStoredValue(raw: number, bitsStored: number, signed: boolean): number {
  const range = 2 ** bitsStored;
  const v = (raw >>> 0) % range;
  return signed && v >= range / 2 ? v - range : v;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Words of 8 or 16 bits as a typed array over the frame's own bytes (copied and swapped only when needed).
function words(bytes: Uint8Array, bitsAllocated: number, count: number, little: boolean): Uint8Array | Uint16Array {
  if (bitsAllocated === 8) return bytes.subarray(0, count);
  if (little === HOST_LE && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Uint16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = view.getUint16(i * 2, little);
  return out;
}

function unpack(bytes: Uint8Array, pm: PixelModule, count: number, little: boolean, mode: 'mask' | 'clamp'): Samples {
  const out = pm.bitsAllocated === 32 ? new Float64Array(count) : new Float32Array(count);
  const { bitsAllocated: ba, bitsStored: bs, signed } = pm;
  if (ba === 1) {
    for (let i = 0; i < count; i++) out[i] = ((bytes[i >> 3] ?? 0) >> (i & 7)) & 1;
    return out;
  }
  if (ba === 32) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) out[i] = mode === 'clamp' ? clampedValue(view.getUint32(i * 4, little), bs, signed, 32) : toStoredValue(view.getUint32(i * 4, little), bs, signed);
    return out;
  }
  const src = words(bytes, ba, count, little);
  if (mode === 'clamp') {
    for (let i = 0; i < count; i++) out[i] = clampedValue(src[i] ?? 0, bs, signed, ba);
    return out;
  }
  // Fast path of toStoredValue for BitsStored ≤ 16: mask, then sign-extend with a shift pair.
  const mask = (1 << bs) - 1;
  const shift = 32 - bs;
  if (signed) for (let i = 0; i < count; i++) out[i] = (((src[i] ?? 0) & mask) << shift) >> shift;
  else for (let i = 0; i < count; i++) out[i] = (src[i] ?? 0) & mask;
  return out;
}

function interleave(planes: Samples, pixels: number): Samples {
  const out = new Float32Array(planes.length);
  for (let i = 0; i < pixels; i++) {
    out[i * 3] = planes[i] ?? 0;
    out[i * 3 + 1] = planes[pixels + i] ?? 0;
    out[i * 3 + 2] = planes[2 * pixels + i] ?? 0;
  }
  return out;
}

function expand422(raw: Samples, rows: number, columns: number): Samples {
  if (columns % 2 !== 0) throw new ValueError(`corrupt DICOM: YBR_FULL_422 needs an even number of columns, got ${columns}`, { field: 'Columns' });
  const out = new Float32Array(rows * columns * 3);
  for (let p = 0, i = 0, o = 0; p < (rows * columns) / 2; p++, i += 4, o += 6) {
    const cb = raw[i + 2] ?? 0;
    const cr = raw[i + 3] ?? 0;
    out[o] = raw[i] ?? 0;
    out[o + 1] = cb;
    out[o + 2] = cr;
    out[o + 3] = raw[i + 1] ?? 0;
    out[o + 4] = cb;
    out[o + 5] = cr;
  }
  return out;
}

/**
 * A lossy JPEG 2000 decoder writes real sample values, sign-extended to the word and possibly overshooting the
 * BitsStored range (ringing): those are clamped to the range, never masked (masking wraps bright pixels to dark).
 */
export function clampedValue(raw: number, bitsStored: number, signed: boolean, wordBits = 16): number {
  if (!signed) return Math.min(raw, 2 ** bitsStored - 1);
  const word = raw >= 2 ** (wordBits - 1) ? raw - 2 ** wordBits : raw;
  return Math.max(-(2 ** (bitsStored - 1)), Math.min(word, 2 ** (bitsStored - 1) - 1));
}

/** How the bytes of a frame are laid out and what their words mean. */
export interface FrameLayout {
  readonly photometric: string;
  readonly planar: number;
  readonly littleEndian: boolean;
  /** 'mask': bits above BitsStored are not pixel data (native, RLE, JPEG, JPEG-LS); 'clamp': J2K sample values. */
  readonly values: 'mask' | 'clamp';
}

/**
 * Unpacks one native frame. `photometric`/`planar` describe the bytes as they are (after any codec), which can
 * differ from the header (e.g. a JPEG decoder's RGB output for a YBR_FULL_422 header).
 */
export function storedFrame(bytes: Uint8Array, pm: PixelModule, layout: FrameLayout): StoredFrame {
  const pixels = pm.rows * pm.columns;
  const packed422 = layout.photometric === 'YBR_FULL_422';
  const count = packed422 ? pixels * 2 : pixels * pm.samplesPerPixel;
  let values = unpack(bytes, pm, count, layout.littleEndian, layout.values);
  if (packed422) values = expand422(values, pm.rows, pm.columns);
  else if (pm.samplesPerPixel === 3 && layout.planar === 1) values = interleave(values, pixels);
  return { values, samples: pm.samplesPerPixel };
}
