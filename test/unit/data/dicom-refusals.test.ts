/**
 * Combinations the reader cannot render exactly are refused with a reason that names them (transfer syntax,
 * photometric interpretation, bits, layout), never guessed. Files go through the disk as Buffers.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { readDicom } from '../../../shared/data/dicom.js';
import { j2kUsesMct } from '../../../shared/data/dicom-codecs.js';
import { fixtureDir, removeFixtureDir, GRAY12, NATIVE, W, H } from './dicom-fixtures.js';
import { writeDicom, type ImageSpec } from './dicom-writer.js';
import { firstFragment, transcode } from './dicom-transcode.js';

let dir = '';
beforeAll(() => {
  dir = fixtureDir();
});
afterAll(() => removeFixtureDir(dir));

async function refusal(name: string, spec: ImageSpec | Uint8Array): Promise<string> {
  const path = join(dir, `${name}.dcm`);
  writeFileSync(path, spec instanceof Uint8Array ? spec : writeDicom(spec));
  const err = await readDicom(await readFile(path)).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValueError);
  return (err as ValueError).message;
}

describe('refusals name what was refused', () => {
  it('transfer syntaxes that are not decoded: UID, name and why', async () => {
    expect(await refusal('jxl', { ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.110', compressed: true }))
      .toBe('unsupported transfer syntax 1.2.840.10008.1.2.4.110 (JPEG XL Lossless): JPEG XL is not decoded here (too new for PACS exports of chest radiographs; no conformance fixtures)');
    expect(await refusal('unknown', { ...NATIVE.gray12, transferSyntax: '1.2.3.4', compressed: true }))
      .toBe('unsupported transfer syntax 1.2.3.4 (unknown): not a transfer syntax this reader knows');
  });

  it('photometric interpretations outside the supported set, or not allowed with the syntax', async () => {
    expect(await refusal('cmyk', { ...NATIVE.rgb8, photometric: 'CMYK' })).toMatch(/^unsupported photometric interpretation CMYK \(read: MONOCHROME1\/2/);
    expect(await refusal('ict-native', { ...NATIVE.rgb8, photometric: 'YBR_ICT' }))
      .toBe('unsupported photometric interpretation YBR_ICT with transfer syntax 1.2.840.10008.1.2.1 (Explicit VR Little Endian)');
    expect(await refusal('ll-ybr', { ...NATIVE.rgb8, photometric: 'YBR_FULL', transferSyntax: '1.2.840.10008.1.2.4.70', compressed: true }))
      .toMatch(/^unsupported photometric interpretation YBR_FULL with transfer syntax 1\.2\.840\.10008\.1\.2\.4\.70 .*without a colour transform$/);
    expect(await refusal('palette-lossy', { ...NATIVE.gray8, photometric: 'PALETTE COLOR', transferSyntax: '1.2.840.10008.1.2.4.50', compressed: true }))
      .toMatch(/^unsupported photometric interpretation PALETTE COLOR with lossy transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50 .*: palette indices do not survive lossy coding$/);
    expect(await refusal('422-planar', { ...NATIVE.rgb8, photometric: 'YBR_FULL_422', planarConfiguration: 1 }))
      .toBe('unsupported YBR_FULL_422 with PlanarConfiguration 1 (the standard requires 0)');
  });

  it('bit depths', async () => {
    expect(await refusal('ba12', { ...NATIVE.gray12, bitsAllocated: 12 })).toBe('unsupported BitsAllocated 12 (1, 8, 16 or 32 are read)');
    expect(await refusal('rgb32', { ...NATIVE.rgb8, bitsAllocated: 32, bitsStored: 32 })).toMatch(/^unsupported BitsAllocated 32 with RGB/);
    expect(await refusal('bs>ba', { ...NATIVE.gray8, bitsStored: 12 })).toBe('corrupt DICOM: BitsStored 12 with BitsAllocated 8');
  });

  it('headers that contradict the pixel data', async () => {
    expect(await refusal('samples', { ...NATIVE.gray12, samplesPerPixel: 3 })).toBe('corrupt DICOM: MONOCHROME2 needs SamplesPerPixel 1, header says 3');
    const rle = await transcode(writeDicom(NATIVE.gray12), '1.2.840.10008.1.2.5');
    expect(await refusal('rle-8bit', { ...NATIVE.gray8, transferSyntax: '1.2.840.10008.1.2.5', pixels: firstFragment(rle), compressed: true }))
      .toBe('corrupt DICOM: RLE header declares 2 segments, the pixel module needs 1');
    const gray = firstFragment(await transcode(writeDicom(NATIVE.gray12), '1.2.840.10008.1.2.4.90'));
    expect(await refusal('rct-gray', { ...NATIVE.rgb8, photometric: 'YBR_RCT', transferSyntax: '1.2.840.10008.1.2.4.90', pixels: gray, compressed: true }))
      .toMatch(/^corrupt DICOM: /);
    // A colour codestream whose COD marker says "no multiple component transform" under a YBR_RCT header.
    const colour = firstFragment(await transcode(writeDicom(NATIVE.rgb8), '1.2.840.10008.1.2.4.90'));
    expect(j2kUsesMct(colour)).toBe(true);
    const cod = colour.findIndex((b, i) => b === 0xff && colour[i + 1] === 0x52);
    colour[cod + 8] = 0;
    expect(j2kUsesMct(colour)).toBe(false);
    expect(await refusal('rct-no-mct', { ...NATIVE.rgb8, photometric: 'YBR_RCT', transferSyntax: '1.2.840.10008.1.2.4.90', pixels: colour, compressed: true }))
      .toBe('corrupt DICOM: YBR_RCT but the JPEG 2000 codestream has no multiple component transform');
  });

  it('a native frame shorter than the header says', async () => {
    expect(await refusal('short', { ...NATIVE.gray12, pixels: new Uint8Array(W * H) }))
      .toBe(`truncated DICOM: pixel data has ${W * H} bytes, frame 0 needs ${W * H * 2}`);
    expect(await refusal('short-frames', { ...NATIVE.gray12, frames: 2, pixels: new Uint8Array(GRAY12.length * 2) }))
      .toBe(`truncated DICOM: pixel data has ${W * H * 2} bytes, 2 frames need ${W * H * 4}`);
  });
});
