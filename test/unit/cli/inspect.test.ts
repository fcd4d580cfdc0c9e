import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAY12, H, NATIVE, W } from '../data/dicom-fixtures.js';
import { writeDicom, type El } from '../data/dicom-writer.js';
import { encodeJpegLossless } from '../data/jpeg-lossless-encoder.js';
import { jsonLines, runCli, TempDirs } from './run-cli.js';

const tmp = new TempDirs();
let dir = '';
// Identifiers a hospital export carries; inspect must never print them.
const PHI: El[] = [
  { tag: [0x0010, 0x0010], vr: 'PN', value: 'DOE^JANE' },
  { tag: [0x0010, 0x0020], vr: 'LO', value: 'PID-4711' },
  { tag: [0x0020, 0x000d], vr: 'UI', value: '1.2.826.0.1.3680043.99' },
];

beforeAll(async () => {
  dir = tmp.make('inspect');
  mkdirSync(join(dir, 'export', 'sub'), { recursive: true });
  const lossless = encodeJpegLossless(GRAY12, W, H, 12);
  writeFileSync(join(dir, 'export', 'a-lossless.dcm'), writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.70', pixels: lossless, compressed: true, photometric: 'MONOCHROME1', extra: [...(NATIVE.gray12.extra ?? []), ...PHI, { tag: [0x0028, 0x1050], vr: 'DS', value: '2048' }, { tag: [0x0028, 0x1051], vr: 'DS', value: '4096' }] }));
  writeFileSync(join(dir, 'export', 'b-video.dcm'), writeDicom({ ...NATIVE.gray12, transferSyntax: '1.2.840.10008.1.2.4.102', compressed: true, extra: PHI }));
  writeFileSync(join(dir, 'export', 'sub', 'c.png'), await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 9, g: 9, b: 9 } } }).png().toBuffer());
  writeFileSync(join(dir, 'export', 'sub', 'd.txt'), 'not an image');
});
afterAll(() => tmp.cleanup());

describe('fedcxr inspect', () => {
  it('walks a folder and says, per file, what was read or why it is refused', async () => {
    const r = await runCli(['inspect', join(dir, 'export')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('a-lossless.dcm: ok (DICOM, 64×48)');
    expect(r.stdout).toContain('transfer syntax  1.2.840.10008.1.2.4.70 (JPEG Lossless, Non-Hierarchical, First-Order Prediction');
    expect(r.stdout).toContain('bits             16 allocated, 12 stored, unsigned');
    expect(r.stdout).toContain('frame            frame 0 of 1 by single frame: all fragments (fragment 1 of 1)');
    expect(r.stdout).toContain('VOI / colour     window center 2048 width 4096 (LINEAR)');
    expect(r.stdout).toContain('inverted         yes (MONOCHROME1');
    expect(r.stdout).toContain('b-video.dcm: REFUSED (dicom): unsupported transfer syntax 1.2.840.10008.1.2.4.102 (MPEG-4 AVC/H.264 High Profile / Level 4.1): video');
    expect(r.stdout).toContain('c.png: ok (PNG, 20×10, decoded by sharp)');
    expect(r.stdout).toMatch(/d\.txt: REFUSED \(other\): not an image/);
    expect(r.stdout.trim().split('\n').pop()).toBe('4 files: 2 readable, 2 refused');
  });

  it('--json prints one object per file with the report or the reason', async () => {
    const r = await runCli(['inspect', '--json', join(dir, 'export', 'a-lossless.dcm'), join(dir, 'export', 'b-video.dcm'), join(dir, 'missing.dcm')]);
    const [a, b, missing] = jsonLines(r.stdout);
    expect(a).toMatchObject({ ok: true, format: 'dicom', report: { transferSyntax: '1.2.840.10008.1.2.4.70', photometric: 'MONOCHROME1', bitsStored: 12, inverted: true, modalityLut: 'none (identity)' } });
    expect(b).toMatchObject({ ok: false, format: 'dicom', reason: expect.stringMatching(/^unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.102/) as unknown });
    expect(missing).toMatchObject({ ok: false, format: 'unreadable', reason: expect.stringMatching(/^unreadable file: ENOENT/) as unknown });
  });

  it('prints no patient identifiers or UIDs', async () => {
    const human = await runCli(['inspect', join(dir, 'export')]);
    const json = await runCli(['inspect', '--json', join(dir, 'export')]);
    for (const out of [human.stdout, json.stdout]) {
      for (const secret of ['DOE', 'JANE', 'PID-4711', '1.2.826.0.1.3680043.99', '1.2.3.4.5.6.7']) expect(out).not.toContain(secret);
    }
  });
});
