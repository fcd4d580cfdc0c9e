/**
 * A minimal DICOM Part-10 writer for tests: explicit/implicit VR little endian, explicit VR big endian,
 * encapsulated (compressed) pixel data, nested sequences. Enough to produce every variant the reader must handle.
 */
import { deflateRawSync } from 'node:zlib';

const DEFLATED = '1.2.840.10008.1.2.1.99';

/** One data element: tag as [group, element], VR, and a value. */
export interface El {
  readonly tag: readonly [number, number];
  readonly vr: string;
  readonly value: string | readonly number[] | Uint8Array | readonly El[][];
}

/** How to encode the data set (the meta group is always explicit VR little endian). */
export type Encoding = 'explicit-le' | 'implicit-le' | 'explicit-be';

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function valueBytes(el: El, little: boolean, encoding: Encoding): Uint8Array {
  const v = el.value;
  if (v instanceof Uint8Array) {
    if (!little && (el.vr === 'OW' || (el.vr === 'US' && v.length % 2 === 0))) {
      const sw = v.slice();
      for (let i = 0; i + 1 < sw.length; i += 2) [sw[i], sw[i + 1]] = [sw[i + 1] ?? 0, sw[i] ?? 0];
      return sw;
    }
    return v.length % 2 ? concat([v, new Uint8Array(1)]) : v;
  }
  if (typeof v === 'string') {
    const pad = el.vr === 'UI' || el.vr === 'OB' ? '\0' : ' ';
    const s = v.length % 2 ? v + pad : v;
    return new TextEncoder().encode(s);
  }
  if (el.vr === 'SQ') {
    const items = (v as readonly El[][]).map((item) => {
      const body = concat(item.map((e) => element(e, encoding)));
      const head = new Uint8Array(8);
      const dv = new DataView(head.buffer);
      dv.setUint16(0, 0xfffe, little);
      dv.setUint16(2, 0xe000, little);
      dv.setUint32(4, body.length, little);
      return concat([head, body]);
    });
    return concat(items);
  }
  const nums = v as readonly number[];
  const size = el.vr === 'UL' || el.vr === 'SL' || el.vr === 'FL' ? 4 : 2;
  const out = new Uint8Array(nums.length * size);
  const dv = new DataView(out.buffer);
  nums.forEach((n, i) => {
    if (el.vr === 'UL') dv.setUint32(i * 4, n, little);
    else if (el.vr === 'SL') dv.setInt32(i * 4, n, little);
    else if (el.vr === 'FL') dv.setFloat32(i * 4, n, little);
    else if (el.vr === 'SS') dv.setInt16(i * 2, n, little);
    else dv.setUint16(i * 2, n, little);
  });
  return out;
}

/** Encodes one element (header + value). */
export function element(el: El, encoding: Encoding): Uint8Array {
  const little = encoding !== 'explicit-be' || el.tag[0] === 0x0002;
  const explicit = encoding !== 'implicit-le' || el.tag[0] === 0x0002;
  const value = valueBytes(el, little, encoding);
  const long = LONG_VRS.has(el.vr);
  const head = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, el.tag[0], little);
  dv.setUint16(2, el.tag[1], little);
  if (!explicit) dv.setUint32(4, value.length, little);
  else {
    head[4] = el.vr.charCodeAt(0);
    head[5] = el.vr.charCodeAt(1);
    if (long) dv.setUint32(8, value.length, little);
    else dv.setUint16(6, value.length, little);
  }
  return concat([head, value]);
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Encapsulated PixelData (7FE0,0010): basic offset table (empty unless given), the fragments, sequence delimiter. */
export function encapsulated(fragments: readonly Uint8Array[], offsetTable: readonly number[] = []): Uint8Array {
  const item = (body: Uint8Array): Uint8Array => {
    const padded = body.length % 2 ? concat([body, new Uint8Array(1)]) : body;
    const head = new Uint8Array(8);
    const dv = new DataView(head.buffer);
    dv.setUint16(0, 0xfffe, true);
    dv.setUint16(2, 0xe000, true);
    dv.setUint32(4, padded.length, true);
    return concat([head, padded]);
  };
  const bot = new Uint8Array(offsetTable.length * 4);
  offsetTable.forEach((o, i) => new DataView(bot.buffer).setUint32(i * 4, o, true));
  const head = new Uint8Array(12);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, 0x7fe0, true);
  dv.setUint16(2, 0x0010, true);
  head[4] = 0x4f; // 'O'
  head[5] = 0x42; // 'B'
  dv.setUint32(8, 0xffffffff, true);
  const end = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return concat([head, item(bot), ...fragments.map(item), end]);
}

/** Basic offset table for frames split into fragments: offset of each frame's first fragment item. */
export function offsetsOf(framesAsFragments: readonly (readonly Uint8Array[])[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const frags of framesAsFragments) {
    offsets.push(at);
    for (const f of frags) at += 8 + f.length + (f.length % 2);
  }
  return offsets;
}

/** Image header fields for `writeDicom`. */
export interface ImageSpec {
  readonly transferSyntax: string;
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed?: boolean;
  readonly photometric?: string;
  readonly extra?: readonly El[];
  /** Native pixel bytes (little-endian words; swapped automatically for big endian) or a compressed frame. */
  readonly pixels: Uint8Array;
  readonly compressed?: boolean;
  /** Encapsulated fragments (instead of `pixels` as one fragment). */
  readonly fragments?: readonly Uint8Array[];
  /** Basic offset table of the encapsulated pixel data. @default [] */
  readonly offsetTable?: readonly number[];
  /** @default 1 */
  readonly samplesPerPixel?: number;
  /** Written when samplesPerPixel > 1. @default 0 */
  readonly planarConfiguration?: number;
  /** NumberOfFrames (0028,0008), written when given. */
  readonly frames?: number;
}

/** A complete Part-10 file (preamble, DICM, meta group, data set). */
export function writeDicom(spec: ImageSpec): Uint8Array {
  const encoding: Encoding =
    spec.transferSyntax === '1.2.840.10008.1.2' ? 'implicit-le' : spec.transferSyntax === '1.2.840.10008.1.2.2' ? 'explicit-be' : 'explicit-le';
  const metaBody = concat(
    (
      [
        { tag: [0x0002, 0x0001], vr: 'OB', value: new Uint8Array([0, 1]) },
        { tag: [0x0002, 0x0002], vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
        { tag: [0x0002, 0x0003], vr: 'UI', value: '1.2.3.4.5.6.7' },
        { tag: [0x0002, 0x0010], vr: 'UI', value: spec.transferSyntax },
        { tag: [0x0002, 0x0012], vr: 'UI', value: '1.2.3.4' },
      ] as const
    ).map((e) => element(e, 'explicit-le')),
  );
  const metaLen = element({ tag: [0x0002, 0x0000], vr: 'UL', value: [metaBody.length] }, 'explicit-le');
  const dataEls: El[] = [
    { tag: [0x0008, 0x0060], vr: 'CS', value: 'CR' },
    { tag: [0x0028, 0x0002], vr: 'US', value: [spec.samplesPerPixel ?? 1] },
    ...((spec.samplesPerPixel ?? 1) > 1 ? [{ tag: [0x0028, 0x0006], vr: 'US', value: [spec.planarConfiguration ?? 0] } as const] : []),
    ...(spec.frames !== undefined ? [{ tag: [0x0028, 0x0008], vr: 'IS', value: String(spec.frames) } as const] : []),
    { tag: [0x0028, 0x0004], vr: 'CS', value: spec.photometric ?? 'MONOCHROME2' },
    { tag: [0x0028, 0x0010], vr: 'US', value: [spec.rows] },
    { tag: [0x0028, 0x0011], vr: 'US', value: [spec.columns] },
    { tag: [0x0028, 0x0100], vr: 'US', value: [spec.bitsAllocated] },
    { tag: [0x0028, 0x0101], vr: 'US', value: [spec.bitsStored] },
    { tag: [0x0028, 0x0102], vr: 'US', value: [spec.bitsStored - 1] },
    { tag: [0x0028, 0x0103], vr: 'US', value: [spec.signed ? 1 : 0] },
    ...(spec.extra ?? []),
  ];
  dataEls.sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  const body = concat(dataEls.map((e) => element(e, encoding)));
  const pixel = spec.compressed || spec.fragments
    ? encapsulated(spec.fragments ?? [spec.pixels], spec.offsetTable)
    : element({ tag: [0x7fe0, 0x0010], vr: spec.bitsAllocated <= 8 ? 'OB' : 'OW', value: spec.pixels }, encoding);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const dataSet = concat([body, pixel]);
  // Deflated Explicit VR Little Endian: the data set after the meta group is raw-deflated (PS3.5 A.5).
  const stored = spec.transferSyntax === DEFLATED ? new Uint8Array(deflateRawSync(dataSet)) : dataSet;
  return concat([preamble, metaLen, metaBody, stored]);
}

/** 16-bit little-endian bytes of integer samples (two's complement for negatives). */
export function u16le(values: readonly number[] | Int32Array): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const dv = new DataView(out.buffer);
  Array.from(values).forEach((v, i) => dv.setUint16(i * 2, v & 0xffff, true));
  return out;
}
