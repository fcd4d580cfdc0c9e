/**
 * Grayscale rendering per PS3.3 C.11: Modality LUT (Modality LUT Sequence, else RescaleSlope/Intercept), then
 * VOI (WindowCenter/Width with the VOI LUT Function LINEAR, LINEAR_EXACT or SIGMOID; else the VOI LUT Sequence;
 * else the min–max of the frame) to 8-bit display values; MONOCHROME1 is inverted afterwards by the caller.
 * Each step reports what it applied, for `fedcxr inspect`.
 */
import type dicomParser from 'dicom-parser';
import { ValueError } from '../domain/errors.js';
import type { Samples } from './dicom-pixels.js';

/** A LUT read from a sequence item: output = data[clamp(input − first)]. */
interface Lut {
  readonly first: number;
  readonly data: Float64Array;
  readonly bits: number;
}

function readLut(item: dicomParser.DataSet, signedInput: boolean, what: string): Lut {
  const data = item.elements.x00283006;
  if (!item.elements.x00283002 || !data) throw new ValueError(`corrupt DICOM: ${what} item without LUT Descriptor and LUT Data`, { field: what });
  const n = item.uint16('x00283002', 0) || 65536;
  const first = signedInput ? (item.int16('x00283002', 1) ?? 0) : (item.uint16('x00283002', 1) ?? 0);
  const bits = item.uint16('x00283002', 2) ?? 16;
  const table = new Float64Array(n);
  // 8-bit entries are either one per 16-bit word or packed two a word (then the data has n bytes).
  const packed = bits <= 8 && data.length < 2 * n;
  if (!packed && data.length < 2 * n) throw new ValueError(`corrupt DICOM: ${what} has ${data.length} bytes for ${n} entries`, { field: what });
  for (let k = 0; k < n; k++) table[k] = packed ? (item.byteArray[data.dataOffset + k] ?? 0) : (item.uint16('x00283006', k) ?? 0);
  return { first, data: table, bits };
}

function lookUp(lut: Lut, x: number): number {
  const k = Math.min(lut.data.length - 1, Math.max(0, Math.round(x) - lut.first));
  return lut.data[k] ?? 0;
}

/** Stored values → modality values, in place; returns what was applied. */
export function applyModalityLut(ds: dicomParser.DataSet, values: Samples, signed: boolean): string {
  const item = ds.elements.x00283000?.items?.[0]?.dataSet;
  if (item) {
    const lut = readLut(item, signed, 'Modality LUT Sequence');
    for (let i = 0; i < values.length; i++) values[i] = lookUp(lut, values[i] ?? 0);
    return `Modality LUT Sequence (${lut.data.length} entries, first ${lut.first}, ${lut.bits} bits)`;
  }
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept) || slope === 0) throw new ValueError(`corrupt DICOM: RescaleSlope ${slope}, RescaleIntercept ${intercept}`, { field: 'RescaleSlope' });
  if (slope === 1 && intercept === 0) return 'none (identity)';
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * slope + intercept;
  return `rescale ${slope}·v + ${intercept}`;
}

/** Maps values to 0..255 with the DICOM window (PS3.3 C.11.2.1.2: LINEAR; C.11.2.1.3: LINEAR_EXACT, SIGMOID). */
export function applyWindow(values: ArrayLike<number>, center: number, width: number, fn = 'LINEAR'): Uint8Array {
  const out = new Uint8Array(values.length);
  if (fn === 'SIGMOID') {
    for (let i = 0; i < values.length; i++) out[i] = Math.round(255 / (1 + Math.exp((-4 * ((values[i] ?? 0) - center)) / width)));
    return out;
  }
  if (fn === 'LINEAR_EXACT') {
    for (let i = 0; i < values.length; i++) {
      const x = values[i] ?? 0;
      out[i] = x <= center - width / 2 ? 0 : x > center + width / 2 ? 255 : Math.round(((x - center) / width + 0.5) * 255);
    }
    return out;
  }
  const w = Math.max(width, 1);
  const lo = center - 0.5 - (w - 1) / 2;
  const hi = center - 0.5 + (w - 1) / 2;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? 0;
    out[i] = x <= lo ? 0 : x > hi ? 255 : Math.round(((x - (center - 0.5)) / (w - 1 || 1) + 0.5) * 255);
  }
  return out;
}

function minMax(values: Samples): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Uint8Array(values.length);
  const span = hi - lo;
  if (!(span > 0)) return out;
  for (let i = 0; i < values.length; i++) out[i] = Math.round((((values[i] ?? 0) - lo) / span) * 255);
  return out;
}

function numberList(ds: dicomParser.DataSet, tag: string): number[] {
  const s = ds.string(tag);
  if (!s) return [];
  return s.split('\\').map(Number).filter((v) => Number.isFinite(v));
}

/** Modality values → 8-bit display values; returns the image and what was applied. */
export function applyVoi(ds: dicomParser.DataSet, values: Samples, signedInput: boolean): { gray: Uint8Array; applied: string } {
  const center = numberList(ds, 'x00281050')[0];
  const width = numberList(ds, 'x00281051')[0];
  const fn = (ds.string('x00281056') ?? 'LINEAR').trim().toUpperCase();
  if (center !== undefined && width !== undefined && width > 0) {
    if (!['LINEAR', 'LINEAR_EXACT', 'SIGMOID'].includes(fn)) throw new ValueError(`unsupported VOI LUT Function ${fn}`, { field: 'VOILUTFunction' });
    return { gray: applyWindow(values, center, width, fn), applied: `window center ${center} width ${width} (${fn})` };
  }
  const item = ds.elements.x00283010?.items?.[0]?.dataSet;
  if (item) {
    const lut = readLut(item, signedInput, 'VOI LUT Sequence');
    const maxOut = 2 ** lut.bits - 1;
    const gray = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) gray[i] = Math.round((Math.min(maxOut, lookUp(lut, values[i] ?? 0)) / maxOut) * 255);
    return { gray, applied: `VOI LUT Sequence (${lut.data.length} entries, first ${lut.first}, ${lut.bits} bits)` };
  }
  return { gray: minMax(values), applied: 'min–max of the frame (no window, no VOI LUT)' };
}
