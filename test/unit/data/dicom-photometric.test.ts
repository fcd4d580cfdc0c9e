/**
 * Photometric interpretations × the syntaxes that carry them without a lossy step: every native encoding
 * (explicit/implicit LE, big endian, deflated) and the lossless codecs that keep colour layouts (RLE, JPEG 2000,
 * HTJ2K via dcmjs-codecs' encoders). One expected gray per picture, read from disk as Buffers.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStoredFrame, readDicom } from '../../../shared/data/dicom.js';
import { fixtureDir, removeFixtureDir, GRAY12, H, NATIVE, RGB8, W } from './dicom-fixtures.js';
import { u16le, writeDicom, type El, type ImageSpec } from './dicom-writer.js';
import { firstFragment, transcode } from './dicom-transcode.js';
import { j2kUsesMct } from '../../../shared/data/dicom-codecs.js';

let dir = '';
beforeAll(() => {
  dir = fixtureDir();
});
afterAll(() => removeFixtureDir(dir));

const luma = (r: number, g: number, b: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
const pixels = W * H;
const rgbLuma = Array.from({ length: pixels }, (_, i) => luma(RGB8[i * 3] ?? 0, RGB8[i * 3 + 1] ?? 0, RGB8[i * 3 + 2] ?? 0));
const minMax12 = GRAY12.map((v) => Math.round((v / 4093) * 255));

const planar = new Uint8Array(RGB8.length);
for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) planar[c * pixels + i] = RGB8[i * 3 + c] ?? 0;
const ybr = new Uint8Array(RGB8.length);
for (let i = 0; i < pixels; i++) {
  const [r, g, b] = [RGB8[i * 3] ?? 0, RGB8[i * 3 + 1] ?? 0, RGB8[i * 3 + 2] ?? 0];
  ybr.set([0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b + 128, 0.5 * r - 0.418688 * g - 0.081312 * b + 128].map(Math.round), i * 3);
}
// YBR_FULL_422 with neutral chroma: each pixel's gray is its Y.
const y8 = GRAY12.map((v) => v >> 4);
const packed422 = new Uint8Array(pixels * 2);
for (let p = 0; p < pixels / 2; p++) packed422.set([y8[2 * p] ?? 0, y8[2 * p + 1] ?? 0, 128, 128], p * 4);
// PALETTE COLOR: index k → (255 − k, k/2, k), 16-bit entries.
const idx = Uint8Array.from({ length: pixels }, (_, i) => (i * 7) & 0xff);
const palette: El[] = [0x1101, 0x1102, 0x1103].map((e): El => ({ tag: [0x0028, e], vr: 'US', value: [256, 0, 16] }));
[(k: number) => 255 - k, (k: number) => k >> 1, (k: number) => k].forEach((f, c) => {
  palette.push({ tag: [0x0028, 0x1201 + c], vr: 'OW', value: u16le(Array.from({ length: 256 }, (_, k) => f(k) * 257)) });
});

interface Picture {
  readonly name: string;
  readonly spec: ImageSpec;
  readonly gray: readonly number[];
  /** Max allowed difference (YBR → RGB rounding). */
  readonly tolerance: number;
}
const rgb = (photometric: string, px: Uint8Array, extra: Partial<ImageSpec> = {}): ImageSpec => ({ ...NATIVE.rgb8, photometric, pixels: px, ...extra });
const PICTURES: readonly Picture[] = [
  { name: 'MONOCHROME2 12-bit', spec: NATIVE.gray12, gray: minMax12, tolerance: 0 },
  { name: 'MONOCHROME1 12-bit', spec: { ...NATIVE.gray12, photometric: 'MONOCHROME1' }, gray: minMax12.map((v) => 255 - v), tolerance: 0 },
  { name: 'RGB PlanarConfiguration 0', spec: NATIVE.rgb8, gray: rgbLuma, tolerance: 0 },
  { name: 'RGB PlanarConfiguration 1', spec: rgb('RGB', planar, { planarConfiguration: 1 }), gray: rgbLuma, tolerance: 0 },
  { name: 'YBR_FULL', spec: rgb('YBR_FULL', ybr), gray: rgbLuma, tolerance: 1 },
  { name: 'YBR_FULL_422', spec: rgb('YBR_FULL_422', packed422), gray: y8, tolerance: 0 },
  { name: 'PALETTE COLOR', spec: { ...NATIVE.gray8, photometric: 'PALETTE COLOR', pixels: idx, extra: [...(NATIVE.gray8.extra ?? []), ...palette] }, gray: Array.from(idx, (k) => luma(255 - k, k >> 1, k)), tolerance: 0 },
];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

async function check(name: string, bytes: Uint8Array, p: Picture, uid: string): Promise<void> {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
  writeFileSync(path, bytes);
  const img = await readDicom(await readFile(path));
  expect(img.transferSyntax).toBe(uid);
  expect(img.gray.length).toBe(pixels);
  expect(maxDiff(img.gray, p.gray)).toBeLessThanOrEqual(p.tolerance);
}

const NATIVE_SYNTAXES = ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99'];
describe('native syntaxes × photometric interpretations', () => {
  for (const uid of NATIVE_SYNTAXES) {
    for (const p of PICTURES) {
      it(`${uid} ${p.name}`, async () => {
        await check(`${uid}-${p.name}`, writeDicom({ ...p.spec, transferSyntax: uid }), p, uid);
      });
    }
  }
});

// Lossless codecs over the layouts they carry (dcmjs-codecs' encoders keep the header's photometric).
const CODEC_CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['1.2.840.10008.1.2.5', ['MONOCHROME1 12-bit', 'RGB PlanarConfiguration 0', 'YBR_FULL', 'PALETTE COLOR']],
  ['1.2.840.10008.1.2.4.80', ['MONOCHROME1 12-bit', 'PALETTE COLOR']],
  ['1.2.840.10008.1.2.4.90', ['MONOCHROME1 12-bit', 'PALETTE COLOR']],
  ['1.2.840.10008.1.2.4.201', ['MONOCHROME1 12-bit', 'PALETTE COLOR']],
  ['1.2.840.10008.1.2.4.202', ['MONOCHROME2 12-bit', 'RGB PlanarConfiguration 0', 'PALETTE COLOR']],
];
describe('lossless codecs × photometric interpretations', () => {
  for (const [uid, names] of CODEC_CASES) {
    for (const name of names) {
      const p = PICTURES.find((q) => q.name === name);
      if (!p) throw new Error(`no picture ${name}`);
      it(`${uid} ${name}`, async () => {
        await check(`${uid}-${name}`, await transcode(writeDicom(p.spec), uid), p, uid);
      });
    }
  }
});

describe('signed 12-bit stored values survive every lossless codec', () => {
  const signedValues = GRAY12.map((v) => v - 2048);
  const spec: ImageSpec = { ...NATIVE.gray12, signed: true, pixels: u16le(signedValues) };
  for (const uid of ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.201']) {
    it(uid, async () => {
      const path = join(dir, `signed-${uid}.dcm`);
      writeFileSync(path, uid === '1.2.840.10008.1.2.1' ? writeDicom(spec) : await transcode(writeDicom(spec), uid));
      const f = await decodeStoredFrame(await readFile(path));
      expect(f.syntax.uid).toBe(uid);
      expect(Array.from(f.frame.values)).toEqual(signedValues);
    });
  }
});

describe('lossy JPEG 2000 family (dcmjs-codecs encoders)', () => {
  it('YBR_ICT: the irreversible colour transform in a 4.91 codestream gives the same gray as the RGB label', async () => {
    const stream = firstFragment(await transcode(writeDicom(NATIVE.rgb8), '1.2.840.10008.1.2.4.91'));
    expect(j2kUsesMct(stream)).toBe(true);
    const as = async (photometric: string): Promise<Uint8Array> => {
      const path = join(dir, `ict-${photometric}.dcm`);
      writeFileSync(path, writeDicom({ ...NATIVE.rgb8, photometric, transferSyntax: '1.2.840.10008.1.2.4.91', pixels: stream, compressed: true }));
      return (await readDicom(await readFile(path))).gray;
    };
    const ict = await as('YBR_ICT');
    expect(Array.from(ict)).toEqual(Array.from(await as('RGB')));
    expect(maxDiff(ict, rgbLuma)).toBeLessThanOrEqual(8);
  });

  it('HTJ2K lossy (4.203) decodes close to the source', async () => {
    const path = join(dir, 'htj2k-lossy.dcm');
    writeFileSync(path, await transcode(writeDicom(NATIVE.gray12), '1.2.840.10008.1.2.4.203'));
    const f = await decodeStoredFrame(await readFile(path));
    expect(f.syntax.uid).toBe('1.2.840.10008.1.2.4.203');
    expect(maxDiff(f.frame.values, GRAY12)).toBeLessThanOrEqual(41); // ≤ 1 % of the 12-bit range
  });
});
