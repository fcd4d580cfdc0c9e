import { createRequire } from 'node:module';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FilteredOut, ValueError } from '../../../shared/domain/errors.js';
import { readDicom } from '../../../shared/data/dicom.js';
import { toStoredValue } from '../../../shared/data/dicom-pixels.js';
import { transferSyntaxName } from '../../../shared/data/dicom-syntax.js';
import { decodeImage } from '../../../shared/data/decode.js';
import { u16le, writeDicom, type El, type ImageSpec } from './dicom-writer.js';
import { encodeJpegLossless } from './jpeg-lossless-encoder.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';

// 16×16 ramp of 12-bit values i*16 (0..4080): with min–max VOI the display value of pixel i is exactly i.
const RAMP12 = Array.from({ length: 256 }, (_, i) => i * 16);
const ramp12Spec = (ts: string, extra: Partial<ImageSpec> = {}): ImageSpec => ({
  transferSyntax: ts, rows: 16, columns: 16, bitsAllocated: 16, bitsStored: 12, pixels: u16le(RAMP12), ...extra,
});
const identity = Array.from({ length: 256 }, (_, i) => i);

describe('readDicom: native pixel data', () => {
  it('reads 12-bit-in-16 MONOCHROME2 and masks bits above BitsStored', async () => {
    // Prepare: set overlay-like garbage in the top 4 bits, which must be ignored.
    const dirty = u16le(RAMP12.map((v, i) => v | (i % 2 ? 0xf000 : 0)));
    // Execute
    const img = await readDicom(writeDicom(ramp12Spec(EXPLICIT_LE, { pixels: dirty })));
    // Assert
    expect(img.width).toBe(16);
    expect(img.bitsStored).toBe(12);
    expect(Array.from(img.gray)).toEqual(identity);
  });

  it('inverts MONOCHROME1 so that high attenuation is bright', async () => {
    const img = await readDicom(writeDicom(ramp12Spec(EXPLICIT_LE, { photometric: 'MONOCHROME1' })));
    expect(img.photometric).toBe('MONOCHROME1');
    expect(Array.from(img.gray)).toEqual(identity.map((i) => 255 - i));
  });

  it('gives identical pixels for implicit VR LE and explicit VR big endian', async () => {
    const implicit = await readDicom(writeDicom(ramp12Spec(IMPLICIT_LE)));
    const bigEndian = await readDicom(writeDicom(ramp12Spec(EXPLICIT_BE)));
    expect(Array.from(implicit.gray)).toEqual(identity);
    expect(Array.from(bigEndian.gray)).toEqual(identity);
  });

  it('applies signed values, rescale slope/intercept and the window centre/width', async () => {
    // Prepare: stored s = -512 + 4i (signed), modality x = 2s - 24, window c=0.5 w=1025 → [-512, 512] maps to 0..255.
    const stored = identity.map((i) => -512 + 4 * i);
    const extra: El[] = [
      { tag: [0x0028, 0x1050], vr: 'DS', value: '0.5' },
      { tag: [0x0028, 0x1051], vr: 'DS', value: '1025' },
      { tag: [0x0028, 0x1052], vr: 'DS', value: '-24' },
      { tag: [0x0028, 0x1053], vr: 'DS', value: '2' },
    ];
    const file = writeDicom({ transferSyntax: EXPLICIT_LE, rows: 16, columns: 16, bitsAllocated: 16, bitsStored: 16, signed: true, pixels: u16le(stored), extra });
    // Execute
    const img = await readDicom(file);
    // Assert: hand-computed from PS3.3 C.11.2.1.2.
    const at = (s: number): number => img.gray[(s + 512) / 4] ?? -1;
    expect(at(-512)).toBe(0); // x = -1048, below the window
    expect(at(-244)).toBe(0); // x = -512 = lower edge
    expect(at(12)).toBe(128); // x = 0 → 127.5
    expect(at(140)).toBe(191); // x = 256 → 191.25
    expect(at(268)).toBe(255); // x = 512 = upper edge
    expect(at(508)).toBe(255);
  });

  it('applies the VOI LUT Function LINEAR_EXACT and SIGMOID (PS3.3 C.11.2.1.3)', async () => {
    // Prepare: 8-bit ramp 0..255, window centre 100 width 50.
    const file = (fn: string): Uint8Array => writeDicom({ transferSyntax: EXPLICIT_LE, rows: 16, columns: 16, bitsAllocated: 8, bitsStored: 8, pixels: Uint8Array.from(identity), extra: [
      { tag: [0x0028, 0x1050], vr: 'DS', value: '100' },
      { tag: [0x0028, 0x1051], vr: 'DS', value: '50' },
      { tag: [0x0028, 0x1056], vr: 'CS', value: fn },
    ] });
    // Execute
    const exact = await readDicom(file('LINEAR_EXACT'));
    const sigmoid = await readDicom(file('SIGMOID'));
    // Assert: hand-computed; LINEAR_EXACT: ((x − c)/w + 0.5)·255; SIGMOID: 255 / (1 + exp(−4(x − c)/w)).
    expect([75, 100, 110, 125].map((x) => exact.gray[x])).toEqual([0, 128, 179, 255]);
    expect([100, 125].map((x) => sigmoid.gray[x])).toEqual([128, 225]);
    expect(sigmoid.report.voi).toBe('window center 100 width 50 (SIGMOID)');
    await expect(readDicom(file('CUBIC'))).rejects.toThrow('unsupported VOI LUT Function CUBIC');
  });

  it('sign-extends BitsStored < BitsAllocated for signed data', () => {
    expect(toStoredValue(0x0fff, 12, true)).toBe(-1);
    expect(toStoredValue(0x0800, 12, true)).toBe(-2048);
    expect(toStoredValue(0xf7ff, 12, true)).toBe(2047);
    expect(toStoredValue(0xffff, 12, false)).toBe(4095);
  });

  it('uses a VOI LUT sequence when no window is given', async () => {
    // Prepare: 8-bit ramp; LUT maps k → 4095 - 16k (12-bit output), i.e. an inverting LUT.
    const lut = identity.map((k) => 4095 - 16 * k);
    const extra: El[] = [
      { tag: [0x0028, 0x3010], vr: 'SQ', value: [[
        { tag: [0x0028, 0x3002], vr: 'US', value: [256, 0, 12] },
        { tag: [0x0028, 0x3006], vr: 'OW', value: u16le(lut) },
      ]] },
    ];
    const file = writeDicom({ transferSyntax: EXPLICIT_LE, rows: 16, columns: 16, bitsAllocated: 8, bitsStored: 8, pixels: Uint8Array.from(identity), extra });
    // Execute
    const img = await readDicom(file);
    // Assert
    expect(img.gray[0]).toBe(255);
    expect(img.gray[255]).toBe(Math.round(((4095 - 16 * 255) / 4095) * 255));
    expect(img.gray[100]).toBe(Math.round(((4095 - 1600) / 4095) * 255));
  });

  it('filters on ViewPosition', async () => {
    const file = writeDicom(ramp12Spec(EXPLICIT_LE, { extra: [{ tag: [0x0018, 0x5101], vr: 'CS', value: 'AP' }] }));
    await expect(readDicom(file, { viewPositions: ['PA'] })).rejects.toThrow(FilteredOut);
    await expect(readDicom(file, { viewPositions: ['PA'] })).rejects.toThrow('ViewPosition AP not in [PA]');
    expect((await readDicom(file, { viewPositions: ['AP', 'PA'] })).viewPosition).toBe('AP');
  });
});

describe('readDicom: compressed transfer syntaxes', () => {
  it('decodes grayscale JPEG baseline (4.50) exactly as libjpeg-turbo in sharp does', async () => {
    // Prepare: a one-component JPEG (b-w colourspace) of a smooth gradient.
    const src = Uint8Array.from({ length: 32 * 32 }, (_, i) => ((i % 32) * 4 + Math.floor(i / 32) * 3) & 0xff);
    const jpeg = await sharp(src, { raw: { width: 32, height: 32, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(jpeg).metadata()).channels).toBe(1);
    const reference = new Uint8Array(await sharp(jpeg).extractChannel(0).raw().toBuffer());
    const file = writeDicom({ transferSyntax: '1.2.840.10008.1.2.4.50', rows: 32, columns: 32, bitsAllocated: 8, bitsStored: 8, pixels: new Uint8Array(jpeg), compressed: true });
    // Execute
    const img = await readDicom(file);
    // Assert: min–max VOI of the reference decode, pixel for pixel.
    const lo = Math.min(...reference);
    const hi = Math.max(...reference);
    expect(Array.from(img.gray)).toEqual(Array.from(reference, (v) => Math.round(((v - lo) / (hi - lo)) * 255)));
  });

  it('refuses a three-component JPEG under a MONOCHROME2 header instead of cutting it to fit', async () => {
    const src = Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 5) & 0xff);
    const jpeg = await sharp(src, { raw: { width: 16, height: 16, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    const file = writeDicom({ transferSyntax: '1.2.840.10008.1.2.4.50', rows: 16, columns: 16, bitsAllocated: 8, bitsStored: 8, pixels: new Uint8Array(jpeg), compressed: true });
    await expect(readDicom(file)).rejects.toThrow(/decoded to 768 bytes, header needs 256 \(3 components/);
  });

  it('decodes JPEG lossless (4.70 and 4.57) exactly, 12-bit', async () => {
    const frame = encodeJpegLossless(RAMP12, 16, 16, 12);
    for (const ts of ['1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.57']) {
      const img = await readDicom(writeDicom(ramp12Spec(ts, { pixels: frame, compressed: true })));
      expect(Array.from(img.gray)).toEqual(identity);
    }
  });

  it('decodes JPEG 2000 (4.90) exactly, 16-bit', async () => {
    // Prepare: encode with the openjpeg wasm encoder (reversible by default).
    const require = createRequire(import.meta.url);
    type Enc = { getDecodedBuffer(fi: object): Uint8Array; setDecompositions(n: number): void; encode(): void; getEncodedBuffer(): Uint8Array };
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (o: object) => Promise<{ J2KEncoder: new () => Enc }>;
    const mod = await factory({ print: () => undefined, printErr: () => undefined });
    const enc = new mod.J2KEncoder();
    const values = Array.from({ length: 32 * 32 }, (_, i) => (i * 61) % 4096);
    enc.getDecodedBuffer({ width: 32, height: 32, bitsPerSample: 16, componentCount: 1, isSigned: false, isUsingColorTransform: false }).set(u16le(values));
    enc.setDecompositions(2);
    enc.encode();
    const frame = enc.getEncodedBuffer().slice();
    // Execute
    const img = await readDicom(writeDicom({ transferSyntax: '1.2.840.10008.1.2.4.90', rows: 32, columns: 32, bitsAllocated: 16, bitsStored: 16, pixels: frame, compressed: true }));
    // Assert
    const hi = Math.max(...values);
    expect(Array.from(img.gray)).toEqual(values.map((v) => Math.round((v / hi) * 255)));
  });
});

describe('readDicom and decodeImage: unusable files', () => {
  it('rejects an unsupported transfer syntax by UID and name', async () => {
    const file = writeDicom(ramp12Spec('1.2.840.10008.1.2.4.100', { compressed: true }));
    await expect(readDicom(file)).rejects.toThrow(ValueError);
    await expect(readDicom(file)).rejects.toThrow('unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2 Main Profile / Main Level): video');
    expect(transferSyntaxName('1.2.840.10008.1.2.4.80')).toBe('JPEG-LS Lossless');
  });

  it('reports a truncated DICOM', async () => {
    const full = writeDicom(ramp12Spec(EXPLICIT_LE));
    await expect(readDicom(full.subarray(0, full.length - 100))).rejects.toThrow(/truncated DICOM/);
    await expect(readDicom(full.subarray(0, 200))).rejects.toThrow(/truncated DICOM|corrupt DICOM/);
  });

  it('reports empty, non-image and truncated PNG files', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow('empty file');
    await expect(decodeImage(new TextEncoder().encode('path,label\nx.png,NORMAL\n'))).rejects.toThrow(/^not an image/);
    const png = await sharp(Uint8Array.from({ length: 64 * 64 }, (_, i) => i & 0xff), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer();
    await expect(decodeImage(new Uint8Array(png.subarray(0, png.length / 2)))).rejects.toThrow(ValueError);
  });

  it('reduces a 16-bit grayscale PNG to 8 bits', async () => {
    // Prepare: sharp infers 16-bit raw input from a Uint16Array.
    const values = Uint16Array.from({ length: 256 }, (_, i) => i * 256);
    const png = await sharp(values, { raw: { width: 16, height: 16, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    // Execute
    const img = await decodeImage(new Uint8Array(png), { inputSize: 16 });
    // Assert: 65280/65535·255 = 254.0 at the top; monotonic, one byte per pixel.
    expect(img.gray.length).toBe(256);
    expect([img.gray[0], img.gray[1], img.gray[128], img.gray[255]]).toEqual([0, 1, 128, 254]);
  });

  it('decodes DICOM and PNG to the requested square size', async () => {
    const d = await decodeImage(writeDicom(ramp12Spec(EXPLICIT_LE)), { inputSize: 8 });
    const rgb = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 100, b: 50 } } }).png().toBuffer();
    const p = await decodeImage(new Uint8Array(rgb), { inputSize: 8 });
    expect([d.format, d.gray.length, p.format, p.gray.length]).toEqual(['dicom', 64, 'png', 64]);
    expect(p.original).toEqual({ width: 40, height: 20 });
    // Luminance of (200,100,50), whatever the exact weights, lies strictly between the channel values.
    expect(p.gray[0]).toBeGreaterThan(50);
    expect(p.gray[0]).toBeLessThan(200);
  });
});
