/**
 * DICOM transfer syntaxes fedcxr can read, and the codecs behind the compressed ones:
 * JPEG baseline via sharp (libjpeg-turbo), JPEG lossless via jpeg-lossless-decoder-js, JPEG 2000 via
 * @cornerstonejs/codec-openjpeg (wasm). Anything else is a ValueError "unsupported transfer syntax <UID> (<name>)".
 */
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { ValueError } from '../domain/errors.js';

/** Transfer syntaxes read without a codec (native pixel data). */
export const NATIVE_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
};

/** Compressed transfer syntaxes with a codec here. */
export const COMPRESSED_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
};

// Names of syntaxes we recognise but cannot decode, so the error says what the file is.
const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** Human name of a transfer syntax UID ("unknown" if not in the tables). */
export function transferSyntaxName(uid: string): string {
  return NATIVE_SYNTAXES[uid] ?? COMPRESSED_SYNTAXES[uid] ?? UNSUPPORTED_NAMES[uid] ?? 'unknown';
}

/** Throws the standard ValueError unless `uid` is readable here. */
export function assertSupportedSyntax(uid: string): void {
  if (NATIVE_SYNTAXES[uid] || COMPRESSED_SYNTAXES[uid]) return;
  throw new ValueError(`unsupported transfer syntax ${uid} (${transferSyntaxName(uid)})`, { field: 'TransferSyntaxUID' });
}

/** Decoded stored pixel values of one frame (before the modality LUT), one sample per pixel. */
export interface DecodedFrame {
  readonly values: Int32Array;
  readonly width: number;
  readonly height: number;
}

/** What a codec needs to know about the frame. */
export interface FrameInfo {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
}

/** Masks raw samples to BitsStored and sign-extends when signed (as the DICOM pixel module specifies). */
export function toStoredValue(raw: number, bitsStored: number, signed: boolean): number {
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const v = raw & mask;
  return signed && v & (1 << (bitsStored - 1)) ? v - (1 << bitsStored) : v;
}

// --- wasm / JS codec loaders (CommonJS Emscripten factories without types) -------------------------------------

interface J2KDecoderInstance {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete?(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoderInstance;
}
interface LosslessDecoder {
  decompress(buffer: ArrayBuffer, offset?: number, length?: number): ArrayBuffer;
  numComp: number;
}

const require = createRequire(import.meta.url);
let openjpeg: Promise<OpenJpegModule> | undefined;

function loadOpenJpeg(): Promise<OpenJpegModule> {
  // Silence the codec's [INFO] lines on stdout: --json output must stay clean.
  openjpeg ??= (require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (opts: object) => Promise<OpenJpegModule>)({
    print: () => undefined,
    printErr: () => undefined,
  });
  return openjpeg;
}

function widen(bytes: Uint8Array, info: FrameInfo, bytesPerSample: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const raw = bytesPerSample === 1 ? view.getUint8(i) : view.getUint16(i * 2, true);
    out[i] = toStoredValue(raw, Math.min(info.bitsStored, bytesPerSample * 8), info.signed);
  }
  return out;
}

/** Decodes one compressed frame to stored values. */
export async function decodeCompressedFrame(uid: string, frame: Uint8Array, info: FrameInfo): Promise<DecodedFrame> {
  const count = info.rows * info.columns;
  if (uid === '1.2.840.10008.1.2.4.50') {
    // Baseline JPEG is 8-bit; colour (YBR) frames become luminance.
    const { data, info: out } = await sharp(frame).grayscale().raw().toBuffer({ resolveWithObject: true });
    return { values: widen(new Uint8Array(data.buffer, data.byteOffset, data.length), { ...info, bitsStored: 8 }, 1, out.width * out.height), width: out.width, height: out.height };
  }
  if (uid === '1.2.840.10008.1.2.4.57' || uid === '1.2.840.10008.1.2.4.70') {
    const { Decoder } = require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };
    const copy = frame.slice().buffer;
    const decoder = new Decoder();
    const out = new Uint8Array(decoder.decompress(copy));
    if (decoder.numComp !== 1) throw new ValueError(`JPEG lossless frame has ${decoder.numComp} components; only grayscale is supported`);
    const bps = out.length / count;
    if (bps !== 1 && bps !== 2) throw new ValueError(`JPEG lossless frame decoded to ${out.length} bytes, expected ${count} or ${2 * count}`);
    return { values: widen(out, info, bps, count), width: info.columns, height: info.rows };
  }
  if (uid === '1.2.840.10008.1.2.4.90' || uid === '1.2.840.10008.1.2.4.91') {
    const mod = await loadOpenJpeg();
    const dec = new mod.J2KDecoder();
    try {
      dec.getEncodedBuffer(frame.length).set(frame);
      dec.decode();
      const fi = dec.getFrameInfo();
      if (fi.componentCount !== 1) throw new ValueError(`JPEG 2000 frame has ${fi.componentCount} components; only grayscale is supported`);
      const bytes = dec.getDecodedBuffer().slice();
      const bps = fi.bitsPerSample > 8 ? 2 : 1;
      return { values: widen(bytes, { ...info, signed: fi.isSigned || info.signed }, bps, fi.width * fi.height), width: fi.width, height: fi.height };
    } finally {
      dec.delete?.();
    }
  }
  assertSupportedSyntax(uid);
  throw new ValueError(`no decoder wired for transfer syntax ${uid} (${transferSyntaxName(uid)})`);
}
