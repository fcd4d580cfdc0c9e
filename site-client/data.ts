/**
 * A site's local splits: phantom data (synthetic, for tests, simulation and the demo) split by patient
 * and stratified by class, seeded so every run of a simulation sees the same folds.
 */
import { phantomDataset, type Difficulty } from '../shared/data/phantom.js';
import type { Sample } from '../shared/data/sample.js';
import { ConfigError } from '../shared/domain/errors.js';
import { mulberry32Raw } from '../shared/domain/random.js';
import type { SiteData } from './executor.js';

/** Fractions of each class held out per split. */
export interface SplitOptions {
  /** @default 0.2 */
  readonly testFraction: number;
  /** @default 0 */
  readonly valFraction: number;
  readonly seed: number;
}

/**
 * Splits samples into train/val/test by patient, per class (so a one-class site stays one-class in
 * every split and a patient never straddles two splits). Rounds held-out counts to nearest, ≥ 0.
 */
export function splitSamples(samples: readonly Sample[], o: SplitOptions): { train: Sample[]; val: Sample[]; test: Sample[] } {
  if (!(o.testFraction >= 0 && o.valFraction >= 0 && o.testFraction + o.valFraction < 1)) {
    throw new ConfigError(`test + val fractions must be in [0, 1), got ${o.testFraction} + ${o.valFraction}`);
  }
  const out = { train: [] as Sample[], val: [] as Sample[], test: [] as Sample[] };
  for (const label of [0, 1] as const) {
    const byPatient = new Map<string, Sample[]>();
    for (const s of samples) if (s.y === label) byPatient.set(s.patient, [...(byPatient.get(s.patient) ?? []), s]);
    const patients = [...byPatient.keys()].sort();
    const rand = mulberry32Raw(o.seed * 31 + label);
    for (let i = patients.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [patients[i], patients[j]] = [patients[j] as string, patients[i] as string];
    }
    const nTest = Math.round(patients.length * o.testFraction);
    const nVal = Math.round(patients.length * o.valFraction);
    patients.forEach((p, i) => {
      const dst = i < nTest ? out.test : i < nTest + nVal ? out.val : out.train;
      dst.push(...(byPatient.get(p) ?? []));
    });
  }
  return out;
}

/** Phantom site options (counts per class over all splits). */
export interface PhantomSiteOptions extends SplitOptions {
  readonly site: string;
  readonly nNormal: number;
  readonly nDisease: number;
  readonly inputSize: number;
  /** @default 'default' */
  readonly difficulty?: Difficulty;
}

/** A synthetic site: phantom images with the site's domain shift, split by patient. */
export function phantomSiteData(o: PhantomSiteOptions): SiteData {
  const ds = phantomDataset({
    site: o.site,
    nNormal: o.nNormal,
    nDisease: o.nDisease,
    inputSize: o.inputSize,
    seed: o.seed,
    difficulty: o.difficulty ?? 'default',
  });
  return { ...splitSamples(ds.samples, o), inputSize: ds.inputSize };
}

/** The `data` block of site.yaml / sim.yaml (see shared/config/site.ts). */
export interface SiteDataConfig {
  readonly manifest?: string | undefined;
  readonly phantom?: { nNormal: number; nDisease: number; seed: number; difficulty: Difficulty } | undefined;
  readonly inputSize: number;
  readonly testFraction: number;
  readonly valFraction: number;
  readonly seed: number;
}

/**
 * Loads a site's splits: phantoms, or a manifest — using its split column when it has one, else
 * splitting by patient with the configured fractions. Skipped files are reported by the loader.
 */
export async function loadSiteData(site: string, c: SiteDataConfig, cacheDir?: string): Promise<SiteData> {
  if (c.phantom) {
    return phantomSiteData({ site, ...c.phantom, inputSize: c.inputSize, testFraction: c.testFraction, valFraction: c.valFraction });
  }
  if (!c.manifest) throw new ConfigError(`site ${site}: data needs a manifest or a phantom block`);
  const { loadDataset } = await import('../shared/data/load.js');
  const opts = { inputSize: c.inputSize, ...(cacheDir ? { cacheDir } : {}) };
  try {
    const [train, val, test] = await Promise.all(
      (['train', 'val', 'test'] as const).map(async (split) => (await loadDataset(c.manifest as string, { ...opts, split })).samples),
    );
    return { train: train ?? [], val: val ?? [], test: test ?? [], inputSize: c.inputSize };
  } catch (err) {
    if (!(err instanceof Error && /no split column/.test(err.message))) throw err;
  }
  const all = await loadDataset(c.manifest, opts);
  return { ...splitSamples(all.samples, c), inputSize: c.inputSize };
}
