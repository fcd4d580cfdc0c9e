/**
 * The experiment's sites and pretraining sets. `real`: gz = Kermany pneumonia only, nihcc = nih1000 normals
 * only, mixed = Kermany both classes (study size and a scaled variant), plus the pneumonia-init carve (Kermany)
 * and the related-task carve (nih1000 normal vs abnormal) — all patient-disjoint. `paper`: the study's three
 * institutions as synthetic phantoms (KM, NIHCC, NIOSH), always labelled SYNTHETIC.
 */
import { access } from 'node:fs/promises';
import { loadDataset } from '../shared/data/load.js';
import { mapLabel, readManifest, type LabelMap, type ManifestEntry } from '../shared/data/manifest.js';
import type { Sample } from '../shared/data/sample.js';
import { ConfigError, UnavailableError } from '../shared/domain/errors.js';
import { phantomSiteData, splitSamples } from '../site-client/data.js';
import type { SiteData } from '../site-client/executor.js';
import { allOf, carveDisjoint, type CarveRequest } from './carve.js';
import type { Splits } from '../shared/data/split.js';
import type { ExperimentConfig } from './config.js';

/** Labels of both real datasets: nih1000's ABNORMAL counts as disease. */
export const REAL_LABEL_MAP: LabelMap = { NORMAL: 0, PNEUMONIA: 1, ABNORMAL: 1 };

/** What a site is in the study's design. */
export type SiteRole = 'disease-only' | 'normal-only' | 'mixed';

/** One site of an experiment. */
export interface ExpSite {
  readonly id: string;
  readonly role: SiteRole;
  /** The institution the images come from (gz and mixed are both Guangzhou). */
  readonly institution: string;
  readonly data: SiteData;
}

/** Sites at one size, plus the pretraining sets the runner may need. */
export interface SiteSets {
  readonly synthetic: boolean;
  readonly bySize: ReadonlyMap<'study' | 'scaled', readonly ExpSite[]>;
  /** Pretraining sets (train + val), patient-disjoint from every site: 'pneumonia' (Kermany) and 'related' (nih1000). */
  readonly pretrain: ReadonlyMap<'pneumonia' | 'related', { train: Sample[]; val: Sample[] }>;
  /** The tuning carve: the mixed institution's images (both classes) that no site, fold or pretraining set holds; validation only. */
  readonly tune: readonly Sample[];
  /** The held-out carve (`holdout`): the mixed institution's images in no other carve; scored only, never chosen on. */
  readonly holdout: readonly Sample[];
  /** Image counts per carve, for the report. */
  readonly carveCounts: Record<string, number>;
}

export type Entry = ManifestEntry & { readonly y: 0 | 1 };

/** Manifest entries of either real dataset with their label as 0 (normal) / 1 (disease), as the carves need them. */
export const withY = (es: readonly ManifestEntry[]): Entry[] => es.map((e) => ({ ...e, y: mapLabel(e.label, REAL_LABEL_MAP, e.where) }));
const spec = (c: { normal: number; disease: number }) => ({ train: { 0: c.normal, 1: c.disease } });

/** The carve requests of the real preset, per dataset, in carving order (sites first, pretraining last). */
export function realCarveRequests(c: ExperimentConfig): { kermany: CarveRequest[]; nih: CarveRequest[] } {
  const pre = (p: { perClass: number; valPerClass: number }) => ({ train: { 0: p.perClass, 1: p.perClass }, val: { 0: p.valPerClass, 1: p.valPerClass } });
  return {
    kermany: [
      { name: 'gz', spec: spec(c.sizes.gz) },
      { name: 'mixed', spec: spec(c.sizes.mixed) },
      ...(c.sizes.mixedScaled ? [{ name: 'mixedScaled', spec: spec(c.sizes.mixedScaled) }] : []),
      { name: 'pretrain-pneumonia', spec: pre(c.pretrain.pneumonia) },
      { name: 'tune', spec: { train: { 0: c.tune.perClass, 1: c.tune.perClass } } },
      // Last, so adding it leaves every earlier carve as it was.
      ...(c.holdout.perClass > 0 ? [{ name: 'holdout', spec: { train: { 0: c.holdout.perClass, 1: c.holdout.perClass } } }] : []),
    ],
    nih: [
      { name: 'nihcc', spec: spec(c.sizes.nihcc) },
      { name: 'pretrain-related', spec: pre(c.pretrain.related) },
    ],
  };
}

/** Whether both real datasets are present (tests skip with a message when not). */
export async function realDataPresent(c: Pick<ExperimentConfig, 'data'>): Promise<boolean> {
  try {
    await access(c.data.kermany);
    await access(c.data.nih1000);
    return true;
  } catch {
    return false;
  }
}

async function load(entries: readonly ManifestEntry[], inputSize: number): Promise<Sample[]> {
  if (entries.length === 0) return [];
  return (await loadDataset(entries, { inputSize, labelMap: REAL_LABEL_MAP })).samples;
}

/**
 * The real preset's carves of each source's manifest, by carve name (sites, pretraining sets, tuning, held-out),
 * exactly as the runner makes them: what anything that must avoid a carve's patients (the demo sample) re-makes.
 */
export async function realCarves(c: ExperimentConfig): Promise<{ kermany: Map<string, Splits<Entry>>; nih: Map<string, Splits<Entry>> }> {
  const req = realCarveRequests(c);
  const carve = async (path: string, requests: readonly CarveRequest[], seed: number) => {
    try {
      return carveDisjoint(withY(await readManifest(path)), requests, seed);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // Whole patients only, so some run seeds cannot fill every request of a near-exhausted source.
      throw new ConfigError(`${path} (train.seed ${c.train.seed}): ${err.message} — try another train.seed, or ask for fewer images`, { cause: err });
    }
  };
  return { kermany: await carve(c.data.kermany, req.kermany, c.train.seed), nih: await carve(c.data.nih1000, req.nih, c.train.seed + 1) };
}

/** Loads and carves the real sites and pretraining sets. */
export async function realSites(c: ExperimentConfig): Promise<SiteSets> {
  if (!(await realDataPresent(c))) throw new UnavailableError(`real data not found at ${c.data.kermany} and ${c.data.nih1000} (run from the repository root, or set data paths in the config)`);
  const seed = c.train.seed;
  const { kermany: km, nih } = await realCarves(c);
  const get = (m: typeof km, name: string) => {
    const s = m.get(name);
    if (!s) throw new ConfigError(`carve ${name} missing`);
    return s;
  };
  const split = { testFraction: c.split.test, valFraction: c.split.val, seed };
  const site = async (id: string, role: SiteRole, institution: string, entries: Entry[]): Promise<ExpSite> => ({
    id,
    role,
    institution,
    data: { ...splitSamples(await load(entries, c.inputSize), split), inputSize: c.inputSize },
  });
  const gz = await site('gz', 'disease-only', 'guangzhou', allOf(get(km, 'gz')));
  const nihcc = await site('nihcc', 'normal-only', 'nihcc', allOf(get(nih, 'nihcc')));
  const bySize = new Map<'study' | 'scaled', ExpSite[]>([['study', [gz, nihcc, await site('mixed', 'mixed', 'guangzhou', allOf(get(km, 'mixed')))]]]);
  if (c.sizes.mixedScaled) bySize.set('scaled', [gz, nihcc, await site('mixed', 'mixed', 'guangzhou', allOf(get(km, 'mixedScaled')))]);
  const pre = async (s: ReturnType<typeof get>) => ({ train: await load(s.train, c.inputSize), val: await load(s.val, c.inputSize) });
  const carveCounts: Record<string, number> = {};
  for (const [k, v] of [...km, ...nih]) carveCounts[k] = allOf(v).length;
  return {
    synthetic: false,
    bySize,
    pretrain: new Map([
      ['pneumonia', await pre(get(km, 'pretrain-pneumonia'))],
      ['related', await pre(get(nih, 'pretrain-related'))],
    ]),
    tune: await load(allOf(get(km, 'tune')), c.inputSize),
    holdout: c.holdout.perClass > 0 ? await load(allOf(get(km, 'holdout')), c.inputSize) : [],
    carveCounts,
  };
}

/** The study's three institutions as synthetic phantoms (KM disease-only, NIHCC normal-only, NIOSH mixed). */
export function paperSites(c: ExperimentConfig): SiteSets {
  const mk = (id: string, role: SiteRole, n: { normal: number; disease: number }, i: number): ExpSite => ({
    id,
    role,
    institution: id,
    data: phantomSiteData({ site: id, nNormal: n.normal, nDisease: n.disease, inputSize: c.inputSize, seed: c.train.seed + i, testFraction: c.split.test, valFraction: c.split.val, difficulty: 'moderate' }),
  });
  const sites = [mk('km', 'disease-only', c.sizes.gz, 0), mk('nihcc', 'normal-only', c.sizes.nihcc, 1), mk('niosh', 'mixed', c.sizes.mixed, 2)];
  const bySize = new Map<'study' | 'scaled', ExpSite[]>([['study', sites]]);
  if (c.sizes.mixedScaled) bySize.set('scaled', [sites[0] as ExpSite, sites[1] as ExpSite, mk('niosh', 'mixed', c.sizes.mixedScaled, 3)]);
  const carveCounts: Record<string, number> = {};
  for (const s of sites) carveCounts[s.id] = s.data.train.length + s.data.val.length + s.data.test.length;
  // The tuning and held-out carves: more NIOSH-style phantoms from other seeds, patients renamed so no id is shared.
  const extra = (name: string, perClass: number, seedOffset: number) =>
    phantomSiteData({ site: 'niosh', nNormal: perClass, nDisease: perClass, inputSize: c.inputSize, seed: c.train.seed + seedOffset, testFraction: 0, valFraction: 0, difficulty: 'moderate' }).train.map((x) => ({ ...x, patient: `${name}-${x.patient}` }));
  const tune = extra('tune', c.tune.perClass, 97);
  carveCounts.tune = tune.length;
  const holdout = c.holdout.perClass > 0 ? extra('holdout', c.holdout.perClass, 98) : [];
  if (holdout.length > 0) carveCounts.holdout = holdout.length;
  return { synthetic: true, bySize, pretrain: new Map(), tune, holdout, carveCounts };
}

/** The experiment's sites (real or phantom). */
export async function loadSites(c: ExperimentConfig): Promise<SiteSets> {
  return c.kind === 'real' ? realSites(c) : paperSites(c);
}
