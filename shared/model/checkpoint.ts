/**
 * Checkpoints: the whole model (config + every tensor + level + provenance) as a directory holding
 * `manifest.json` and one `weights.bin`. Every tensor's stored bytes carry a SHA-256; loading verifies
 * sizes, hashes, shapes and (by default) the architecture, and names the bad tensor on failure.
 * Atomic publication (temp dir → fsync → rename → LATEST pointer) lives in `checkpoint-atomic.ts`.
 */
import { mkdir, open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, IntegrityError, errorMessage } from '../domain/errors.js';
import { ModelConfigSchema, type ModelConfig } from './config.js';
import { fromFloat16, toFloat16 } from './float16.js';
import { hashTensorSet, sha256Hex } from './hash.js';
import { sizeOf, type NamedTensor, type TensorSet, type WireDType } from '../domain/tensor-set.js';
import { modelWeightSpecs } from './vgg16.js';
import { UNFREEZE_LEVELS, type UnfreezeLevel } from '../domain/levels.js';

/** Where a checkpoint came from. */
export interface Provenance {
  /** ISO-8601 creation time. */
  readonly createdAt: string;
  /** What produced it, e.g. `import:vgg16_notop.h5`, `pretrain:kermany`, `run:abc/round:7`. */
  readonly source: string;
  readonly notes?: string;
  /** tensorSetHash of the checkpoint this one was derived from, if any. */
  readonly parentHash?: string;
}

/** A whole model in memory: architecture, values, level it was trained at, provenance. */
export interface Checkpoint {
  readonly config: ModelConfig;
  readonly tensors: TensorSet;
  readonly level?: UnfreezeLevel;
  readonly provenance: Provenance;
}

/** Options of `saveCheckpoint`. */
export interface SaveOptions {
  /** Storage dtype of weights.bin. @default 'float32' */
  dtype?: WireDType;
  /**
   * `hashTensorSet(ckpt.tensors)` when the caller already computed it (the coordinator hashes each new global once,
   * for the ledger), so the same bytes are not hashed twice; used only for float32 storage (float16 rounds the
   * values, so their hash is computed). @default computed here
   */
  tensorSetHash?: string;
}

/** Options of `loadCheckpoint`. */
export interface LoadOptions {
  /** Require the tensors to be exactly the weights of `config`'s architecture. @default true */
  verifyArchitecture?: boolean;
}

/** The manifest's file name inside a checkpoint directory. */
export const MANIFEST_FILE = 'manifest.json';
/** The tensor data's file name inside a checkpoint directory. */
export const WEIGHTS_FILE = 'weights.bin';

const TensorEntrySchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  offset: z.number().int().nonnegative(),
  byteLength: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Zod schema of `manifest.json`. */
export const ManifestSchema = z.object({
  format: z.literal('fedcxr-checkpoint'),
  version: z.literal(1),
  config: ModelConfigSchema,
  level: z.enum(UNFREEZE_LEVELS).optional(),
  provenance: z.object({
    createdAt: z.string(),
    source: z.string(),
    notes: z.string().optional(),
    parentHash: z.string().optional(),
  }),
  dtype: z.enum(['float32', 'float16']),
  weightsFile: z.literal(WEIGHTS_FILE),
  weightsByteLength: z.number().int().nonnegative(),
  /** hashTensorSet of the values as loaded (after float16 rounding when stored as float16). */
  tensorSetHash: z.string().regex(/^[0-9a-f]{64}$/),
  tensors: z.array(TensorEntrySchema),
});

/** The parsed `manifest.json` of a checkpoint. */
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * Writes a checkpoint into `dir` (created if missing; must be empty), fsyncing both files and the
 * directory. Not atomic by itself: publish with `saveCheckpointAtomic`. Returns the manifest.
 */
export async function saveCheckpoint(dir: string, ckpt: Checkpoint, opts: SaveOptions = {}): Promise<Manifest> {
  const dtype = opts.dtype ?? 'float32';
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new ConfigError(`checkpoint directory ${dir} is not empty; refusing to overwrite`);

  const bytesPerValue = dtype === 'float16' ? 2 : 4;
  const entries: Manifest['tensors'] = [];
  const chunks: Uint8Array[] = [];
  const stored: NamedTensor[] = [];
  let offset = 0;
  for (const t of ckpt.tensors) {
    if (t.data.length !== sizeOf(t.shape)) {
      throw new ConfigError(`tensor ${t.name}: ${t.data.length} values for shape [${t.shape.join(',')}]`);
    }
    const bytes = encode(t.data, dtype);
    entries.push({ name: t.name, shape: [...t.shape], offset, byteLength: bytes.byteLength, sha256: sha256Hex(bytes) });
    stored.push({ name: t.name, shape: t.shape, data: dtype === 'float16' ? decode(bytes, dtype) : t.data });
    chunks.push(bytes);
    offset += t.data.length * bytesPerValue;
  }
  const manifest: Manifest = {
    format: 'fedcxr-checkpoint',
    version: 1,
    config: ckpt.config,
    ...(ckpt.level ? { level: ckpt.level } : {}),
    provenance: { ...ckpt.provenance },
    dtype,
    weightsFile: WEIGHTS_FILE,
    weightsByteLength: offset,
    tensorSetHash: dtype === 'float32' && opts.tensorSetHash !== undefined ? opts.tensorSetHash : hashTensorSet(stored),
    tensors: entries,
  };
  await writeFileSynced(join(dir, WEIGHTS_FILE), chunks);
  await writeFileSynced(join(dir, MANIFEST_FILE), [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]);
  await fsyncPath(dir);
  return manifest;
}

/** Reads and validates `manifest.json` only (cheap: no weights). Throws IntegrityError when missing or malformed. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new IntegrityError(`checkpoint ${dir}: cannot read ${MANIFEST_FILE} (${errorMessage(err)})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new IntegrityError(`checkpoint ${dir}: ${MANIFEST_FILE} is not valid JSON (truncated or corrupt?)`, { cause: err });
  }
  const r = ManifestSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new IntegrityError(
      `checkpoint ${dir}: ${MANIFEST_FILE} is invalid at '${issue?.path.join('.') ?? ''}': ${issue?.message ?? ''}`,
      { cause: r.error },
    );
  }
  return r.data;
}

/**
 * Loads a checkpoint directory, verifying file size, each tensor's SHA-256 and shape, the tensor-set
 * hash and (by default) that names and shapes match the config's architecture. Any failure throws
 * IntegrityError naming the file or tensor.
 */
export async function loadCheckpoint(dir: string, opts: LoadOptions = {}): Promise<Checkpoint> {
  const m = await readManifest(dir);
  const weightsPath = join(dir, m.weightsFile);
  let bin: Buffer;
  try {
    bin = await readFile(weightsPath);
  } catch (err) {
    throw new IntegrityError(`checkpoint ${dir}: cannot read ${m.weightsFile} (${errorMessage(err)})`, { cause: err });
  }
  if (bin.byteLength !== m.weightsByteLength) {
    const what = bin.byteLength < m.weightsByteLength ? 'truncated' : 'too long';
    throw new IntegrityError(
      `checkpoint ${dir}: ${m.weightsFile} is ${what}: ${bin.byteLength} bytes, manifest expects ${m.weightsByteLength}`,
    );
  }
  const bytesPerValue = m.dtype === 'float16' ? 2 : 4;
  const tensors: NamedTensor[] = [];
  for (const e of m.tensors) {
    if (e.byteLength !== sizeOf(e.shape) * bytesPerValue || e.offset + e.byteLength > bin.byteLength) {
      throw new IntegrityError(`checkpoint ${dir}: tensor ${e.name} has shape [${e.shape.join(',')}] but ${e.byteLength} bytes at ${e.offset}`);
    }
    const bytes = bin.subarray(e.offset, e.offset + e.byteLength);
    if (sha256Hex(bytes) !== e.sha256) {
      throw new IntegrityError(`checkpoint ${dir}: tensor ${e.name} fails its SHA-256 check (corrupt ${m.weightsFile})`);
    }
    tensors.push({ name: e.name, shape: e.shape, data: decode(bytes, m.dtype) });
  }
  if (hashTensorSet(tensors) !== m.tensorSetHash) {
    throw new IntegrityError(`checkpoint ${dir}: tensor-set hash mismatch (manifest edited or tensors reordered)`);
  }
  if (opts.verifyArchitecture ?? true) verifyArchitecture(dir, m.config, tensors);
  return {
    config: m.config,
    tensors,
    ...(m.level ? { level: m.level } : {}),
    provenance: m.provenance,
  };
}

/** Checks that tensors are exactly the weights `config` defines, naming the first offender. */
function verifyArchitecture(dir: string, config: ModelConfig, tensors: TensorSet): void {
  const specs = modelWeightSpecs(config);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const s of specs) {
    const t = byName.get(s.name);
    if (!t) throw new IntegrityError(`checkpoint ${dir}: tensor ${s.name} is missing`);
    if (t.shape.length !== s.shape.length || t.shape.some((d, i) => d !== s.shape[i])) {
      throw new IntegrityError(
        `checkpoint ${dir}: tensor ${s.name} has shape [${t.shape.join(',')}], the config needs [${s.shape.join(',')}]`,
      );
    }
  }
  if (tensors.length !== specs.length) {
    const known = new Set(specs.map((s) => s.name));
    const extra = tensors.find((t) => !known.has(t.name));
    throw new IntegrityError(`checkpoint ${dir}: unexpected tensor ${extra?.name ?? '(duplicate name)'}`);
  }
}

/** Float32 values as stored bytes (little-endian). */
function encode(data: Float32Array, dtype: WireDType): Uint8Array {
  if (dtype === 'float16') {
    const h = toFloat16(data);
    return new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Stored bytes back to float32 values (copies, so the result is aligned and owned). */
function decode(bytes: Uint8Array, dtype: WireDType): Float32Array {
  const copy = new Uint8Array(bytes); // fresh, aligned ArrayBuffer
  return dtype === 'float16' ? fromFloat16(new Uint16Array(copy.buffer)) : new Float32Array(copy.buffer);
}

/** Writes chunks to a new file and fsyncs it (fails if the file exists). */
async function writeFileSynced(path: string, chunks: readonly Uint8Array[]): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    for (const c of chunks) {
      // write() may be partial for large buffers: loop until every byte is on its way.
      let done = 0;
      while (done < c.byteLength) done += (await fh.write(c, done, c.byteLength - done)).bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsyncs a file or directory so its entries survive a crash. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Whether `dir` looks like a checkpoint directory (has a manifest). */
export async function isCheckpointDir(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, MANIFEST_FILE))).isFile();
  } catch {
    return false;
  }
}
