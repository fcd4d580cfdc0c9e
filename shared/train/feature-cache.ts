/**
 * Frozen-trunk feature cache. At unfreeze level L the layers below L never change during a run, so their
 * output for an image is computed once and training runs only the trainable top on the cached activations.
 *
 * Key = SHA-256(trunk hash, level, preprocessing key, sample content hash). The sample's content hash is
 * over its preprocessed pixels, so it already covers the preprocessing config; `preprocessKey` is kept in
 * the key anyway so disk entries from different pipelines never collide by accident.
 *
 * Augmentation policy: the cache is used only when augmentation is OFF. With augmentation every epoch sees
 * a new view of each image, so a cached activation would be wrong; the trainer then runs the full model.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import type { Sample } from '../data/sample.js';
import { logger } from '../log.js';
import { forwardRows } from './forward.js';
import type { UnfreezeLevel } from '../domain/levels.js';

const log = logger('train.feature-cache');

/** Options of a FeatureCache. */
export interface FeatureCacheOptions {
  /** Largest total size of in-memory activations; beyond it the trainer falls back to the full model. @default 2 GiB */
  maxBytes?: number;
  /** Directory for a persistent copy of the activations (one `.f32` file per key). @default none (memory only) */
  dir?: string;
  /** Identifies the preprocessing pipeline (input size, CLAHE, …). @default '' */
  preprocessKey?: string;
}

/** Counters of one `features` call. */
export interface FillStats {
  /** Activations computed by running the frozen trunk. */
  readonly computed: number;
  /** Activations found in memory. */
  readonly memoryHits: number;
  /** Activations read from disk. */
  readonly diskHits: number;
  readonly seconds: number;
}

const contentHashes = new WeakMap<Float32Array, string>();

/** SHA-256 of a sample's preprocessed pixels (memoised per array). */
export function sampleContentHash(x: Float32Array): string {
  let h = contentHashes.get(x);
  if (!h) {
    h = createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex');
    contentHashes.set(x, h);
  }
  return h;
}

/** In-memory (optionally disk-backed) store of frozen-trunk activations. */
export class FeatureCache {
  private readonly entries = new Map<string, Float32Array>();
  private bytes = 0;
  readonly maxBytes: number;
  readonly dir: string | undefined;
  readonly preprocessKey: string;

  constructor(opts: FeatureCacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 2 * 1024 ** 3;
    this.dir = opts.dir;
    this.preprocessKey = opts.preprocessKey ?? '';
  }

  /** Number of activations held in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes of activations held in memory. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** The cache key of one sample's activation at a trunk and level. */
  key(trunkHash: string, level: UnfreezeLevel, x: Float32Array): string {
    return createHash('sha256')
      .update(`fedcxr-features-v1\0${trunkHash}\0${level}\0${this.preprocessKey}\0${sampleContentHash(x)}`)
      .digest('hex');
  }

  /** Whether `count` activations of `featureSize` floats fit in the memory budget next to what is held. */
  fits(count: number, featureSize: number): boolean {
    return this.bytes + count * featureSize * 4 <= this.maxBytes;
  }

  /**
   * Activations of `frozen` for every sample, computing only the missing ones (in batches) and storing
   * them. `trunkHash` must identify the frozen weights (hashTensorSet of frozenTensorSet(model, level)).
   */
  async features(
    frozen: tf.LayersModel,
    trunkHash: string,
    level: UnfreezeLevel,
    samples: readonly Sample[],
    opts: { batchSize?: number; featureShape: readonly number[] },
  ): Promise<{ features: Float32Array[]; stats: FillStats }> {
    const t0 = performance.now();
    const keys = samples.map((s) => this.key(trunkHash, level, s.x));
    const out = new Array<Float32Array | undefined>(samples.length);
    let memoryHits = 0;
    let diskHits = 0;
    const missing: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      const hit = this.entries.get(keys[i] as string);
      if (hit) {
        out[i] = hit;
        memoryHits++;
        continue;
      }
      const fromDisk = this.dir ? await this.readDisk(keys[i] as string) : undefined;
      if (fromDisk) {
        out[i] = fromDisk;
        this.store(keys[i] as string, fromDisk);
        diskHits++;
      } else missing.push(i);
    }
    if (missing.length > 0) {
      const size = samples[0]?.x.length ?? 0;
      const side = Math.round(Math.sqrt(size / 3));
      const computed = this.computeRows(frozen, missing.map((i) => (samples[i] as Sample).x), side, opts);
      for (let k = 0; k < missing.length; k++) {
        const i = missing[k] as number;
        const f = computed[k] as Float32Array;
        out[i] = f;
        this.store(keys[i] as string, f);
        if (this.dir) await this.writeDisk(keys[i] as string, f);
      }
    }
    const stats = { computed: missing.length, memoryHits, diskHits, seconds: (performance.now() - t0) / 1000 };
    log.debug({ level, ...stats }, 'feature cache filled');
    return { features: out as Float32Array[], stats };
  }

  /** Drops every in-memory activation. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private computeRows(
    frozen: tf.LayersModel,
    xs: Float32Array[],
    side: number,
    opts: { batchSize?: number; featureShape: readonly number[] },
  ): Float32Array[] {
    const featureSize = opts.featureShape.reduce((a, d) => a * d, 1);
    const flat = forwardRows(frozen, xs, [side, side, 3], featureSize, opts.batchSize ?? 32);
    return Array.from({ length: xs.length }, (_, i) => flat.slice(i * featureSize, (i + 1) * featureSize));
  }

  private store(key: string, f: Float32Array): void {
    if (!this.entries.has(key)) this.bytes += f.byteLength;
    this.entries.set(key, f);
  }

  private async readDisk(key: string): Promise<Float32Array | undefined> {
    try {
      const buf = await readFile(join(this.dir as string, `${key}.f32`));
      return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    } catch {
      return undefined;
    }
  }

  private async writeDisk(key: string, f: Float32Array): Promise<void> {
    const dir = this.dir as string;
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${key}.${process.pid}.tmp`);
    await writeFile(tmp, new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
    await rename(tmp, join(dir, `${key}.f32`));
  }
}
