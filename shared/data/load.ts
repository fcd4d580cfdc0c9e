/**
 * Manifest → Dataset: read each file, look it up in the preprocessed cache (content hash + config), else
 * decode → resize → equalise and store; normalise for VGG16. A file that cannot be used (missing, empty,
 * truncated, corrupt, unsupported, filtered) becomes a SkipRecord and the load goes on.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValueError, errorMessage } from '../domain/errors.js';
import { logger } from '../log.js';
import { PreprocessCache, cacheKey, defaultCacheDir } from './cache.js';
import { decodeImage } from './decode.js';
import type { ViewPosition } from './dicom.js';
import { DEFAULT_LABEL_MAP, mapLabel, readManifest, type LabelMap, type ManifestEntry } from './manifest.js';
import { equalizeGray, preprocessConfig, toVggInput, type Equalize, type PreprocessConfig } from './preprocess.js';
import { datasetWarnings, summarizeSkips, type Dataset, type Sample, type SkipRecord } from './sample.js';
import type { Split } from '../domain/kinds.js';

const log = logger('data.load');

/** A CSV manifest path, a class-folder root, or entries already read (e.g. carved by `carveBalanced`). */
export type ManifestSource = string | readonly ManifestEntry[];

/** Options of `loadDataset`. */
export interface LoadOptions {
  /** Keep only rows of this split (the manifest must have a split column). @default all rows */
  readonly split?: Split;
  /** Keep only rows of this institution. @default all */
  readonly institution?: string;
  /** @default 224 */
  readonly inputSize?: number;
  /** @default DEFAULT_LABEL_MAP */
  readonly labelMap?: LabelMap;
  /** Preprocessed-image cache directory; `false` disables caching. @default defaultCacheDir() */
  readonly cacheDir?: string | false;
  /** Shorthand for `equalize: 'clahe'`. @default false */
  readonly clahe?: boolean;
  /** @default 'none' (or 'clahe' when `clahe` is true) */
  readonly equalize?: Equalize;
  /** DICOM ViewPosition filter. @default keep all */
  readonly viewPositions?: readonly ViewPosition[];
  /** Files decoded at once. @default 4 */
  readonly concurrency?: number;
  /** Called after each file. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a load did, for reports and tests. */
export interface LoadStats {
  readonly files: number;
  /** Files handed to the decoder (cache misses and uncached loads, including ones that then failed). */
  readonly decoded: number;
  readonly cacheHits: number;
}

/** A loaded dataset plus load statistics. */
export interface LoadedDataset extends Dataset {
  readonly stats: LoadStats;
  readonly warnings: string[];
}

/** Decode + resize + equalise one file's bytes (no normalisation): the cached unit. */
async function preprocessFile(bytes: Uint8Array, cfg: PreprocessConfig, viewPositions?: readonly ViewPosition[]): Promise<Uint8Array> {
  const img = await decodeImage(bytes, { inputSize: cfg.inputSize, ...(viewPositions ? { viewPositions } : {}) });
  return equalizeGray(img.gray, cfg);
}

/** Loads a dataset. @example await loadDataset('site/manifest.csv', { split: 'train', inputSize: 224 }) */
export async function loadDataset(source: ManifestSource, opts: LoadOptions = {}): Promise<LoadedDataset> {
  const cfg = preprocessConfig({ inputSize: opts.inputSize ?? 224, equalize: opts.equalize ?? (opts.clahe ? 'clahe' : 'none') });
  const labelMap = opts.labelMap ?? DEFAULT_LABEL_MAP;
  let entries = typeof source === 'string' ? await readManifest(source) : [...source];
  if (opts.split) {
    if (entries.length > 0 && entries.every((e) => e.split === undefined)) {
      throw new ValueError(`split "${opts.split}" requested but the manifest has no split column; carve splits with splitByPatient/carveBalanced`, { field: 'split' });
    }
    entries = entries.filter((e) => e.split === opts.split);
  }
  if (opts.institution) entries = entries.filter((e) => e.institution === opts.institution);
  // Unknown labels are a configuration problem: fail before any decoding, naming the row.
  const labels = entries.map((e) => mapLabel(e.label, labelMap, e.where));
  const imageFolders = [...new Set(entries.map((e) => dirname(e.path)))];
  const cache = opts.cacheDir === false ? undefined : new PreprocessCache(opts.cacheDir ?? defaultCacheDir(), imageFolders);
  const keyConfig = { ...cfg, viewPositions: opts.viewPositions ?? null };
  const results: Array<Sample | SkipRecord> = new Array<Sample | SkipRecord>(entries.length);
  let decoded = 0;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < entries.length; i = next++) {
      const e = entries[i] as ManifestEntry;
      try {
        const bytes = await readFile(e.path).catch((err: unknown) => {
          throw new ValueError(`unreadable file: ${errorMessage(err)}`, { cause: err });
        });
        const key = cache ? cacheKey(bytes, keyConfig) : '';
        let gray = cache ? await cache.get(key, cfg.inputSize * cfg.inputSize) : undefined;
        if (!gray) {
          decoded++;
          gray = await preprocessFile(bytes, cfg, opts.viewPositions);
          if (cache) await cache.put(key, gray);
        }
        results[i] = { x: toVggInput(gray), y: labels[i] ?? 0, patient: e.patient };
      } catch (err) {
        // Any per-file failure is data, not a crash; unexpected error classes are named so they stand out.
        const reason = err instanceof ValueError ? err.message : `unexpected ${err instanceof Error ? err.name : 'error'}: ${errorMessage(err)}`;
        if (!(err instanceof ValueError)) log.warn({ file: e.path, err: errorMessage(err) }, 'unexpected error while loading a file');
        results[i] = { file: e.path, reason };
      }
      opts.onProgress?.(++done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  const samples = results.filter((r): r is Sample => 'x' in r);
  const skipped = results.filter((r): r is SkipRecord => 'reason' in r);
  const warnings = datasetWarnings(samples);
  const summary = summarizeSkips(skipped);
  if (summary.count > 0) warnings.push(summary.text);
  log.info({ files: entries.length, samples: samples.length, skipped: summary.count, cacheHits: cache?.hits ?? 0, decoded }, 'dataset loaded');
  for (const w of warnings) log.warn(w);
  const synthetic = entries.length > 0 && entries.every((e) => e.synthetic === true);
  return {
    samples, inputSize: cfg.inputSize, skipped, warnings,
    stats: { files: entries.length, decoded, cacheHits: cache?.hits ?? 0 },
    ...(synthetic ? { synthetic: true } : {}),
  };
}
