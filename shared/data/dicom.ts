/**
 * DICOM Part-10 → 8-bit grayscale display image: parse (dicom-parser), decode the first frame (native or via
 * `dicom-codecs.ts`), apply the modality LUT (rescale slope/intercept), the VOI transform (window centre/width,
 * else VOI LUT, else min–max), and invert MONOCHROME1 so bone is always bright.
 */
import dicomParser from 'dicom-parser';
import { FilteredOut, ValueError, errorMessage } from '../domain/errors.js';
import { assertSupportedSyntax, decodeCompressedFrame, NATIVE_SYNTAXES, toStoredValue, type FrameInfo } from './dicom-codecs.js';

/** Chest X-ray projection as recorded in ViewPosition (0018,5101). */
export type ViewPosition = 'PA' | 'AP' | 'LL' | 'RL' | 'LATERAL' | string;

/** Options for reading DICOM. */
export interface DicomReadOptions {
  /** Keep only these ViewPosition values (e.g. ['PA']); files without the tag are skipped too. @default undefined (keep all) */
  readonly viewPositions?: readonly ViewPosition[];
}

/** A DICOM image reduced to 8-bit display values, plus what was read from the header. */
export interface DicomImage {
  readonly gray: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly transferSyntax: string;
  readonly photometric: string;
  readonly bitsStored: number;
  readonly viewPosition: string | undefined;
}

/** True when the bytes carry the Part-10 "DICM" marker at offset 128. */
export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function parserMessage(err: unknown): string {
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null && 'exception' in err) return String(err.exception);
  return errorMessage(err);
}

function parse(bytes: Uint8Array): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes);
  } catch (err) {
    // dicom-parser throws strings, Errors or {exception, dataSet}; "end of buffer"/"overread" mean the file was cut short.
    const msg = parserMessage(err);
    const truncated = /end of buffer|overread|overrun|past the end|beyond/i.test(msg);
    throw new ValueError(`${truncated ? 'truncated DICOM' : 'corrupt DICOM'}: ${msg}`, { cause: err });
  }
}

function numberList(ds: dicomParser.DataSet, tag: string): number[] {
  const s = ds.string(tag);
  if (!s) return [];
  return s.split('\\').map(Number).filter((v) => Number.isFinite(v));
}

function nativeFrame(ds: dicomParser.DataSet, uid: string, info: FrameInfo, samples: number): Int32Array {
  const el = ds.elements.x7fe00010;
  if (!el) throw new ValueError('DICOM has no PixelData (7FE0,0010)', { field: 'PixelData' });
  const bpp = info.bitsAllocated / 8;
  const count = info.rows * info.columns;
  const need = count * bpp * samples;
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if (available < need) throw new ValueError(`truncated DICOM: pixel data has ${Math.max(0, available)} bytes, expected ${need}`);
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, need);
  const little = uid !== '1.2.840.10008.1.2.2';
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (samples === 3) {
      // Interleaved 8-bit RGB (PlanarConfiguration 0): Rec. 601 luma.
      out[i] = Math.round(0.299 * view.getUint8(i * 3) + 0.587 * view.getUint8(i * 3 + 1) + 0.114 * view.getUint8(i * 3 + 2));
    } else {
      const raw = bpp === 1 ? view.getUint8(i) : view.getUint16(i * 2, little);
      out[i] = toStoredValue(raw, info.bitsStored, info.signed);
    }
  }
  return out;
}

/** Maps modality values to 0..255 with the DICOM linear window (PS3.3 C.11.2.1.2). */
export function applyWindow(values: Float32Array, center: number, width: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const w = Math.max(width, 1);
  const lo = center - 0.5 - (w - 1) / 2;
  const hi = center - 0.5 + (w - 1) / 2;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? 0;
    out[i] = x <= lo ? 0 : x > hi ? 255 : Math.round(((x - (center - 0.5)) / (w - 1 || 1) + 0.5) * 255);
  }
  return out;
}

function minMax(values: Float32Array): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Uint8Array(values.length);
  const span = hi - lo;
  for (let i = 0; i < values.length; i++) out[i] = span > 0 ? Math.round((((values[i] ?? 0) - lo) / span) * 255) : 0;
  return out;
}

function voiLut(ds: dicomParser.DataSet, values: Float32Array): Uint8Array | undefined {
  const item = ds.elements.x00283010?.items?.[0]?.dataSet;
  const data = item?.elements.x00283006;
  if (!item || !data) return undefined;
  const n = item.uint16('x00283002', 0) || 65536;
  const first = item.int16('x00283002', 1) ?? 0;
  const bits = item.uint16('x00283002', 2) ?? 16;
  const table = new Uint16Array(n);
  for (let k = 0; k < n; k++) table[k] = bits > 8 || data.length >= 2 * n ? (item.uint16('x00283006', k) ?? 0) : (item.byteArray[data.dataOffset + k] ?? 0);
  const maxOut = (1 << bits) - 1;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = Math.min(n - 1, Math.max(0, Math.round((values[i] ?? 0) - first)));
    out[i] = Math.round(((table[k] ?? 0) / maxOut) * 255);
  }
  return out;
}

/** Reads a DICOM Part-10 file's first frame as an 8-bit display image. Throws ValueError naming what is wrong. */
export async function readDicom(bytes: Uint8Array, opts: DicomReadOptions = {}): Promise<DicomImage> {
  if (!isDicom(bytes)) throw new ValueError('not a DICOM Part-10 file (no DICM marker)');
  const ds = parse(bytes);
  const uid = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (!uid) throw new ValueError('corrupt DICOM: no TransferSyntaxUID (0002,0010)', { field: 'TransferSyntaxUID' });
  assertSupportedSyntax(uid);
  const viewPosition = ds.string('x00185101')?.trim().toUpperCase() || undefined;
  if (opts.viewPositions && !opts.viewPositions.map((v) => v.toUpperCase()).includes(viewPosition ?? '')) {
    throw new FilteredOut(`filtered: ViewPosition ${viewPosition ?? 'missing'} not in [${opts.viewPositions.join(', ')}]`);
  }
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const signed = ds.uint16('x00280103') === 1;
  const samples = ds.uint16('x00280002') ?? 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase();
  if (rows === 0 || columns === 0) throw new ValueError('corrupt DICOM: Rows/Columns missing or zero');
  if (bitsAllocated !== 8 && bitsAllocated !== 16) throw new ValueError(`unsupported BitsAllocated ${bitsAllocated} (8 or 16 supported)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated) throw new ValueError(`corrupt DICOM: BitsStored ${bitsStored} > BitsAllocated ${bitsAllocated}`);
  if (samples !== 1 && !(samples === 3 && bitsAllocated === 8)) throw new ValueError(`unsupported SamplesPerPixel ${samples} with BitsAllocated ${bitsAllocated}`);
  const info: FrameInfo = { rows, columns, bitsAllocated, bitsStored, signed };
  const el = ds.elements.x7fe00010;
  if (!el) throw new ValueError('DICOM has no PixelData (7FE0,0010)', { field: 'PixelData' });
  let stored: Int32Array;
  if (NATIVE_SYNTAXES[uid]) {
    stored = nativeFrame(ds, uid, info, samples);
  } else {
    let frame: Uint8Array;
    try {
      const fragments = el.fragments ?? [];
      frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
    } catch (err) {
      throw new ValueError(`truncated DICOM: encapsulated pixel data unreadable: ${parserMessage(err)}`, { cause: err });
    }
    const decoded = await decodeCompressedFrame(uid, frame, info).catch((err: unknown) => {
      if (err instanceof ValueError) throw err;
      throw new ValueError(`corrupt DICOM: ${uid} frame failed to decode: ${typeof err === 'string' || typeof err === 'number' ? String(err) : errorMessage(err)}`, { cause: err });
    });
    if (decoded.width !== columns || decoded.height !== rows) {
      throw new ValueError(`corrupt DICOM: frame is ${decoded.width}×${decoded.height}, header says ${columns}×${rows}`);
    }
    stored = decoded.values;
  }
  // Modality LUT, then VOI: window from the header, else a VOI LUT, else the full range.
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const values = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) values[i] = (stored[i] ?? 0) * slope + intercept;
  const centers = numberList(ds, 'x00281050');
  const widths = numberList(ds, 'x00281051');
  let gray: Uint8Array;
  if (centers[0] !== undefined && widths[0] !== undefined && widths[0] > 0) gray = applyWindow(values, centers[0], widths[0]);
  else gray = voiLut(ds, values) ?? minMax(values);
  if (photometric === 'MONOCHROME1') for (let i = 0; i < gray.length; i++) gray[i] = 255 - (gray[i] ?? 0);
  return { gray, width: columns, height: rows, transferSyntax: uid, photometric, bitsStored, viewPosition };
}
