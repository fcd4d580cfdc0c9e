/**
 * `--data` for the training CLI: a CSV manifest, a class folder (NORMAL/, PNEUMONIA/, …) or
 * `phantom:SITE[:easy|default|hard][:N]` (N synthetic images per class, in memory). Manifests with a split
 * column keep their splits; otherwise splits are carved by patient, stratified and seeded.
 */
import { ConfigError } from '../domain/errors.js';
import { readManifest, mapLabel, DEFAULT_LABEL_MAP, type ManifestEntry } from '../data/manifest.js';
import { loadDataset } from '../data/load.js';
import { splitByPatient } from '../data/split.js';
import { phantomDataset, type Difficulty } from '../data/phantom.js';
import type { Sample, SkipRecord } from '../data/sample.js';
import type { Split } from '../domain/kinds.js';

/** Samples per split plus what a report must say about them. */
export interface SplitData {
  readonly train: Sample[];
  readonly val: Sample[];
  readonly test: Sample[];
  readonly synthetic: boolean;
  readonly skipped: SkipRecord[];
  /** How the splits were obtained (for reports). */
  readonly splitSource: 'manifest' | 'carved by patient';
}

/** Options of `loadSplitData`. */
export interface DataSpecOptions {
  readonly inputSize: number;
  readonly seed: number;
  /** Fraction of images for validation (and, when carved, for test) per class. @default 0.15 */
  readonly valSplit?: number;
  /** Fraction for test when carving. @default valSplit */
  readonly testSplit?: number;
}

/** Parsed `phantom:SITE[:difficulty][:N]`. */
export function parsePhantomSpec(spec: string): { site: string; difficulty: Difficulty; perClass: number } | null {
  if (!spec.startsWith('phantom:')) return null;
  const [, site, ...rest] = spec.split(':');
  if (!site) throw new ConfigError(`--data ${spec}: expected phantom:SITE[:easy|default|hard][:N]`);
  let difficulty: Difficulty = 'default';
  let perClass = 100;
  for (const r of rest) {
    if (r === 'easy' || r === 'default' || r === 'hard') difficulty = r;
    else if (/^\d+$/.test(r) && Number(r) > 0) perClass = Number(r);
    else throw new ConfigError(`--data ${spec}: unknown part "${r}" (expected easy|default|hard or a count)`);
  }
  return { site, difficulty, perClass };
}

/** Loads `--data` into train/val/test samples. */
export async function loadSplitData(spec: string, o: DataSpecOptions): Promise<SplitData> {
  const v = o.valSplit ?? 0.15;
  const t = o.testSplit ?? v;
  if (!(v >= 0 && t >= 0 && v + t < 1)) throw new ConfigError(`--val-split ${v} (+ test ${t}) must leave training data`);
  const fractions = { train: 1 - v - t, val: v, test: t };
  const phantom = parsePhantomSpec(spec);
  if (phantom) {
    const d = phantomDataset({
      site: phantom.site,
      nNormal: phantom.perClass,
      nDisease: phantom.perClass,
      inputSize: o.inputSize,
      seed: o.seed,
      difficulty: phantom.difficulty,
    });
    const s = splitByPatient(d.samples, fractions, o.seed);
    return { ...s, synthetic: true, skipped: [], splitSource: 'carved by patient' };
  }
  const entries = await readManifest(spec);
  const hasSplits = entries.length > 0 && entries.every((e) => e.split !== undefined);
  const groups: Record<Split, ManifestEntry[]> = hasSplits
    ? {
        train: entries.filter((e) => e.split === 'train'),
        val: entries.filter((e) => e.split === 'val'),
        test: entries.filter((e) => e.split === 'test'),
      }
    : splitByPatient(
        entries.map((e) => ({ ...e, y: mapLabel(e.label, DEFAULT_LABEL_MAP, e.where) })),
        fractions,
        o.seed,
      );
  const skipped: SkipRecord[] = [];
  const load = async (es: ManifestEntry[]): Promise<Sample[]> => {
    if (es.length === 0) return [];
    const d = await loadDataset(es, { inputSize: o.inputSize });
    skipped.push(...d.skipped);
    return d.samples;
  };
  return {
    train: await load(groups.train),
    val: await load(groups.val),
    test: await load(groups.test),
    synthetic: entries.length > 0 && entries.every((e) => e.synthetic === true),
    skipped,
    splitSource: hasSplits ? 'manifest' : 'carved by patient',
  };
}
