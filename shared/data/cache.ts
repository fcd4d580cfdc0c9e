/**
 * Disk cache of preprocessed images, keyed by SHA-256 of the file content + the preprocessing config, so a
 * renamed file still hits and a changed config (size, CLAHE, …) misses. Entries are the final 8-bit gray image
 * (VGG normalisation is recomputed: it is cheap and 12× smaller on disk). Writes are atomic (temp + rename).
 * The cache never lives inside a folder of the images it caches: image folders are often read-only mounts of
 * an institution's export, and derived files there would mix with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { ConfigError } from '../domain/errors.js';

// Bump when the decode/preprocess code changes what it produces for the same config.
const CACHE_FORMAT = 2; // 2: DICOM reader rewrite (colour layouts, LUT sequences) and one Rec. 601 luma for colour
const MAGIC = 0x46435852; // "FCXR"

/** The cache directory: `$FEDCXR_CACHE`, else `~/.cache/fedcxr`, with a `preprocessed/` sub-folder. */
export function defaultCacheDir(): string {
  return join(process.env.FEDCXR_CACHE ?? join(homedir(), '.cache', 'fedcxr'), 'preprocessed');
}

/** Throws ConfigError if `dir` is one of `dataRoots` (image folders) or inside one: fedcxr only reads those. */
export function assertCacheDirAllowed(dir: string, dataRoots: readonly string[]): void {
  const abs = resolve(dir);
  for (const root of dataRoots.map((r) => resolve(r))) {
    if (abs === root || abs.startsWith(root + sep)) throw new ConfigError(`cache directory ${abs} is inside the data folder ${root}, which fedcxr only reads; choose another --cache-dir`);
  }
}

/** SHA-256 hex of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Cache key of one file's content under one preprocessing config (any JSON-serialisable description). */
export function cacheKey(content: Uint8Array, config: object): string {
  const cfg = JSON.stringify({ format: CACHE_FORMAT, ...config }, Object.keys({ format: 0, ...config }).sort());
  return sha256(`${sha256(content)}|${cfg}`);
}

/** A preprocessed-image store on disk. */
export class PreprocessCache {
  /** Entries read from disk. */
  hits = 0;
  /** Lookups that found nothing usable. */
  misses = 0;

  /** @param dataRoots the folders holding the images this cache serves; the cache may not live inside them. */
  constructor(readonly dir: string, dataRoots: readonly string[] = []) {
    assertCacheDirAllowed(dir, dataRoots);
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.gray`);
  }

  /** The cached gray image for `key`, or undefined (a damaged entry counts as a miss and is overwritten later). */
  async get(key: string, expectedPixels: number): Promise<Uint8Array | undefined> {
    const buf = await readFile(this.pathOf(key)).catch(() => undefined);
    if (!buf || buf.length !== 8 + expectedPixels || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== expectedPixels) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return new Uint8Array(buf.buffer, buf.byteOffset + 8, expectedPixels);
  }

  /** Stores a gray image atomically. */
  async put(key: string, gray: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const head = Buffer.alloc(8);
    head.writeUInt32LE(MAGIC, 0);
    head.writeUInt32LE(gray.length, 4);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, Buffer.concat([head, gray]));
    await rename(tmp, path);
  }
}
