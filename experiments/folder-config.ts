/**
 * A report folder belongs to one experiment config. Cells are reused by key alone, so rerunning into a folder
 * with another config (other rounds, sizes, --quick …) or another `--external` set would silently mix old cells
 * into a new report; this refuses it, naming what differs. Only the comparison's seeds may change: new seeds are
 * new cells and seeds already run keep their splits (`repeatedRotation`), which is how `--seeds N` extends a
 * finished run.
 */
import { join } from 'node:path';
import { ConfigError } from '../shared/domain/errors.js';
import { writeFileAtomic } from '../shared/train/report.js';
import { parseExperiment, type ExperimentConfig } from './config.js';
import { readTextIfThere } from './store.js';

/** Records what `checkFolderConfig` compares a rerun against: the config and the `--external` option. */
export async function writeFolderConfig(dir: string, cfg: ExperimentConfig, external: string | null = null): Promise<void> {
  await writeFileAtomic(join(dir, 'config.json'), JSON.stringify(cfg, null, 2));
  await writeFileAtomic(join(dir, 'external.json'), JSON.stringify({ external }));
}

/** Config paths a rerun may change without invalidating the folder's cells. */
const EXTENSIBLE = ['federated.seeds'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Where two JSON values differ, as `path: old → new`, in key order; paths in `ignore` (and below them) skipped.
 * @example jsonDifferences({ a: { b: 1 } }, { a: { b: 2 } }) // ['a.b: 1 → 2']
 */
export function jsonDifferences(a: unknown, b: unknown, ignore: readonly string[] = [], path = ''): string[] {
  if (ignore.includes(path)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => jsonDifferences(a[k], b[k], ignore, path === '' ? k : `${path}.${k}`));
  }
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa === sb ? [] : [`${path || '(root)'}: ${sa ?? 'absent'} → ${sb ?? 'absent'}`];
}

/**
 * Throws a ConfigError when `dir` already holds a run of a config that differs from `cfg` beyond its seeds, or
 * one scored on another `--external` set (`external`: the option as given, null without it).
 */
export async function checkFolderConfig(dir: string, cfg: ExperimentConfig, external: string | null = null): Promise<void> {
  const stored = await readFolderConfig(dir);
  if (stored === null) return;
  const recorded = await readTextIfThere(join(dir, 'external.json'));
  // Folders written before external.json existed record no --external; their config check still applies.
  const before = recorded === null ? null : (JSON.parse(recorded) as { external: string | null });
  if (before !== null && before.external !== external) {
    throw new ConfigError(`${dir} holds cells scored with --external ${before.external ?? '(none: the held-out carve)'}, not ${external ?? '(none: the held-out carve)'}; use another --out, or delete ${dir} to start over`);
  }
  const diffs = jsonDifferences(stored, cfg, EXTENSIBLE);
  if (diffs.length === 0) return;
  const shown = diffs.slice(0, 4).join('; ') + (diffs.length > 4 ? `; and ${diffs.length - 4} more` : '');
  throw new ConfigError(`${dir} holds cells of another experiment config (${shown}); its cells would be reused as if they were this one's: use another --out, or delete ${dir} to start over`);
}

/**
 * The experiment config a report folder was run with, or null when it holds none. Parsed, so a folder written
 * before a field existed reads with that field's default; throws ConfigError when config.json is not one.
 */
export async function readFolderConfig(dir: string): Promise<ExperimentConfig | null> {
  const raw = await readTextIfThere(join(dir, 'config.json'));
  if (raw === null) return null;
  try {
    return parseExperiment(JSON.parse(raw));
  } catch (err) {
    throw new ConfigError(`${join(dir, 'config.json')} is not an experiment config (${(err as Error).message}); use another --out`, { cause: err });
  }
}
