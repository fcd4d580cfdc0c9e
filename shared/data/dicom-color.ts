/**
 * Colour DICOM → one 8-bit gray per pixel by a single documented luma: Rec. 601 on display RGB values,
 * `round(0.299 R + 0.587 G + 0.114 B)`, used for every colour path (RGB, YBR_FULL, YBR_FULL_422, JPEG/J2K colour
 * after the codec's own YCbCr→RGB, PALETTE COLOR). YBR_FULL → RGB per PS3.3 C.7.6.3.1.2; palettes per C.7.6.3.1.5.
 */
import type dicomParser from 'dicom-parser';
import { ValueError } from '../domain/errors.js';
import type { PixelModule } from './dicom-header.js';
import type { StoredFrame } from './dicom-pixels.js';

/** Rec. 601 luma of 8-bit display RGB, rounded. */
export function luma601(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Full-range YCbCr (YBR_FULL) → 8-bit RGB, as PS3.3 C.7.6.3.1.2 defines it (inverse of the JPEG/JFIF transform). */
export function ybrFullToRgb(y: number, cb: number, cr: number): [number, number, number] {
  return [clamp8(y + 1.402 * (cr - 128)), clamp8(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)), clamp8(y + 1.772 * (cb - 128))];
}

/** Three-sample frame (RGB or YBR_FULL after unpacking) → Rec. 601 gray. */
export function colourToGray(frame: StoredFrame, photometric: string, bitsStored: number): Uint8Array {
  const n = frame.values.length / 3;
  const out = new Uint8Array(n);
  const v = frame.values;
  if (photometric === 'RGB') {
    const scale = bitsStored > 8 ? 255 / (2 ** bitsStored - 1) : 1; // 16-bit RGB: display values scaled to 8 bits
    for (let i = 0; i < n; i++) out[i] = luma601((v[i * 3] ?? 0) * scale, (v[i * 3 + 1] ?? 0) * scale, (v[i * 3 + 2] ?? 0) * scale);
    return out;
  }
  if (photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422') {
    for (let i = 0; i < n; i++) {
      const [r, g, b] = ybrFullToRgb(v[i * 3] ?? 0, v[i * 3 + 1] ?? 0, v[i * 3 + 2] ?? 0);
      out[i] = luma601(r, g, b);
    }
    return out;
  }
  throw new ValueError(`unsupported photometric interpretation ${photometric} for decoded colour data`, { field: 'PhotometricInterpretation' });
}

interface Palette {
  readonly size: number;
  readonly first: number;
  readonly table: Uint8Array;
}

function palette(ds: dicomParser.DataSet, pm: PixelModule, channel: 'Red' | 'Green' | 'Blue', descTag: string, dataTag: string, segTag: string): Palette {
  if (ds.elements[segTag]) throw new ValueError(`unsupported PALETTE COLOR with a segmented ${channel} palette (0028,122x)`, { field: 'PaletteColorLookupTableData' });
  const data = ds.elements[dataTag];
  if (!ds.elements[descTag] || !data) throw new ValueError(`corrupt DICOM: PALETTE COLOR without a ${channel} palette descriptor and data`, { field: `${channel}PaletteColorLookupTableData` });
  const size = ds.uint16(descTag, 0) || 65536;
  const first = pm.signed ? (ds.int16(descTag, 1) ?? 0) : (ds.uint16(descTag, 1) ?? 0);
  const bits = ds.uint16(descTag, 2) ?? 16;
  if (bits !== 8 && bits !== 16) throw new ValueError(`corrupt DICOM: ${channel} palette descriptor says ${bits} bits (8 or 16)`, { field: 'PaletteColorLookupTableDescriptor' });
  const table = new Uint8Array(size);
  // 16-bit entries scale to display 0..255; 8-bit entries may be packed two a word (length = size bytes).
  const packed8 = bits === 8 && data.length < 2 * size;
  if (!packed8 && data.length < 2 * size) throw new ValueError(`corrupt DICOM: ${channel} palette has ${data.length} bytes for ${size} entries`, { field: 'PaletteColorLookupTableData' });
  for (let k = 0; k < size; k++) {
    const raw = packed8 ? (ds.byteArray[data.dataOffset + k] ?? 0) : (ds.uint16(dataTag, k) ?? 0);
    table[k] = bits === 16 ? Math.round((raw / 65535) * 255) : raw > 255 ? raw >> 8 : raw;
  }
  return { size, first, table };
}

/** PALETTE COLOR indices → RGB through the Red/Green/Blue palettes → Rec. 601 gray. */
export function paletteToGray(ds: dicomParser.DataSet, pm: PixelModule, frame: StoredFrame): Uint8Array {
  const r = palette(ds, pm, 'Red', 'x00281101', 'x00281201', 'x00281221');
  const g = palette(ds, pm, 'Green', 'x00281102', 'x00281202', 'x00281222');
  const b = palette(ds, pm, 'Blue', 'x00281103', 'x00281203', 'x00281223');
  const look = (p: Palette, v: number): number => p.table[Math.min(p.size - 1, Math.max(0, v - p.first))] ?? 0;
  const out = new Uint8Array(frame.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = frame.values[i] ?? 0;
    out[i] = luma601(look(r, v), look(g, v), look(b, v));
  }
  return out;
}
