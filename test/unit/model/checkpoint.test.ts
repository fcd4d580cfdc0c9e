import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, IntegrityError } from '../../../shared/domain/errors.js';
import { removeStaleTemps, resolveLatest, saveCheckpointAtomic, setLatest } from '../../../shared/model/checkpoint-atomic.js';
import { loadCheckpoint, MANIFEST_FILE, readManifest, saveCheckpoint, WEIGHTS_FILE, type Checkpoint } from '../../../shared/model/checkpoint.js';
import { defaultModelConfig } from '../../../shared/model/config.js';
import { hashTensorSet } from '../../../shared/model/hash.js';
import { findCheckpointDir } from '../../../shared/model/pretrained.js';
import type { NamedTensor } from '../../../shared/domain/tensor-set.js';
import { modelWeightSpecs } from '../../../shared/model/vgg16.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fedcxr-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Deterministic pseudo-random values in roughly N(0, scale) (no tfjs needed). */
function fill(n: number, seed: number, scale = 0.05): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** A complete checkpoint for the 32×32 default architecture with pseudo-random values. */
function fullCheckpoint(seed: number): Checkpoint {
  const config = defaultModelConfig({ inputSize: 32, head: { units: [16] } });
  const tensors = modelWeightSpecs(config).map((s, i) => ({
    name: s.name,
    shape: s.shape,
    data: fill(s.shape.reduce((a, d) => a * d, 1), seed * 1000 + i),
  }));
  return { config, tensors, level: '+B4', provenance: { createdAt: '2026-01-01T00:00:00.000Z', source: 'test', notes: 'synthetic' } };
}

/** A tiny checkpoint (architecture check off) for format edge cases. */
function tinyCheckpoint(): Checkpoint {
  const tensors: NamedTensor[] = [
    { name: 'a/kernel', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, -0, 1e-8]) },
    { name: 'a/bias', shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) },
    { name: 'b/kernel', shape: [3, 1], data: Float32Array.from([7, 8, 9]) },
  ];
  return { config: defaultModelConfig(), tensors, provenance: { createdAt: '2026-01-01T00:00:00.000Z', source: 'test' } };
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips a full VGG16 checkpoint bit-identically in float32', async () => {
    const ckpt = fullCheckpoint(1);
    const dir = join(root, 'full32');
    const manifest = await saveCheckpoint(dir, ckpt);
    const loaded = await loadCheckpoint(dir);
    expect(hashTensorSet(loaded.tensors)).toBe(hashTensorSet(ckpt.tensors));
    expect(manifest.tensorSetHash).toBe(hashTensorSet(ckpt.tensors));
    expect(loaded.config).toEqual(ckpt.config);
    expect(loaded.level).toBe('+B4');
    expect(loaded.provenance).toEqual(ckpt.provenance);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, WEIGHTS_FILE]);
    expect(manifest.tensors.every((t) => /^[0-9a-f]{64}$/.test(t.sha256))).toBe(true);
  });

  it('stores float16 at half the size and loads within float16 tolerance', async () => {
    const ckpt = fullCheckpoint(2);
    const dir = join(root, 'full16');
    const m = await saveCheckpoint(dir, ckpt, { dtype: 'float16' });
    const m32 = await readManifest(join(root, 'full32'));
    expect(m.weightsByteLength * 2).toBe(m32.weightsByteLength);
    const loaded = await loadCheckpoint(dir);
    let worst = 0;
    ckpt.tensors.forEach((t, i) => {
      const got = loaded.tensors[i]?.data ?? new Float32Array();
      for (let j = 0; j < t.data.length; j++) worst = Math.max(worst, Math.abs((got[j] ?? NaN) - (t.data[j] ?? 0)));
    });
    expect(worst).toBeGreaterThan(0); // really rounded
    expect(worst).toBeLessThanOrEqual(0.05 * 2 ** -11); // |x| ≤ 0.05: half precision step bound
    expect(hashTensorSet(loaded.tensors)).toBe(m.tensorSetHash);
  });

  it('takes a caller-computed set hash for float32 storage (hashed once), never for float16', async () => {
    const ckpt = tinyCheckpoint();
    const known = hashTensorSet(ckpt.tensors);
    const m32 = await saveCheckpoint(join(root, 'hinted32'), ckpt, { tensorSetHash: known });
    const m16 = await saveCheckpoint(join(root, 'hinted16'), ckpt, { dtype: 'float16', tensorSetHash: known });

    expect(m32.tensorSetHash).toBe(known);
    expect(hashTensorSet((await loadCheckpoint(join(root, 'hinted32'), { verifyArchitecture: false })).tensors)).toBe(known);
    expect(m16.tensorSetHash).toBe(hashTensorSet((await loadCheckpoint(join(root, 'hinted16'), { verifyArchitecture: false })).tensors));
    // The hint is trusted at save time; a wrong one is caught when the checkpoint is loaded.
    await saveCheckpoint(join(root, 'hinted-wrong'), ckpt, { tensorSetHash: 'ab'.repeat(32) });
    await expect(loadCheckpoint(join(root, 'hinted-wrong'), { verifyArchitecture: false })).rejects.toThrow(/tensor-set hash mismatch/);
  });

  it('refuses to write into a non-empty directory', async () => {
    const dir = join(root, 'nonempty');
    await mkdir(dir);
    await writeFile(join(dir, 'other'), 'x');
    await expect(saveCheckpoint(dir, tinyCheckpoint())).rejects.toThrow(ConfigError);
  });

  it('fails with IntegrityError naming the tensor when one byte is corrupted', async () => {
    const dir = join(root, 'corrupt');
    const m = await saveCheckpoint(dir, tinyCheckpoint());
    const bin = await readFile(join(dir, WEIGHTS_FILE));
    const target = m.tensors.find((t) => t.name === 'a/bias');
    const at = (target?.offset ?? 0) + 5;
    bin[at] = (bin[at] ?? 0) ^ 0x01;
    await writeFile(join(dir, WEIGHTS_FILE), bin);
    const err = await errorOf(loadCheckpoint(dir, { verifyArchitecture: false }));
    expect(err).toBeInstanceOf(IntegrityError);
    expect(err.message).toMatch(/tensor a\/bias fails its SHA-256 check/);
  });

  it('fails clearly on a truncated weights file, a missing file, and a broken manifest', async () => {
    const dir = join(root, 'trunc');
    await saveCheckpoint(dir, tinyCheckpoint());
    await truncate(join(dir, WEIGHTS_FILE), 10);
    const trunc = await errorOf(loadCheckpoint(dir, { verifyArchitecture: false }));
    expect(trunc).toBeInstanceOf(IntegrityError);
    expect(trunc.message).toMatch(/weights\.bin is truncated: 10 bytes, manifest expects 48/);

    await rm(join(dir, WEIGHTS_FILE));
    expect((await errorOf(loadCheckpoint(dir))).message).toMatch(/cannot read weights\.bin/);

    const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    await writeFile(join(dir, MANIFEST_FILE), text.slice(0, text.length / 2));
    const bad = await errorOf(loadCheckpoint(dir));
    expect(bad).toBeInstanceOf(IntegrityError);
    expect(bad.message).toMatch(/not valid JSON/);

    await expect(loadCheckpoint(join(root, 'does-not-exist'))).rejects.toThrow(/cannot read manifest\.json/);
  });

  it('detects a manifest edit: wrong shape and mismatching architecture name the tensor', async () => {
    const dir = join(root, 'edited');
    await saveCheckpoint(dir, tinyCheckpoint());
    const m = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { tensors: Array<{ shape: number[] }> };
    const first = m.tensors[0];
    if (first) first.shape = [3, 2];
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(m));
    const err = await errorOf(loadCheckpoint(dir, { verifyArchitecture: false }));
    expect(err.message).toMatch(/tensor-set hash mismatch/);
    // The tiny set is not a VGG16: with the architecture check on (the default), loading names what is missing.
    await expect(loadCheckpoint(join(root, 'nonempty-not-used'))).rejects.toThrow(IntegrityError);
    const tinyDir = join(root, 'tiny-arch');
    await saveCheckpoint(tinyDir, tinyCheckpoint());
    await expect(loadCheckpoint(tinyDir)).rejects.toThrow(/tensor block1_conv1\/kernel is missing/);
  });

  it('with the architecture check, names a missing or mis-shaped tensor', async () => {
    const full = fullCheckpoint(3);
    const missing = { ...full, tensors: full.tensors.filter((t) => t.name !== 'block3_conv2/bias') };
    await saveCheckpoint(join(root, 'missing'), missing);
    await expect(loadCheckpoint(join(root, 'missing'))).rejects.toThrow(/tensor block3_conv2\/bias is missing/);
    const wrongHead = { ...full, config: defaultModelConfig({ inputSize: 32, head: { units: [32] } }) };
    await saveCheckpoint(join(root, 'wronghead'), wrongHead);
    await expect(loadCheckpoint(join(root, 'wronghead'))).rejects.toThrow(/head_dense_1\/kernel has shape \[512,16\], the config needs \[512,32\]/);
  });
});

describe('saveCheckpointAtomic / resolveLatest', () => {
  it('publishes under a new name, switches LATEST, and never replaces an existing checkpoint', async () => {
    const parent = join(root, 'runs');
    await mkdir(parent);
    expect(await resolveLatest(parent)).toBeNull();

    const ckpt = tinyCheckpoint();
    const first = await saveCheckpointAtomic(parent, 'round-0001', ckpt, { dtype: 'float32' });
    expect(first).toBe(join(parent, 'round-0001'));
    expect(await resolveLatest(parent)).toBe(first);

    const second = await saveCheckpointAtomic(parent, 'round-0002', { ...ckpt, provenance: { ...ckpt.provenance, source: 'two' } });
    expect(await resolveLatest(parent)).toBe(second);

    const err = await errorOf(saveCheckpointAtomic(parent, 'round-0001', { ...ckpt, provenance: { ...ckpt.provenance, source: 'clobber' } }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/already exists/);
    expect((await readManifest(first)).provenance.source).toBe('test'); // untouched
    expect(await resolveLatest(parent)).toBe(second); // pointer unchanged by the failed save

    // An empty directory squatting on the name is also refused (rename(2) would silently replace it).
    await mkdir(join(parent, 'round-0003'));
    await expect(saveCheckpointAtomic(parent, 'round-0003', ckpt)).rejects.toThrow(/already exists/);

    // No temp directories are left behind.
    expect((await readdir(parent)).filter((n) => n.startsWith('.tmp'))).toEqual([]);
    expect((await readdir(parent)).sort()).toEqual(['LATEST', 'round-0001', 'round-0002', 'round-0003']);

    await setLatest(parent, 'round-0001');
    expect(await findCheckpointDir(parent)).toBe(first);
    expect(await findCheckpointDir(first)).toBe(first);
  });

  it('lets exactly one of two concurrent saves under the same name win', async () => {
    const parent = join(root, 'race');
    const ckpt = tinyCheckpoint();
    const results = await Promise.allSettled([
      saveCheckpointAtomic(parent, 'round-0001', { ...ckpt, provenance: { ...ckpt.provenance, source: 'a' } }),
      saveCheckpointAtomic(parent, 'round-0001', { ...ckpt, provenance: { ...ckpt.provenance, source: 'b' } }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConfigError);
    const loaded = await loadCheckpoint(join(parent, 'round-0001'), { verifyArchitecture: false });
    expect(['a', 'b']).toContain(loaded.provenance.source);
    expect((await readdir(parent)).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('removes only stale temp leftovers of crashed saves', async () => {
    const parent = join(root, 'stale');
    await mkdir(join(parent, '.tmp-round-0009-abc'), { recursive: true });
    await writeFile(join(parent, '.tmp-round-0009-abc', WEIGHTS_FILE), 'partial');
    await saveCheckpointAtomic(parent, 'round-0001', tinyCheckpoint());
    expect(await removeStaleTemps(parent)).toEqual([]); // young: a writer may still own it
    expect(await removeStaleTemps(parent, { olderThanMs: -1 })).toEqual(['.tmp-round-0009-abc']);
    expect((await readdir(parent)).sort()).toEqual(['LATEST', 'round-0001']);
  });

  it('rejects unsafe names and a LATEST pointing nowhere', async () => {
    const parent = join(root, 'names');
    await mkdir(parent);
    for (const bad of ['../evil', '.hidden', 'a/b', '', 'LATEST']) {
      await expect(saveCheckpointAtomic(parent, bad, tinyCheckpoint())).rejects.toThrow(ConfigError);
    }
    await writeFile(join(parent, 'LATEST'), 'gone\n');
    await expect(resolveLatest(parent)).rejects.toThrow(IntegrityError);
    await writeFile(join(parent, 'LATEST'), '../../etc\n');
    await expect(resolveLatest(parent)).rejects.toThrow(/invalid name/);
  });
});
