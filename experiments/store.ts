/**
 * The report folder's cell store: each finished cell is one JSON file under `cells/`, written atomically, and
 * never recomputed; pretrained inits are tensor files under `inits/`. Killing a run loses at most the cell
 * in progress.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { IntegrityError } from '../shared/domain/errors.js';
import { writeFileAtomic } from '../shared/train/report.js';

/** The text of a file, or null when it does not exist (any other error is thrown). */
export async function readTextIfThere(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A file-safe form of a cell key. */
export function cellFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
}

/** Finished cells of one report folder. */
export class CellStore {
  constructor(readonly dir: string) {}

  /** The stored result of `key`, or null when the cell has not finished. */
  async get<T>(key: string): Promise<T | null> {
    const text = await readTextIfThere(join(this.dir, 'cells', cellFileName(key)));
    if (text === null) return null;
    const raw = JSON.parse(text) as { key: string; value: T };
    if (raw.key !== key) throw new IntegrityError(`cell file ${cellFileName(key)} holds ${raw.key}, not ${key}`);
    return raw.value;
  }

  /** Stores a finished cell atomically. */
  async put(key: string, value: unknown): Promise<void> {
    await mkdir(join(this.dir, 'cells'), { recursive: true });
    await writeFileAtomic(join(this.dir, 'cells', cellFileName(key)), JSON.stringify({ key, value }));
  }

  /** Saves a tensor set as `inits/NAME.json` (names, shapes) + `inits/NAME.bin` (float32). */
  async putTensors(name: string, set: TensorSet): Promise<void> {
    await mkdir(join(this.dir, 'inits'), { recursive: true });
    const total = set.reduce((n, t) => n + t.data.length, 0);
    const bin = new Float32Array(total);
    let off = 0;
    for (const t of set) {
      bin.set(t.data, off);
      off += t.data.length;
    }
    await writeFileAtomic(join(this.dir, 'inits', `${name}.bin`), new Uint8Array(bin.buffer));
    await writeFileAtomic(join(this.dir, 'inits', `${name}.json`), JSON.stringify(set.map((t) => ({ name: t.name, shape: t.shape }))));
  }

  /** Loads a tensor set saved by `putTensors`, or null when absent. */
  async getTensors(name: string): Promise<TensorSet | null> {
    const text = await readTextIfThere(join(this.dir, 'inits', `${name}.json`));
    if (text === null) return null;
    const meta = JSON.parse(text) as { name: string; shape: number[] }[];
    const buf = await readFile(join(this.dir, 'inits', `${name}.bin`));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    let off = 0;
    const set = meta.map((m) => {
      const n = m.shape.reduce((a, d) => a * d, 1);
      const data = all.slice(off, off + n);
      off += n;
      return { name: m.name, shape: m.shape, data };
    });
    if (off !== all.length) throw new IntegrityError(`inits/${name}.bin has ${all.length} values, its index ${off}`);
    return set;
  }
}
