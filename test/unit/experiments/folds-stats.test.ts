import { describe, expect, it } from 'vitest';
import { patientKFold } from '../../../experiments/folds.js';
import { meanSd, pairedAucDifference, phi, summarize } from '../../../experiments/stats.js';
import { groupProbeAuc, shortcutReliance } from '../../../experiments/probe.js';

describe('patientKFold', () => {
  it('puts every patient in exactly one fold and spreads both classes', () => {
    const items = Array.from({ length: 30 }, (_, p) => [0, 1].map(() => ({ patient: `p${p}`, y: (p < 12 ? 1 : 0) as 0 | 1 }))).flat();
    const folds = patientKFold(items, 3, 9);
    expect(folds.flat().length).toBe(items.length);
    const owner = new Map<string, number>();
    folds.forEach((f, i) =>
      f.forEach((x) => {
        expect(owner.get(x.patient) ?? i).toBe(i);
        owner.set(x.patient, i);
      }),
    );
    for (const f of folds) expect(new Set(f.map((x) => x.y))).toEqual(new Set([0, 1]));
  });
  it('rejects k < 2', () => expect(() => patientKFold([], 1, 1)).toThrow(/k ≥ 2/));
});

describe('summarize', () => {
  it('gives AUC 1 with a degenerate CI on perfectly separated scores, and ordered CIs in general', () => {
    const s = summarize([{ labels: [0, 0, 1, 1], scores: [0.1, 0.2, 0.8, 0.9], threshold: 0.5 }], 200, 1);
    expect(s.auc).toEqual({ value: 1, lo: 1, hi: 1 });
    expect(s.sensitivity.value).toBe(1);
    const noisy = summarize([{ labels: [0, 1, 0, 1, 0, 1, 1, 0], scores: [0.3, 0.4, 0.5, 0.6, 0.2, 0.9, 0.1, 0.7], threshold: 0.45 }], 300, 2);
    for (const e of [noisy.auc, noisy.sensitivity, noisy.specificity]) {
      expect(e.lo!).toBeLessThanOrEqual(e.value!);
      expect(e.value!).toBeLessThanOrEqual(e.hi!);
    }
  });
  it('leaves AUC undefined (null) on a one-class set', () => {
    expect(summarize([{ labels: [1, 1], scores: [0.2, 0.9], threshold: 0.5 }], 100).auc.value).toBeNull();
  });
});

describe('pairedAucDifference', () => {
  it('is 0 for a model against itself and positive with a CI above 0 for a clearly better model', () => {
    const labels = Array.from({ length: 40 }, (_, i) => i % 2);
    const good = labels.map((y, i) => y + 0.01 * i);
    const bad = labels.map((_, i) => (i * 37) % 11);
    expect(pairedAucDifference([{ labels, a: good, b: good }], 100).value).toBe(0);
    const d = pairedAucDifference([{ labels, a: good, b: bad }], 300, 3);
    expect(d.value!).toBeGreaterThan(0.2);
    expect(d.lo!).toBeGreaterThan(0);
  });
  it('with overGroups, resamples the seeds too: a gain that one seed reverses no longer clears 0', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 2);
    const sharp = labels.map((y, i) => y + 0.3 * Math.sin(i * 12.9898));
    const blurred = labels.map((y, i) => 0.3 * y + Math.sin(i * 78.233));
    const wins = { labels, a: sharp, b: blurred };
    const loses = { labels, a: blurred, b: sharp };
    // Two seeds gain, one loses by as much: the item-only CI (given these three models) sits above 0.
    const groups = [wins, wins, loses];
    const items = pairedAucDifference(groups, 400, 5);
    const seeds = pairedAucDifference(groups, 400, 5, { overGroups: true });
    expect(seeds.value).toBe(items.value);
    expect(items.lo!).toBeGreaterThan(0);
    expect(seeds.lo!).toBeLessThan(0);
    expect(seeds.hi! - seeds.lo!).toBeGreaterThan(items.hi! - items.lo!);
    // Every seed gaining still clears 0 with the seeds resampled.
    expect(pairedAucDifference([wins, wins, wins], 400, 5, { overGroups: true }).lo!).toBeGreaterThan(0);
  });
});

describe('phi, meanSd and the probe', () => {
  it('computes phi = -1 when the institution is the label', () => expect(phi([1, 1, 0, 0], [0, 0, 1, 1])).toBe(-1));
  it('gives mean and sample sd', () => expect(meanSd([1, 3, null])).toEqual({ mean: 2, sd: Math.SQRT2, n: 2 }));
  it('reads a group from features that carry it, and not from ones that do not', () => {
    const rows = Array.from({ length: 60 }, (_, i) => Float32Array.from([i % 2 === 0 ? 1 : -1, Math.sin(i * 7.3), Math.cos(i * 3.1)]));
    const group = rows.map((_, i) => (i % 2 === 0 ? 1 : 0));
    const patients = rows.map((_, i) => `p${i}`);
    expect(groupProbeAuc(rows, group, patients, 5, 1)!).toBeGreaterThan(0.95);
    const noise = rows.map((_, i) => Float32Array.from([Math.sin(i * 12.9898) * 43758.5453 % 1, Math.cos(i * 78.233) * 12345.678 % 1]));
    expect(groupProbeAuc(noise, group, patients, 5, 1)!).toBeLessThan(0.8);
  });
  it('measures shortcut reliance among normals', () => {
    expect(shortcutReliance([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(shortcutReliance([0.5, 0.5], [0.5, 0.5])).toBe(0.5);
  });
});
