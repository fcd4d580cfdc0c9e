/**
 * DICOM loader throughput (`npm run bench -- dicom`): a folder of mixed DICOM — the transfer syntaxes a PACS
 * export holds, 12-bit gray chest phantoms and one colour secondary capture — read from disk and decoded by the
 * loader's unit of work (`decodeImage`: decode frame 0, LUTs, resize to 224), against the same pixels as PNG
 * (16-bit gray, 8-bit RGB) through the same `decodeImage`, i.e. sharp, in the same run. Prints images/s for both,
 * per syntax and for the whole folder, and the ratio DICOM/PNG (> 1: the DICOM loader is faster).
 * Options: `--size N` (default 1024), `--repeats N` (timed passes, default 3), `--json`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { decodeImage } from '../shared/data/decode.js';
import { renderPhantom } from '../shared/data/phantom.js';
import { transferSyntaxName } from '../shared/data/dicom-syntax.js';
import { median } from './lib/stats.js';
import { u16le, writeDicom, type ImageSpec } from '../test/unit/data/dicom-writer.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SIZE = arg('size', 1024);
const REPEATS = arg('repeats', 3);
const JSON_OUT = process.argv.includes('--json');

const GRAY_SYNTAXES = [
  '1.2.840.10008.1.2.1', '1.2.840.10008.1.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.201',
];

interface Item {
  readonly syntax: string;
  readonly dicom: string;
  readonly png: string;
}

const require = createRequire(import.meta.url);
interface Transcoder { transcode(uid: string): void; getDicomPart10(): ArrayBuffer }
const codecs = require('dcmjs-codecs') as { Transcoder: new (b: ArrayBuffer) => Transcoder; NativeCodecs: { initializeAsync(): Promise<void> } };

function encode(native: Uint8Array, uid: string): Uint8Array {
  if (uid === '1.2.840.10008.1.2.1' || uid === '1.2.840.10008.1.2' || uid === '1.2.840.10008.1.2.1.99') return native;
  const t = new codecs.Transcoder(native.buffer.slice(native.byteOffset, native.byteOffset + native.byteLength) as ArrayBuffer);
  t.transcode(uid);
  return new Uint8Array(t.getDicomPart10());
}

async function makeFolder(dir: string): Promise<Item[]> {
  await codecs.NativeCodecs.initializeAsync();
  const items: Item[] = [];
  for (const [k, uid] of GRAY_SYNTAXES.entries()) {
    const gray = renderPhantom({ site: 'KM', label: (k % 2) as 0 | 1, seed: k, size: SIZE }).gray;
    const v12 = Array.from(gray, (g, i) => g * 16 + ((i * 2654435761) >>> 28)); // 12-bit with low-bit noise
    const spec: ImageSpec = { transferSyntax: uid === '1.2.840.10008.1.2.1' || uid === '1.2.840.10008.1.2' || uid === '1.2.840.10008.1.2.1.99' ? uid : '1.2.840.10008.1.2.1', rows: SIZE, columns: SIZE, bitsAllocated: 16, bitsStored: 12, pixels: u16le(v12) };
    const dicom = join(dir, `g${k}.dcm`);
    writeFileSync(dicom, encode(writeDicom(spec), uid));
    const png = join(dir, `g${k}.png`);
    await sharp(Uint16Array.from(v12, (v) => v * 16), { raw: { width: SIZE, height: SIZE, channels: 1 } }).toColourspace('grey16').png().toFile(png);
    items.push({ syntax: uid, dicom, png });
  }
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  const base = renderPhantom({ site: 'NIOSH', label: 0, seed: 99, size: SIZE }).gray;
  base.forEach((g, i) => rgb.set([g, (g * 3) >> 2, 255 - g], i * 3));
  const dicom = join(dir, 'rgb.dcm');
  writeFileSync(dicom, writeDicom({ transferSyntax: '1.2.840.10008.1.2.1', rows: SIZE, columns: SIZE, bitsAllocated: 8, bitsStored: 8, samplesPerPixel: 3, photometric: 'RGB', pixels: rgb }));
  const png = join(dir, 'rgb.png');
  await sharp(rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(png);
  items.push({ syntax: 'RGB 1.2.840.10008.1.2.1', dicom, png });
  return items;
}

async function timeOne(path: string): Promise<number> {
  const t0 = performance.now();
  await decodeImage(await readFile(path), { inputSize: 224 });
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fedcxr-bench-dicom-'));
  try {
    const items = await makeFolder(dir);
    for (const it of items) {
      await timeOne(it.dicom); // warm-up (codecs, JIT)
      await timeOne(it.png);
    }
    const rows: Array<{ syntax: string; dicomMs: number; pngMs: number }> = [];
    const folder: { dicom: number[]; png: number[] } = { dicom: [], png: [] };
    const per = new Map(items.map((it) => [it.syntax, { dicom: [] as number[], png: [] as number[] }]));
    for (let r = 0; r < REPEATS; r++) {
      let d = 0;
      let p = 0;
      // Interleave DICOM and PNG per file so a busy machine slows both alike.
      for (const it of items) {
        const td = await timeOne(it.dicom);
        const tp = await timeOne(it.png);
        per.get(it.syntax)?.dicom.push(td);
        per.get(it.syntax)?.png.push(tp);
        d += td;
        p += tp;
      }
      folder.dicom.push(d);
      folder.png.push(p);
    }
    for (const [syntax, t] of per) rows.push({ syntax, dicomMs: median(t.dicom), pngMs: median(t.png) });
    const dicomRate = (items.length / median(folder.dicom)) * 1000;
    const pngRate = (items.length / median(folder.png)) * 1000;
    const header = `dicom loader vs sharp PNG, ${items.length} files of ${SIZE}×${SIZE}, decodeImage → 224 px, median of ${REPEATS}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`;
    const label = (s: string): string => (s.startsWith('RGB') ? `${s} (native RGB)` : `${s} (${transferSyntaxName(s).replace(/,? ?\(Process 14 \[Selection Value 1\]\)|, Non-Hierarchical/g, '')})`);
    const table = rows.map((r) => `${label(r.syntax).padEnd(72)} ${r.dicomMs.toFixed(1).padStart(7)} ms  PNG ${r.pngMs.toFixed(1).padStart(7)} ms  ratio ${(r.pngMs / r.dicomMs).toFixed(2)}\n`).join('');
    const total = `folder: DICOM ${dicomRate.toFixed(2)} images/s, PNG (sharp) ${pngRate.toFixed(2)} images/s, ratio DICOM/PNG ${(dicomRate / pngRate).toFixed(2)}\n`;
    if (JSON_OUT) {
      process.stderr.write(header + table + total);
      process.stdout.write(`${JSON.stringify({ bench: 'dicom', size: SIZE, files: items.length, repeats: REPEATS, dicomImagesPerSecond: dicomRate, pngImagesPerSecond: pngRate, ratio: dicomRate / pngRate, perSyntax: rows })}\n`);
    } else process.stdout.write(header + table + total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
