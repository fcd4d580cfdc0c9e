/**
 * The five findings of issue 12 (conformance check of the old reader), one spec each. Every file is written to
 * disk and read back with fs.readFile, so the reader sees Node Buffers exactly as loadDataset/evaluate/predict do.
 * Only the public entry points (readDicom, decodeImage, loadDataset) are called.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../shared/data/decode.js';
import { readDicom } from '../../../shared/data/dicom.js';
import { loadDataset } from '../../../shared/data/load.js';
import { fixtureDir, removeFixtureDir, GRAY12, missingTool, multiFrame12, NATIVE, RGB8, run, W, H, writeNative } from './dicom-fixtures.js';
import { u16le, writeDicom, type El, type ImageSpec } from './dicom-writer.js';
import { firstFragment, transcode } from './dicom-transcode.js';
import { encodeJpegLossless } from './jpeg-lossless-encoder.js';

let dir = '';
beforeAll(() => {
  dir = fixtureDir();
});
afterAll(() => removeFixtureDir(dir));

const disk = async (name: string, bytes: Uint8Array): Promise<Buffer> => {
  const path = join(dir, `${name}.dcm`);
  writeFileSync(path, bytes);
  return readFile(path);
};
const luma = (r: number, g: number, b: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
const rgbLuma = Array.from({ length: W * H }, (_, i) => luma(RGB8[i * 3] ?? 0, RGB8[i * 3 + 1] ?? 0, RGB8[i * 3 + 2] ?? 0));
const colour = (photometric: string, pixels: Uint8Array, extra: Partial<ImageSpec> = {}): ImageSpec => ({
  ...NATIVE.rgb8, photometric, pixels, ...extra,
});
const minMax12 = (v: number): number => Math.round((v / 4093) * 255); // GRAY12 spans 0..4093
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
};

describe('finding 1: single-fragment JPEG Lossless from a Buffer', () => {
  const file = (): Uint8Array => writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.70', pixels: encodeJpegLossless(GRAY12, W, H, 12), compressed: true });

  it('decodes exactly when the bytes are a Buffer read from disk', async () => {
    const img = await readDicom(await disk('f1', file()));
    expect(Array.from(img.gray)).toEqual(GRAY12.map(minMax12));
  });

  it('is not skipped by loadDataset', async () => {
    mkdirSync(join(dir, 'site', 'NORMAL'), { recursive: true });
    writeFileSync(join(dir, 'site', 'NORMAL', 'a.dcm'), file());
    const ds = await loadDataset(join(dir, 'site'), { cacheDir: false, inputSize: 16 });
    expect(ds.skipped).toEqual([]);
    expect(ds.samples).toHaveLength(1);
  });
});

describe('finding 2: colour layouts are converted, never read as something else', () => {
  it('RGB with PlanarConfiguration 1 (R plane, G plane, B plane)', async () => {
    const planar = new Uint8Array(RGB8.length);
    for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) planar[c * W * H + i] = RGB8[i * 3 + c] ?? 0;
    const img = await readDicom(await disk('f2-planar', writeDicom(colour('RGB', planar, { planarConfiguration: 1 }))));
    expect(Array.from(img.gray)).toEqual(rgbLuma);
  });

  it('native YBR_FULL is converted to RGB before the luma', async () => {
    const ybr = new Uint8Array(RGB8.length);
    for (let i = 0; i < W * H; i++) {
      const [r, g, b] = [RGB8[i * 3] ?? 0, RGB8[i * 3 + 1] ?? 0, RGB8[i * 3 + 2] ?? 0];
      ybr.set([0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b + 128, 0.5 * r - 0.418688 * g - 0.081312 * b + 128].map(Math.round), i * 3);
    }
    const img = await readDicom(await disk('f2-ybr', writeDicom(colour('YBR_FULL', ybr))));
    expect(maxDiff(img.gray, rgbLuma)).toBeLessThanOrEqual(1);
  });

  it('PALETTE COLOR indices go through the palettes', async () => {
    // Prepare: index k → (255 − k, k/2, k) in 16-bit palettes; gray must be the luma of that colour, not k.
    const idx = Uint8Array.from({ length: W * H }, (_, i) => i & 0xff);
    const lut = (f: (k: number) => number): El => ({ tag: [0, 0], vr: 'OW', value: u16le(Array.from({ length: 256 }, (_, k) => f(k) * 257)) });
    const desc = (e: number): El => ({ tag: [0x0028, e], vr: 'US', value: [256, 0, 16] });
    const data = (e: number, f: (k: number) => number): El => ({ ...lut(f), tag: [0x0028, e] });
    const extra = [desc(0x1101), desc(0x1102), desc(0x1103), data(0x1201, (k) => 255 - k), data(0x1202, (k) => k >> 1), data(0x1203, (k) => k)];
    const img = await readDicom(await disk('f2-palette', writeDicom({ ...NATIVE.gray8, photometric: 'PALETTE COLOR', pixels: idx, extra })));
    expect(Array.from(img.gray)).toEqual(Array.from(idx, (k) => luma(255 - k, k >> 1, k)));
  });
});

describe('finding 3: true reasons', () => {
  it('native YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair) is decoded, not reported truncated', async () => {
    // Prepare: neutral chroma (128) so every pixel's RGB is its Y.
    const packed = new Uint8Array(W * H * 2);
    for (let p = 0; p < (W * H) / 2; p++) packed.set([GRAY12[2 * p]! >> 4, GRAY12[2 * p + 1]! >> 4, 128, 128], p * 4);
    const img = await readDicom(await disk('f3-422', writeDicom(colour('YBR_FULL_422', packed))));
    expect(Array.from(img.gray)).toEqual(GRAY12.map((v) => v >> 4));
  });

  it('a JPEG 2000 frame that fails to decode is reported as such', async () => {
    const garbage = new Uint8Array([0xff, 0x4f, 0xff, 0x51, 0, 41, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xd9]); // ends like a codestream
    const file = await disk('f3-j2k', writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.90', pixels: garbage, compressed: true }));
    await expect(readDicom(file)).rejects.toThrow(/^corrupt DICOM: JPEG 2000 Image Compression \(Lossless Only\) frame failed to decode/);
  });

  it('a deflated file decodes from a Uint8Array as well as from a Buffer', async () => {
    const deflated = writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.1.99' });
    const fromBuffer = await readDicom(await disk('f3-deflate', deflated));
    const fromArray = await readDicom(new Uint8Array(deflated));
    expect(Array.from(fromBuffer.gray)).toEqual(GRAY12.map(minMax12));
    expect(Array.from(fromArray.gray)).toEqual(GRAY12.map(minMax12));
  });
});

describe('finding 4: one luma for every colour path', () => {
  it('a colour JPEG and the same picture as native RGB give the same gray', async () => {
    // Prepare: saturated colour blocks, where luma formulas disagree most (Rec. 709 linear vs Rec. 601).
    const blocks = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 255, 255], [255, 0, 255], [128, 64, 32], [32, 200, 100]];
    const rgb = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) rgb.set(blocks[Math.floor((i % W) / 8)] ?? [0, 0, 0], i * 3);
    const jpeg = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    const fromJpeg = await readDicom(await disk('f4-jpeg', writeDicom(colour('YBR_FULL', new Uint8Array(jpeg), { transferSyntax: '1.2.840.10008.1.2.4.50', compressed: true }))));
    const fromRgb = await readDicom(await disk('f4-rgb', writeDicom(colour('RGB', rgb))));
    // Assert: block interiors (away from 8-px JPEG block edges) agree within JPEG's error.
    const interior = Array.from({ length: W * H }, (_, i) => i).filter((i) => (i % W) % 8 >= 2 && (i % W) % 8 <= 5);
    expect(maxDiff(interior.map((i) => fromJpeg.gray[i] ?? 0), interior.map((i) => fromRgb.gray[i] ?? 0))).toBeLessThanOrEqual(2);
  });
});

describe('finding 4 (continued): PNG colour uses the same luma', () => {
  it('a colour PNG and the same pixels as native RGB DICOM give identical gray', async () => {
    const png = await sharp(RGB8, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
    const fromPng = await decodeImage(await disk('f4-png', new Uint8Array(png)), { inputSize: 32 });
    const fromDicom = await decodeImage(await disk('f4-dcm', writeDicom(NATIVE.rgb8)), { inputSize: 32 });
    expect(Array.from(fromPng.gray)).toEqual(Array.from(fromDicom.gray));
  });
});

describe('finding 5: what was not decodable at all', () => {
  for (const [name, uid] of [['RLE Lossless', '1.2.840.10008.1.2.5'], ['JPEG-LS Lossless', '1.2.840.10008.1.2.4.80'], ['HTJ2K Lossless', '1.2.840.10008.1.2.4.201']] as const) {
    it(`${name} (${uid}), gray and colour, exactly`, async () => {
      const gray = await readDicom(await disk(`f5-${uid}-g`, await transcode(writeDicom(NATIVE.gray12), uid)));
      const rgb = await readDicom(await disk(`f5-${uid}-c`, await transcode(writeDicom(NATIVE.rgb8), uid)));
      expect([gray.transferSyntax, rgb.transferSyntax]).toEqual([uid, uid]);
      expect(Array.from(gray.gray)).toEqual(GRAY12.map(minMax12));
      expect(Array.from(rgb.gray)).toEqual(rgbLuma);
    });
  }

  it('colour JPEG 2000 with YBR_RCT (reversible colour transform in the codestream)', async () => {
    const stream = firstFragment(await transcode(writeDicom(NATIVE.rgb8), '1.2.840.10008.1.2.4.90'));
    const img = await readDicom(await disk('f5-rct', writeDicom(colour('YBR_RCT', stream, { transferSyntax: '1.2.840.10008.1.2.4.90', compressed: true }))));
    expect(Array.from(img.gray)).toEqual(rgbLuma);
  });

  it.skipIf(missingTool('dcmcjpeg'))(`JPEG Extended 12-bit (4.51) ${missingTool('dcmcjpeg') ?? ''}`, async () => {
    const out = run('dcmcjpeg', ['+ee', '+bt'], writeNative(dir, 'f5-src', NATIVE.gray12), join(dir, 'f5-ext.dcm'));
    const img = await readDicom(await readFile(out));
    expect(img.transferSyntax).toBe('1.2.840.10008.1.2.4.51');
    expect(maxDiff(img.gray, GRAY12.map(minMax12))).toBeLessThanOrEqual(4);
  });

  it('BitsAllocated 1 (bit-packed, LSB first) and 32 (unsigned, above 2^31)', async () => {
    const bits = Array.from({ length: W * H }, (_, i) => ((i % W) + Math.floor(i / W)) % 3 === 0 ? 1 : 0);
    const packed = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => (packed[i >> 3]! |= b << (i & 7)));
    const one = await readDicom(await disk('f5-ba1', writeDicom({ ...NATIVE.gray8, bitsAllocated: 1, bitsStored: 1, pixels: packed })));
    expect(Array.from(one.gray)).toEqual(bits.map((b) => b * 255));
    const big = new Uint8Array(W * H * 4);
    const dv = new DataView(big.buffer);
    for (let i = 0; i < W * H; i++) dv.setUint32(i * 4, 2 ** 31 + GRAY12[i]! * 2 ** 16, true);
    const thirtyTwo = await readDicom(await disk('f5-ba32', writeDicom({ ...NATIVE.gray8, bitsAllocated: 32, bitsStored: 32, pixels: big })));
    expect(Array.from(thirtyTwo.gray)).toEqual(GRAY12.map(minMax12));
  });

  it('frame 0 of a multi-frame file is its own frame; a last frame cut short is noticed', async () => {
    // Prepare: three JPEG lossless frames, frame k = GRAY12 + 100k, one fragment each, empty offset table.
    const frames = [0, 1, 2].map((k) => encodeJpegLossless(GRAY12.map((v) => (v + 100 * k) % 4096), W, H, 12));
    const img = await readDicom(await disk('f5-multi', writeDicom({ ...multiFrame12(3), transferSyntax: '1.2.840.10008.1.2.4.70', fragments: frames })));
    expect(Array.from(img.gray)).toEqual(GRAY12.map(minMax12));
    expect(img.report.frame).toBe('frame 0 of 3 by one fragment per frame (fragment 1 of 3)');
    // Execute: the same file whose last frame lost its second half (the container itself stays well-formed).
    const cutFrames = [frames[0]!, frames[1]!, frames[2]!.subarray(0, frames[2]!.length >> 1)];
    const cut = writeDicom({ ...multiFrame12(3), transferSyntax: '1.2.840.10008.1.2.4.70', fragments: cutFrames });
    // Assert
    await expect(readDicom(await disk('f5-multi-cut', cut))).rejects.toThrow('truncated DICOM: the codestream of the last frame (3) ends without its end marker (FFD9)');
  });

  it('a file cut inside its pixel data is refused as truncated', async () => {
    const file = writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.70', pixels: encodeJpegLossless(GRAY12, W, H, 12), compressed: true });
    await expect(readDicom(await disk('f5-cut', file.subarray(0, file.length - 200)))).rejects.toThrow(/^truncated DICOM/);
  });

  it('the Modality LUT Sequence replaces rescale slope/intercept', async () => {
    // Prepare: LUT maps stored v (0..4095) → 4095 − v, so the image comes out inverted; a rescale that would
    // do nothing visible is present and must be ignored.
    const extra: El[] = [
      { tag: [0x0028, 0x1052], vr: 'DS', value: '0' },
      { tag: [0x0028, 0x1053], vr: 'DS', value: '1' },
      { tag: [0x0028, 0x3000], vr: 'SQ', value: [[
        { tag: [0x0028, 0x3002], vr: 'US', value: [4096, 0, 12] },
        { tag: [0x0028, 0x3006], vr: 'OW', value: u16le(Array.from({ length: 4096 }, (_, v) => 4095 - v)) },
      ]] },
    ];
    const img = await readDicom(await disk('f5-mlut', writeDicom({ ...NATIVE.gray12, extra: [...(NATIVE.gray12.extra ?? []), ...extra] })));
    expect(Array.from(img.gray)).toEqual(GRAY12.map((v) => Math.round(((4095 - v - 2) / 4093) * 255)));
  });
});

describe('decodeImage keeps DICOM as DICOM', () => {
  it('resizes a colour DICOM read from disk', async () => {
    const img = await decodeImage(await disk('d-rgb', writeDicom(NATIVE.rgb8)), { inputSize: 8 });
    expect([img.format, img.gray.length]).toEqual(['dicom', 64]);
  });
});
