import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessCache, assertCacheDirAllowed } from '../../../shared/data/cache.js';
import { loadDataset } from '../../../shared/data/load.js';
import { summarizeSkips } from '../../../shared/data/sample.js';
import { VGG_BGR_MEANS, fromVggInput } from '../../../shared/data/preprocess.js';
import { scanClassFolders } from '../../../shared/data/manifest.js';
import { ConfigError, ValueError } from '../../../shared/domain/errors.js';
import { u16le, writeDicom } from './dicom-writer.js';
import { missingDataMessage, sharedDataDir } from '../../helpers/shared-data.js';

let dir = '';
let csv = '';
const png = (level: number): Promise<Buffer> =>
  sharp({ create: { width: 24, height: 20, channels: 3, background: { r: level, g: level, b: level } } }).png().toBuffer();

beforeAll(async () => {
  // Prepare: 3 normals (PNG, JPEG, DICOM), 2 positives (PNG), and 4 bad files (empty, text, truncated PNG, corrupt RLE DICOM).
  dir = await mkdtemp(join(tmpdir(), 'fedcxr-load-'));
  await mkdir(join(dir, 'img'));
  const good = await png(100);
  await writeFile(join(dir, 'img', 'n1.png'), good);
  await writeFile(join(dir, 'img', 'n2.jpg'), await sharp(good).jpeg().toBuffer());
  await writeFile(join(dir, 'img', 'n3.dcm'), writeDicom({ transferSyntax: '1.2.840.10008.1.2.1', rows: 4, columns: 4, bitsAllocated: 16, bitsStored: 12, pixels: u16le(Array.from({ length: 16 }, (_, i) => i * 100)) }));
  await writeFile(join(dir, 'img', 'p1.png'), await png(180));
  await writeFile(join(dir, 'img', 'p2.png'), await png(200));
  await writeFile(join(dir, 'img', 'empty.png'), '');
  await writeFile(join(dir, 'img', 'notes.png'), 'this is not an image');
  await writeFile(join(dir, 'img', 'cut.png'), good.subarray(0, Math.floor(good.length / 2)));
  await writeFile(join(dir, 'img', 'rle.dcm'), writeDicom({ transferSyntax: '1.2.840.10008.1.2.5', rows: 4, columns: 4, bitsAllocated: 8, bitsStored: 8, pixels: new Uint8Array(16), compressed: true }));
  csv = join(dir, 'manifest.csv');
  const rows = [
    ['img/n1.png', 'NORMAL', 'train'], ['img/n2.jpg', 'NORMAL', 'train'], ['img/n3.dcm', 'NORMAL', 'train'],
    ['img/p1.png', 'PNEUMONIA', 'train'], ['img/p2.png', 'PNEUMONIA', 'test'],
    ['img/empty.png', 'NORMAL', 'train'], ['img/notes.png', 'NORMAL', 'train'], ['img/cut.png', 'NORMAL', 'train'],
    ['img/rle.dcm', 'NORMAL', 'train'], ['img/missing.png', 'NORMAL', 'train'],
  ];
  await writeFile(csv, ['path,label,institution,split', ...rows.map(([p, l, s]) => `${p},${l},KM,${s}`)].join('\n'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDataset', () => {
  it('loads good files, skips bad ones with reasons and goes on', async () => {
    // Execute
    const ds = await loadDataset(csv, { split: 'train', inputSize: 16, cacheDir: false });
    // Assert
    expect(ds.samples.map((s) => s.y)).toEqual([0, 0, 0, 1]);
    expect(ds.samples[0]?.x.length).toBe(16 * 16 * 3);
    // A uniform gray-100 PNG: every B channel value is 100 - 103.939.
    expect(ds.samples[0]?.x[0]).toBeCloseTo(100 - VGG_BGR_MEANS[0], 3);
    const reasons = Object.fromEntries(ds.skipped.map((s) => [s.file.split('/').pop(), s.reason]));
    expect(reasons['empty.png']).toBe('empty file');
    expect(reasons['notes.png']).toMatch(/^not an image/);
    expect(reasons['cut.png']).toMatch(/^(truncated|corrupt) PNG/);
    expect(reasons['rle.dcm']).toBe('corrupt DICOM: RLE frame has 16 bytes, less than its 64-byte header');
    expect(reasons['missing.png']).toMatch(/^unreadable file/);
    const summary = summarizeSkips(ds.skipped);
    expect(summary.count).toBe(5);
    expect(summary.text).toMatch(/^5 files skipped: /);
    expect(ds.warnings).toContain(summary.text);
  });

  it('reports a single-class dataset as a warning instead of failing', async () => {
    const ds = await loadDataset(csv, { split: 'test', inputSize: 8, cacheDir: false });
    expect(ds.samples.length).toBe(1);
    expect(ds.warnings).toEqual(['only one class present: all 1 samples are positive (label 1)']);
  });

  it('hits the cache on the second load and misses when the preprocessing config changes', async () => {
    const cacheDir = join(dir, 'cache');
    const first = await loadDataset(csv, { split: 'train', inputSize: 16, cacheDir });
    const second = await loadDataset(csv, { split: 'train', inputSize: 16, cacheDir });
    const clahe = await loadDataset(csv, { split: 'train', inputSize: 16, cacheDir, clahe: true });
    expect([first.stats.decoded, first.stats.cacheHits]).toEqual([8, 0]); // 4 good + 4 bad decodes (+1 missing file; failures are never cached)
    expect([second.stats.decoded, second.stats.cacheHits]).toEqual([4, 4]);
    expect([clahe.stats.decoded, clahe.stats.cacheHits]).toEqual([8, 0]);
    expect(Array.from(second.samples[3]?.x ?? [])).toEqual(Array.from(first.samples[3]?.x ?? []));
  });

  it('rejects a split filter on a manifest without splits, and unknown labels before decoding', async () => {
    const noSplit = join(dir, 'nosplit.csv');
    await writeFile(noSplit, 'path,label\nimg/n1.png,NORMAL\n');
    await expect(loadDataset(noSplit, { split: 'train', cacheDir: false })).rejects.toThrow(ValueError);
    await expect(loadDataset(noSplit, { labelMap: { NF: 0 }, cacheDir: false })).rejects.toThrow('row 2: unknown label "NORMAL"');
  });
});

describe('PreprocessCache', () => {
  it('refuses to live inside a folder of the images it serves', async () => {
    const data = join(dir, 'data');
    expect(() => assertCacheDirAllowed(join(data, 'cache'), [data])).toThrow(ConfigError);
    expect(() => new PreprocessCache(data, [data])).toThrow(/inside the data folder/);
    expect(() => assertCacheDirAllowed(`${data}-other/cache`, [data])).not.toThrow();
    // loadDataset passes the image folders as data roots.
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'm.csv'), 'path,label\nx.png,NORMAL\n');
    await expect(loadDataset(join(data, 'm.csv'), { cacheDir: join(data, 'c') })).rejects.toThrow(ConfigError);
  });

  it('treats a damaged entry as a miss', async () => {
    const cache = new PreprocessCache(join(dir, 'cache2'));
    await cache.put('abcdef', Uint8Array.from([1, 2, 3, 4]));
    expect(Array.from((await cache.get('abcdef', 4)) ?? [])).toEqual([1, 2, 3, 4]);
    const file = join(dir, 'cache2', 'ab', 'abcdef.gray');
    await writeFile(file, (await readFile(file)).subarray(0, 10));
    expect(await cache.get('abcdef', 4)).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });
});

const KERMANY = sharedDataDir('kermany/train') ?? '';
describe.skipIf(KERMANY === '')('real Kermany JPEGs (../shared/data/kermany/train)', () => {
  it('decodes a few real images of each class to 64×64 VGG input', async () => {
    // Prepare: the first 3 files of each class folder, read through the class-folder manifest.
    const rows = await scanClassFolders(KERMANY);
    const pick = [...rows.filter((r) => r.label === 'NORMAL').slice(0, 3), ...rows.filter((r) => r.label === 'PNEUMONIA').slice(0, 3)];
    // Execute
    const ds = await loadDataset(pick, { inputSize: 64, cacheDir: false });
    // Assert
    expect(ds.skipped).toEqual([]);
    expect(ds.samples.map((s) => s.y)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(ds.samples.map((s) => s.patient)).toEqual(pick.map((r) => r.patient));
    for (const s of ds.samples) {
      const gray = fromVggInput(s.x);
      expect(Math.max(...gray) - Math.min(...gray)).toBeGreaterThan(100); // a real radiograph, not a flat image
    }
  });
});
if (KERMANY === '') console.warn(missingDataMessage('kermany/train'));
