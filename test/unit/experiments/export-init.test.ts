import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExperiment } from '../../../experiments/config.js';
import { exportInit } from '../../../experiments/export-init.js';
import { writeFolderConfig } from '../../../experiments/folder-config.js';
import { CellStore } from '../../../experiments/store.js';
import { randomInitialModel } from '../../../coordinator/initial-model.js';
import { ConfigError } from '../../../shared/domain/errors.js';
import { loadCheckpoint } from '../../../shared/model/checkpoint.js';
import { fromFloat16, toFloat16 } from '../../../shared/model/float16.js';

const cfg = parseExperiment({ name: 'exp', kind: 'real', inputSize: 32, pretrain: { related: { perClass: 12, valPerClass: 4, epochs: 2 } } });

describe('exportInit', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fedcxr-export-init-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a pretrained init as a loadable float16 checkpoint that names the experiment and its carve', async () => {
    const out = join(dir, 'run');
    await mkdir(out);
    await writeFolderConfig(out, cfg);
    const init = randomInitialModel(32, [256], 5).tensors;
    await new CellStore(out).putTensors('related', init);

    const m = await exportInit(out, 'related', join(dir, 'ckpt'));

    const ck = await loadCheckpoint(join(dir, 'ckpt'));
    expect(m.dtype).toBe('float16');
    expect(ck.level).toBe('+B1');
    expect(ck.config.inputSize).toBe(32);
    expect(ck.provenance.source).toBe('experiment:exp/pretrain/related');
    expect(ck.provenance.notes).toContain(`seed ${cfg.train.seed}`);
    expect(ck.provenance.notes).toContain('12 + 12 train, 4 + 4 validation images, 32 px');
    expect(ck.tensors.map((t) => t.name)).toEqual(init.map((t) => t.name));
    // The stored values are the init's, rounded to float16 (and nothing else).
    const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const differing = ck.tensors.filter((t, i) => !bytes(t.data).equals(bytes(fromFloat16(toFloat16((init[i] as (typeof init)[number]).data)))));
    expect(differing.map((t) => t.name)).toEqual([]);
  });

  it('refuses a folder without an experiment, an init not yet pretrained, and a non-empty destination, by name', async () => {
    await expect(exportInit(join(dir, 'nothing'), 'related', join(dir, 'a'))).rejects.toThrow(/holds no experiment \(no config\.json\)/);
    const out = join(dir, 'run');
    await mkdir(out);
    await writeFolderConfig(out, cfg);
    await expect(exportInit(out, 'related', join(dir, 'b'))).rejects.toThrow(ConfigError);
    await expect(exportInit(out, 'related', join(dir, 'b'))).rejects.toThrow(/has not pretrained the related init yet \(cell pretrain\/related\)/);
    await new CellStore(out).putTensors('related', randomInitialModel(32, [256], 5).tensors);
    await mkdir(join(dir, 'full'));
    await writeFile(join(dir, 'full', 'x'), 'x');
    await expect(exportInit(out, 'related', join(dir, 'full'))).rejects.toThrow(/not empty; refusing to overwrite/);
    const paper = join(dir, 'paper');
    await mkdir(paper);
    await writeFolderConfig(paper, parseExperiment({ name: 'p', kind: 'paper' }));
    await expect(exportInit(paper, 'pneumonia', join(dir, 'c'))).rejects.toThrow(/pneumonia init is the committed models\/pneumonia-vgg16, not one it pretrained/);
  });
});
