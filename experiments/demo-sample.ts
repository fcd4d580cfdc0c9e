/**
 * The real-X-ray demo sample: a few hundred 64 px grayscale PNGs from the `real` sites' sources (Kermany
 * pneumonia-only for gz, nih1000 normals for nihcc, Kermany both classes for mixed), from patients outside
 * every pretraining carve — the committed pneumonia checkpoint's training and validation patients (its carve re-made
 * from the settings in its state.json) and the experiment runner's own — with a manifest. `fedcxr demo --write-sample DIR` regenerates it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadDataset } from '../shared/data/load.js';
import { readManifest, type ManifestEntry } from '../shared/data/manifest.js';
import { fromVggInput } from '../shared/data/preprocess.js';
import { PRETRAINED_CHECKPOINT_DIR } from '../shared/model/pretrained.js';
import { carvePretrainEntries } from '../shared/train/pretrain.js';
import { withLegacyDefaults } from '../shared/train/pretrain-settings.js';
import { allOf, carveDisjoint } from './carve.js';
import { parseExperiment, PRESETS } from './config.js';
import { realCarves, REAL_LABEL_MAP, withY } from './sites.js';
import type { Splits } from '../shared/data/split.js';

/** Images per demo site and class. */
export const DEMO_COUNTS = { gz: { normal: 0, disease: 70 }, nihcc: { normal: 70, disease: 0 }, mixed: { normal: 20, disease: 24 } } as const;
/**
 * Images per class of the held-out carve: unseen patients of the mixed site's institution (Guangzhou) that no demo
 * site trains, selects or calibrates on, so the demo's main comparison rests on more than `mixed`'s own test fold.
 */
export const DEMO_HELDOUT = { normal: 60, disease: 60 } as const;
/** Seed of the demo carve. */
const DEMO_SEED = 2026;

/** Where the sample's sources are (read-only). */
export const DEMO_SOURCES = { kermany: '../shared/data/kermany/train', nih1000: '../shared/data/nih1000/manifest.csv' } as const;

/** The sample's folders: the three sites, and the held-out carve of the mixed site's institution. */
export type DemoFolder = 'gz' | 'nihcc' | 'mixed' | 'heldout';

/** The manifest entries of the sample, by folder, before decoding. */
export type DemoCarve = Readonly<Record<DemoFolder, readonly ManifestEntry[]>>;

/**
 * Which source images the sample holds: drawn (seeded) from the patients left after the committed pneumonia
 * checkpoint's training and validation carve and every pretraining carve of `fedcxr experiment --preset real`
 * (its `related` carve is the committed related init's) are removed.
 */
export async function demoCarve(data: { kermany: string; nih1000: string } = DEMO_SOURCES): Promise<DemoCarve> {
  const cfg = parseExperiment({ ...(PRESETS.real as object), data });
  const committed = await committedCarve(data.kermany);
  const spec = (c: { normal: number; disease: number }) => ({ train: { 0: c.normal, 1: c.disease } });
  // The experiment's own carves, exactly as the runner makes them: their pretraining patients are excluded too.
  const carves = await realCarves(cfg);
  const pretrainPatients = (m: ReadonlyMap<string, Splits<ManifestEntry>>) => [...m].filter(([k]) => k.startsWith('pretrain')).flatMap(([, v]) => allOf(v).map((e) => e.patient));
  const excludedKm = new Set([...committed.train, ...committed.val].map((e) => e.patient).concat(pretrainPatients(carves.kermany)));
  const excludedNih = new Set(pretrainPatients(carves.nih));
  const kmAll = withY(await readManifest(data.kermany));
  const nihAll = withY(await readManifest(data.nih1000));
  const km = carveDisjoint(kmAll.filter((e) => !excludedKm.has(e.patient)), [{ name: 'demo-gz', spec: spec(DEMO_COUNTS.gz) }, { name: 'demo-mixed', spec: spec(DEMO_COUNTS.mixed) }], DEMO_SEED);
  const nih = carveDisjoint(nihAll.filter((e) => !excludedNih.has(e.patient)), [{ name: 'demo-nihcc', spec: spec(DEMO_COUNTS.nihcc) }], DEMO_SEED);
  const of = (c: Splits<ManifestEntry> | undefined): ManifestEntry[] => (c ? allOf(c) : []);
  const [gz, mixed] = [of(km.get('demo-gz')), of(km.get('demo-mixed'))];
  // The held-out carve avoids, beyond the above, every carve of the experiment (its sites, tuning and held-out
  // sets informed the demo's settings) and the demo's own sites; drawn separately, so the sites' draw is unchanged.
  const excludedHeldout = new Set([...excludedKm, ...[...carves.kermany.values()].flatMap((v) => allOf(v).map((e) => e.patient)), ...[...gz, ...mixed].map((e) => e.patient)]);
  const heldout = carveDisjoint(kmAll.filter((e) => !excludedHeldout.has(e.patient)), [{ name: 'demo-heldout', spec: spec(DEMO_HELDOUT) }], DEMO_SEED + 1);
  return { gz, nihcc: of(nih.get('demo-nihcc')), mixed, heldout: of(heldout.get('demo-heldout')) };
}

/** Writes the sample (PNGs + manifest.csv) into `out`; returns the number of images per site. */
export async function writeDemoSample(out: string, data: { kermany: string; nih1000: string } = DEMO_SOURCES): Promise<Record<string, number>> {
  const carve = await demoCarve(data);
  await mkdir(out, { recursive: true });
  const rows = ['path,label,institution,patient,site'];
  const counts: Record<string, number> = {};
  for (const [site, institution] of [['gz', 'GUANGZHOU'], ['nihcc', 'NIHCC'], ['mixed', 'GUANGZHOU'], ['heldout', 'GUANGZHOU']] as const) {
    const entries = carve[site];
    const ds = await loadDataset(entries, { inputSize: 64, labelMap: REAL_LABEL_MAP, cacheDir: false });
    await mkdir(join(out, site), { recursive: true });
    for (const [i, s] of ds.samples.entries()) {
      const file = `${site}/${String(i).padStart(3, '0')}-${s.y === 1 ? 'd' : 'n'}.png`;
      const gray = fromVggInput(s.x);
      await writeFile(join(out, file), await sharp(Buffer.from(Uint8Array.from(gray, (v) => Math.max(0, Math.min(255, Math.round(v))))), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer());
      // Patient ids are replaced by opaque per-site indices: the split stays by patient, no source file name leaks.
      rows.push(`${file},${s.y === 1 ? (site === 'nihcc' ? 'ABNORMAL' : 'PNEUMONIA') : 'NORMAL'},${institution},${site}-${patientIndex(ds.samples, s.patient)},${site}`);
    }
    counts[site] = ds.samples.length;
  }
  await writeFile(join(out, 'manifest.csv'), `${rows.join('\n')}\n`);
  return counts;
}

/**
 * The committed pneumonia checkpoint's training and validation carve, re-made from the settings in its state.json
 * (its internal test, scored once when it was trained, may supply demo patients).
 */
async function committedCarve(kermany: string): Promise<{ train: { patient: string }[]; val: { patient: string }[] }> {
  const state = JSON.parse(await readFile(join(PRETRAINED_CHECKPOINT_DIR, 'state.json'), 'utf8')) as { options: Parameters<typeof withLegacyDefaults>[0] };
  const { test: _officialTest, ...settings } = withLegacyDefaults(state.options);
  return carvePretrainEntries({ ...settings, data: kermany, nTest: 0 });
}

const patientIds = new WeakMap<readonly unknown[], Map<string, number>>();
function patientIndex(samples: readonly { patient: string }[], patient: string): number {
  let m = patientIds.get(samples);
  if (!m) patientIds.set(samples, (m = new Map()));
  if (!m.has(patient)) m.set(patient, m.size);
  return m.get(patient) as number;
}
