/**
 * Atomic checkpoint publication: write into a temp dir next to the target, fsync, rename to a NEW name
 * (never over an existing directory), fsync the parent, then switch the `LATEST` pointer file with its
 * own temp + rename. A crash at any point leaves either the old or the new checkpoint fully visible.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, IntegrityError, errorMessage } from '../domain/errors.js';
import { fsyncPath, saveCheckpoint, type Checkpoint, type SaveOptions } from './checkpoint.js';

/** Name of the pointer file in a checkpoint parent directory. */
export const LATEST_FILE = 'LATEST';

/** Checkpoint names: one path segment, no hidden/temp names. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Options of `saveCheckpointAtomic`. */
export interface AtomicSaveOptions extends SaveOptions {
  /** Point `LATEST` at the new checkpoint. @default true */
  updateLatest?: boolean;
}

/**
 * Saves `ckpt` as `parentDir/name` atomically and (by default) points `parentDir/LATEST` at it.
 * Throws ConfigError if `name` is invalid or already exists: a published checkpoint is never replaced.
 * Returns the final directory path.
 * @example const dir = await saveCheckpointAtomic('runs/r1/checkpoints', 'round-0007', ckpt);
 */
export async function saveCheckpointAtomic(
  parentDir: string,
  name: string,
  ckpt: Checkpoint,
  opts: AtomicSaveOptions = {},
): Promise<string> {
  assertName(name);
  const finalDir = join(parentDir, name);
  if (await exists(finalDir)) throw new ConfigError(`checkpoint ${finalDir} already exists; refusing to replace it`);
  const tmpDir = join(parentDir, `.tmp-${name}-${randomBytes(6).toString('hex')}`);
  try {
    await saveCheckpoint(tmpDir, ckpt, opts);
    // Re-check just before the rename: rename(2) replaces an EMPTY directory silently.
    if (await exists(finalDir)) throw new ConfigError(`checkpoint ${finalDir} already exists; refusing to replace it`);
    await rename(tmpDir, finalDir);
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    // A concurrent writer won the race between our check and rename: rename(2) refuses a non-empty target.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new ConfigError(`checkpoint ${finalDir} already exists; refusing to replace it`, { cause: err });
    }
    throw err;
  }
  await fsyncPath(parentDir);
  if (opts.updateLatest ?? true) await setLatest(parentDir, name);
  return finalDir;
}

/** Atomically points `parentDir/LATEST` at the checkpoint `name` (which must exist). */
export async function setLatest(parentDir: string, name: string): Promise<void> {
  assertName(name);
  if (!(await exists(join(parentDir, name)))) throw new ConfigError(`cannot point LATEST at missing checkpoint ${name}`);
  const tmp = join(parentDir, `.tmp-${LATEST_FILE}-${randomBytes(6).toString('hex')}`);
  const fh = await open(tmp, 'wx');
  try {
    try {
      await fh.writeFile(`${name}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(parentDir, LATEST_FILE));
  } catch (err) {
    // A full disk must not leave temp files behind: LATEST keeps its old target.
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(parentDir);
}

/**
 * The directory `parentDir/LATEST` points at, or null when there is no LATEST yet.
 * Throws IntegrityError when LATEST is malformed or points at a missing directory.
 */
export async function resolveLatest(parentDir: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(join(parentDir, LATEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new IntegrityError(`cannot read ${join(parentDir, LATEST_FILE)}: ${errorMessage(err)}`, { cause: err });
  }
  const name = text.trim();
  if (!NAME_RE.test(name)) throw new IntegrityError(`${join(parentDir, LATEST_FILE)} holds an invalid name '${name}'`);
  const dir = join(parentDir, name);
  if (!(await exists(dir))) throw new IntegrityError(`${join(parentDir, LATEST_FILE)} points at missing checkpoint ${dir}`);
  return dir;
}

/** Options of `removeStaleTemps`. */
export interface StaleTempOptions {
  /** Only remove temp entries older than this (a concurrent writer may still own younger ones). @default 3_600_000 */
  olderThanMs?: number;
}

/**
 * Removes `.tmp-*` leftovers of crashed saves in `parentDir` (call at start-up, e.g. before `--resume`).
 * Returns the names removed. Published checkpoints and LATEST are never touched.
 */
export async function removeStaleTemps(parentDir: string, opts: StaleTempOptions = {}): Promise<string[]> {
  const cutoff = Date.now() - (opts.olderThanMs ?? 3_600_000);
  let names: string[];
  try {
    names = await readdir(parentDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => n.startsWith('.tmp-'))) {
    const path = join(parentDir, name);
    const st = await stat(path).catch(() => null);
    if (!st || st.mtimeMs > cutoff) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Throws ConfigError unless `name` is a safe single path segment. */
function assertName(name: string): void {
  if (!NAME_RE.test(name) || name === LATEST_FILE) {
    throw new ConfigError(`invalid checkpoint name '${name}': use letters, digits, '.', '_' or '-', not starting with '.'`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
