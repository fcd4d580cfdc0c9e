/**
 * Conformance: every compressed transfer syntax × photometric interpretation the reader supports, made by
 * independent encoders (DCMTK, GDCM) from native files with known pixels, read back from disk as Buffers.
 * Lossless syntaxes must return the exact stored values; lossy ones must match the encoder suite's own decoder.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStoredFrame, readDicom } from '../../../shared/data/dicom.js';
import { luma601 } from '../../../shared/data/dicom-color.js';
import { fixtureDir, removeFixtureDir, GRAY12, missingTool, multiFrame12, NATIVE, RGB8, readBuffer, run, writeNative } from './dicom-fixtures.js';

const DCMTK = missingTool('dcmcjpeg');
const GDCM = missingTool('gdcmconv');
let dir = '';
beforeAll(() => {
  dir = fixtureDir();
});
afterAll(() => removeFixtureDir(dir));

const grayFile = (): string => writeNative(dir, 'gray12', NATIVE.gray12);
const rgbFile = (): string => writeNative(dir, 'rgb8', NATIVE.rgb8);
const rgbLuma = Array.from({ length: RGB8.length / 3 }, (_, i) => luma601(RGB8[i * 3] ?? 0, RGB8[i * 3 + 1] ?? 0, RGB8[i * 3 + 2] ?? 0));

async function stored(path: string): Promise<{ values: number[]; syntax: string; decodedAs: string; how: string }> {
  const f = await decodeStoredFrame(readBuffer(path));
  return { values: Array.from(f.frame.values), syntax: f.syntax.uid, decodedAs: f.decodedAs, how: f.how };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe.skipIf(DCMTK)(`lossless syntaxes by DCMTK are exact ${DCMTK ?? ''}`, () => {
  const cases: Array<[string, string, readonly string[], string]> = [
    ['RLE Lossless', 'dcmcrle', [], '1.2.840.10008.1.2.5'],
    ['JPEG Lossless SV1', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'],
    ['JPEG Lossless Process 14 (predictor 6)', 'dcmcjpeg', ['+el', '+sv', '6'], '1.2.840.10008.1.2.4.57'],
    ['JPEG-LS Lossless', 'dcmcjpls', ['+el'], '1.2.840.10008.1.2.4.80'],
  ];
  for (const [name, tool, args, uid] of cases) {
    it(`${name} (${uid}), MONOCHROME2 12-bit`, async () => {
      const out = run(tool, args, grayFile(), `${dir}/g-${tool}-${args.join('')}.dcm`);
      const f = await stored(out);
      expect(f.syntax).toBe(uid);
      expect(f.values).toEqual(GRAY12);
    });
    it(`${name} (${uid}), RGB 8-bit → Rec. 601 luma`, async () => {
      const out = run(tool, args, rgbFile(), `${dir}/c-${tool}-${args.join('')}.dcm`);
      const f = await stored(out);
      expect(f.syntax).toBe(uid);
      expect(f.values).toEqual(Array.from(RGB8));
      expect(Array.from((await readDicom(readBuffer(out))).gray)).toEqual(rgbLuma);
    });
  }
});

describe.skipIf(DCMTK)(`lossy syntaxes match DCMTK's own decoder ${DCMTK ?? ''}`, () => {
  it('JPEG Extended 12-bit (4.51) equals dcmdjpeg within 1 and the source within the JPEG error', async () => {
    const out = run('dcmcjpeg', ['+ee', '+bt'], grayFile(), `${dir}/g-ext12.dcm`);
    const ref = run('dcmdjpeg', [], out, `${dir}/g-ext12-ref.dcm`);
    const f = await stored(out);
    expect(f.syntax).toBe('1.2.840.10008.1.2.4.51');
    expect(maxDiff(f.values, (await stored(ref)).values)).toBeLessThanOrEqual(1);
    expect(maxDiff(f.values, GRAY12)).toBeLessThan(64);
  });

  it('JPEG Baseline colour (YBR_FULL_422, 4.50) gives the luma of dcmdjpeg\'s RGB within 2', async () => {
    const out = run('dcmcjpeg', ['+eb'], rgbFile(), `${dir}/c-base.dcm`);
    const ref = run('dcmdjpeg', [], out, `${dir}/c-base-ref.dcm`);
    const img = await readDicom(readBuffer(out));
    expect([img.photometric, img.report.decodedAs]).toEqual(['YBR_FULL_422', 'RGB']);
    expect(maxDiff(img.gray, (await readDicom(readBuffer(ref))).gray)).toBeLessThanOrEqual(2);
  });

  it('JPEG-LS near-lossless (4.81) is within NEAR = 2 of the source and equal to dcmdjpls', async () => {
    const out = run('dcmcjpls', ['+en'], grayFile(), `${dir}/g-jlsnear.dcm`);
    const ref = run('dcmdjpls', [], out, `${dir}/g-jlsnear-ref.dcm`);
    const f = await stored(out);
    expect(f.syntax).toBe('1.2.840.10008.1.2.4.81');
    expect(maxDiff(f.values, GRAY12)).toBeLessThanOrEqual(2);
    expect(f.values).toEqual((await stored(ref)).values);
  });
});

describe.skipIf(GDCM)(`JPEG 2000 by GDCM ${GDCM ?? ''}`, () => {
  it('lossless (4.90), MONOCHROME2 12-bit, exact', async () => {
    const f = await stored(run('gdcmconv', ['-K'], grayFile(), `${dir}/g-j2k.dcm`));
    expect(f.syntax).toBe('1.2.840.10008.1.2.4.90');
    expect(f.values).toEqual(GRAY12);
  });

  it('lossless colour (4.90) → exact RGB and its Rec. 601 luma', async () => {
    const out = run('gdcmconv', ['-K'], rgbFile(), `${dir}/c-j2k.dcm`);
    const img = await readDicom(readBuffer(out));
    expect(img.transferSyntax).toBe('1.2.840.10008.1.2.4.90');
    expect(Array.from(img.gray)).toEqual(rgbLuma);
  });

  it('lossy (4.91) equals GDCM\'s own decode, overshoot clamped to BitsStored (not wrapped)', async () => {
    const out = run('gdcmconv', ['-K', '-Y', '-r', '5'], grayFile(), `${dir}/g-j2k-lossy.dcm`);
    const ref = run('gdcmconv', ['-w'], out, `${dir}/g-j2k-lossy-ref.dcm`);
    const f = await stored(out);
    expect(f.syntax).toBe('1.2.840.10008.1.2.4.91');
    // GDCM keeps ringing above 4095 and widens BitsStored to 16; the reader clamps to the header's 12 bits.
    const reference = (await stored(ref)).values;
    expect(reference.some((v) => v > 4095)).toBe(true);
    expect(f.values).toEqual(reference.map((v) => Math.min(v, 4095)));
  });

  it('lossy colour (4.91) gives the Rec. 601 luma of GDCM\'s own RGB decode', async () => {
    const out = run('gdcmconv', ['-K', '-Y', '-r', '5'], rgbFile(), `${dir}/c-j2k-lossy.dcm`);
    const ref = run('gdcmconv', ['-w'], out, `${dir}/c-j2k-lossy-ref.dcm`);
    const img = await readDicom(readBuffer(out));
    expect(img.transferSyntax).toBe('1.2.840.10008.1.2.4.91');
    expect(Array.from(img.gray)).toEqual(Array.from((await readDicom(readBuffer(ref))).gray));
  });
});

describe.skipIf(DCMTK)(`frame 0 of multi-frame encapsulated data ${DCMTK ?? ''}`, () => {
  const variants: Array<[string, readonly string[], RegExp]> = [
    ['basic offset table, one fragment a frame', [], /by basic offset table \(fragment 1 of 3\)/],
    ['empty offset table, one fragment a frame', ['-ot'], /by one fragment per frame \(fragment 1 of 3\)/],
    ['basic offset table, several fragments a frame', ['+fs', '1'], /by basic offset table \(fragments 1–\d+ of \d+\)/],
    ['empty offset table, several fragments a frame', ['-ot', '+fs', '1'], /by fragment start markers \(fragments 1–\d+ of \d+\)/],
  ];
  for (const [name, args, how] of variants) {
    it(name, async () => {
      const src = writeNative(dir, 'multi', multiFrame12(3));
      const f = await stored(run('dcmcjpeg', ['+e1', ...args], src, `${dir}/m${args.join('')}.dcm`));
      expect(f.how).toMatch(how);
      expect(f.values).toEqual(GRAY12);
    });
  }
});

describe.skipIf(DCMTK)(`damaged DCMTK files get their named reasons ${DCMTK ?? ''}`, () => {
  const made: Array<[string, string, readonly string[]]> = [
    ['RLE Lossless', 'dcmcrle', []],
    ['JPEG Lossless SV1', 'dcmcjpeg', ['+e1']],
    ['JPEG Extended', 'dcmcjpeg', ['+ee', '+bt']],
    ['JPEG-LS Lossless', 'dcmcjpls', ['+el']],
  ];
  for (const [name, tool, args] of made) {
    it(`${name}: cut at 60 % → truncated DICOM`, async () => {
      const out = run(tool, args, grayFile(), `${dir}/d-${tool}${args.join('')}.dcm`);
      const bytes = readBuffer(out);
      const cut = `${dir}/d-${tool}${args.join('')}-cut.dcm`;
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expect(readDicom(readBuffer(cut))).rejects.toThrow(/^truncated DICOM/);
    });
  }

  it('relabelled: a JPEG lossless codestream under a JPEG-LS transfer syntax fails to decode, by name', async () => {
    const out = readBuffer(run('dcmcjpeg', ['+e1'], grayFile(), `${dir}/d-relabel-src.dcm`));
    const relabelled = Buffer.from(out.toString('latin1').replace('1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80'), 'latin1');
    expect(relabelled.equals(out)).toBe(false);
    await expect(decodeStoredFrame(relabelled)).rejects.toThrow(/^corrupt DICOM: JPEG-LS Lossless frame failed to decode: /);
  });
});
