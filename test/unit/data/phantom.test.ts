import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phantomDataset, renderPhantom } from '../../../shared/data/phantom.js';
import { writePhantoms } from '../../../shared/data/phantom-write.js';
import { loadDataset } from '../../../shared/data/load.js';
import { patientOverlap } from '../../../shared/data/split.js';
import { siteStyle } from '../../../shared/data/phantom-style.js';
import { ConfigError } from '../../../shared/domain/errors.js';

const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

/** Upper-lung minus mid-lung brightness (both lungs): robust to a site's overall brightness. */
function upperZoneExcess(g: Uint8Array, size: number): number {
  const zone = (y0: number, y1: number): number => {
    let sum = 0;
    let n = 0;
    for (let y = Math.round(size * y0); y < Math.round(size * y1); y++) {
      for (const [x0, x1] of [[0.25, 0.4], [0.6, 0.75]] as const) {
        for (let x = Math.round(size * x0); x < Math.round(size * x1); x++) {
          sum += g[y * size + x] ?? 0;
          n++;
        }
      }
    }
    return sum / n;
  };
  return zone(0.25, 0.42) - zone(0.45, 0.6);
}

describe('phantoms', () => {
  it('are deterministic by seed and differ across seeds', () => {
    const a = renderPhantom({ site: 'KM', label: 1, seed: 9, size: 64 });
    const b = renderPhantom({ site: 'KM', label: 1, seed: 9, size: 64 });
    const c = renderPhantom({ site: 'KM', label: 1, seed: 10, size: 64 });
    expect(Buffer.from(a.gray).equals(Buffer.from(b.gray))).toBe(true);
    expect(Buffer.from(a.gray).equals(Buffer.from(c.gray))).toBe(false);
    expect(a.grade).toBeGreaterThanOrEqual(1);
  });

  it('look like a chest film: dark lungs, bright mediastinum, dark air outside the body', () => {
    const p = renderPhantom({ site: 'KM', label: 0, seed: 1, size: 128 });
    const at = (u: number, v: number): number => p.gray[Math.round(v * 128) * 128 + Math.round(u * 128)] ?? 0;
    expect(at(0.32, 0.45)).toBeLessThan(at(0.5, 0.45) - 60); // right lung vs mediastinum
    expect(at(0.68, 0.45)).toBeLessThan(at(0.5, 0.45) - 60); // left lung vs mediastinum
    expect(at(0.02, 0.5)).toBeLessThan(at(0.12, 0.5)); // air outside the body vs chest wall
  });

  it('easy pneumoconiosis brightens the upper zones, separably at every site', () => {
    for (const site of ['KM', 'NIHCC', 'NIOSH']) {
      const normals = Array.from({ length: 6 }, (_, i) => upperZoneExcess(renderPhantom({ site, label: 0, seed: i, size: 64, difficulty: 'easy' }).gray, 64));
      const sick = Array.from({ length: 6 }, (_, i) => upperZoneExcess(renderPhantom({ site, label: 1, seed: 100 + i, size: 64, difficulty: 'easy' }).gray, 64));
      expect(Math.min(...sick)).toBeGreaterThan(Math.max(...normals));
    }
  });

  it('site styles shift the intensity distribution (domain shift)', () => {
    const m = (site: string): number => mean(Array.from({ length: 4 }, (_, i) => mean(renderPhantom({ site, label: 0, seed: i, size: 64 }).gray)));
    expect(Math.abs(m('NIHCC') - m('NIOSH'))).toBeGreaterThan(10);
    expect(siteStyle('hospital-x')).toEqual(siteStyle('hospital-x'));
    expect(siteStyle('hospital-x')).not.toEqual(siteStyle('hospital-y'));
  });

  it('phantomDataset returns preprocessed synthetic Samples with stable per-class images', () => {
    const ds = phantomDataset({ site: 'NIOSH', nNormal: 3, nDisease: 2, inputSize: 32, seed: 4 });
    const more = phantomDataset({ site: 'NIOSH', nNormal: 5, nDisease: 2, inputSize: 32, seed: 4 });
    expect(ds.synthetic).toBe(true);
    expect(ds.samples.map((s) => s.y)).toEqual([0, 0, 0, 1, 1]);
    expect(ds.samples[0]?.x.length).toBe(32 * 32 * 3);
    expect(new Set(ds.samples.map((s) => s.patient)).size).toBe(5);
    // Another seed gives other patients (no id collisions when datasets are combined).
    const other = phantomDataset({ site: 'NIOSH', nNormal: 3, nDisease: 2, inputSize: 32, seed: 5 });
    expect(other.samples.some((s) => ds.samples.some((t) => t.patient === s.patient))).toBe(false);
    // Asking for more normals does not change the diseased images.
    expect(Array.from(ds.samples[3]?.x ?? [])).toEqual(Array.from(more.samples[5]?.x ?? []));
    expect(phantomDataset({ site: 'KM', nNormal: 2, nDisease: 0, inputSize: 16 }).warnings).toEqual(['only one class present: all 2 samples are negative (label 0)']);
    expect(() => phantomDataset({ site: 'KM', nNormal: -1, nDisease: 0 })).toThrow(ConfigError);
  });

  it('writePhantoms writes PNGs and a synthetic manifest that loadDataset reads back', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fedcxr-phantom-'));
    try {
      const res = await writePhantoms({ out, site: 'NIHCC', nNormal: 6, nDisease: 4, size: 32, seed: 2, disease: 'pneumonia' });
      const csv = await readFile(res.manifest, 'utf8');
      expect(csv.split('\n')[0]).toBe('path,label,institution,split,patient,synthetic');
      expect(csv).toContain('PNEUMONIA/NIHCC-s2-D0.png,PNEUMONIA,NIHCC,');
      const all = await loadDataset(res.manifest, { inputSize: 32, cacheDir: false });
      expect(all.synthetic).toBe(true);
      expect(all.samples.length).toBe(10);
      expect(all.skipped).toEqual([]);
      const direct = phantomDataset({ site: 'NIHCC', nNormal: 1, nDisease: 0, inputSize: 32, seed: 2, disease: 'pneumonia' });
      // The PNG round trip is lossless at the same size.
      expect(Array.from(all.samples[0]?.x ?? [])).toEqual(Array.from(direct.samples[0]?.x ?? []));
      const bySplit = { train: all.samples, val: [], test: [] };
      expect(patientOverlap(bySplit)).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
