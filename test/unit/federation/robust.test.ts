import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { checkEvaluation } from '../../../shared/federation/eval-bounds.js';
import { adaptiveBound, clipToNorm, lowerMedian, updateCosine, updateNorm } from '../../../shared/federation/norm-bound.js';
import { capCount, capShares } from '../../../shared/federation/robust-weights.js';
import { DEFAULT_ROBUST_POLICY, screenUpdates } from '../../../shared/federation/screen-updates.js';
import type { EvaluateRes } from '../../../shared/federation/types.js';
import { fitRes, flat, set6 } from './helpers.js';

const g = set6([0, 0, 0, 0, 0, 0]);

describe('robust weights', () => {
  it('caps a reported count at the enrolled one, and leaves unenrolled counts alone', () => {
    expect(capCount(2 ** 32 - 1, 120)).toEqual({ count: 120, capped: true });
    expect(capCount(50, 120)).toEqual({ count: 50, capped: false });
    expect(capCount(50, undefined)).toEqual({ count: 50, capped: false });
    expect(() => capCount(Number.NaN, 3)).toThrow(ValueError);
  });

  it('caps shares by water-filling, keeping proportions among the rest', () => {
    const s = capShares([1, 3, 1e9], 0.5);
    expect(s[2]).toBeCloseTo(0.5, 12);
    expect(s[0]).toBeCloseTo(0.125, 12);
    expect(s[1]).toBeCloseTo(0.375, 12);
    // Two sites over the cap
    const t = capShares([1e9, 1e9, 1, 1], 0.3);
    expect(t[0]).toBeCloseTo(0.3, 12);
    expect(t[2]! + t[3]!).toBeCloseTo(0.4, 12);
    expect(t.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('falls back to equal shares when the cap cannot be met, and leaves uncapped weights proportional', () => {
    expect(capShares([1, 9], 0.4)).toEqual([0.5, 0.5]);
    expect(capShares([1, 3], 1)).toEqual([0.25, 0.75]);
    expect(() => capShares([1], 0)).toThrow(/maxShare/);
  });
});

describe('adaptive norm bound', () => {
  it('takes the lower median so one hostile site of two cannot raise the bound', () => {
    expect(lowerMedian([5, 1])).toBe(1);
    expect(lowerMedian([3, 1, 2, 100])).toBe(2);
    expect(lowerMedian([3, 1, 2])).toBe(2);
    expect(adaptiveBound([1, 9999], 3)).toBe(3);
    expect(adaptiveBound([0, 0], 3)).toBe(Number.POSITIVE_INFINITY);
  });

  it('clips onto the bound keeping the direction, and measures norms and cosines from the global', () => {
    const u = set6([3, 4, 0, 0, 0, 0]);
    expect(updateNorm(u, g)).toBe(5);
    const c = clipToNorm(u, g, 5, 1);
    expect(flat(c).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8, 0, 0, 0, 0]);
    expect(clipToNorm(u, g, 5, 10)).toBe(u);
    expect(updateCosine(u, set6([-3, -4, 0, 0, 0, 0]), g)).toBeCloseTo(-1, 12);
  });
});

describe('screenUpdates', () => {
  const honest = (id: string, v: number, n = 10) => fitRes(id, n, set6([v, v, v, v, v, v]));

  it('clips a scaled update, caps an inflated count and names the site', () => {
    const results = [honest('a', 1), honest('b', 1.2), { ...honest('c', 500), numExamples: 2 ** 32 - 1 }];
    const s = screenUpdates(g, results, new Map([['c', 10]]), DEFAULT_ROBUST_POLICY);
    expect(s.accepted.map((r) => r.siteId)).toEqual(['a', 'b', 'c']);
    expect(s.bound).toBeCloseTo(3 * updateNorm(results[1]!.tensors, g), 6);
    expect(updateNorm(s.accepted[2]!.tensors, g)).toBeCloseTo(s.bound, 4);
    expect(s.anomalies.map((a) => `${a.siteId}:${a.kind}`)).toEqual(['c:count-capped', 'c:norm-clipped']);
    expect([...s.shares.values()].map((v) => +v.toFixed(6))).toEqual([0.333333, 0.333333, 0.333333]);
  });

  it('rejects instead of clipping in reject mode, and caps shares without enrolment', () => {
    const results = [honest('a', 1), honest('b', 1), honest('c', 1, 1e6)];
    const s = screenUpdates(g, [...results, honest('d', 100)], new Map(), { ...DEFAULT_ROBUST_POLICY, normMode: 'reject' });
    expect(s.rejected.map((f) => f.siteId)).toEqual(['d']);
    expect(s.rejected[0]!.reason).toMatch(/update rejected: update norm .* exceeds 3× the round's median/);
    expect(s.shares.get('c')).toBeCloseTo(0.5, 12);
    expect(s.anomalies.map((a) => `${a.siteId}:${a.kind}`)).toEqual(['d:norm-rejected', 'c:share-capped']);
  });

  it('flags (or rejects) an update pointing away from the median update', () => {
    const results = [honest('a', 1), honest('b', 1.1), honest('c', -1)];
    expect(screenUpdates(g, results, new Map()).anomalies.map((a) => `${a.siteId}:${a.kind}:${a.action}`)).toEqual(['c:direction:flagged']);
    const r = screenUpdates(g, results, new Map(), { ...DEFAULT_ROBUST_POLICY, direction: 'reject' });
    expect(r.accepted.map((x) => x.siteId)).toEqual(['a', 'b']);
  });

  it('changes nothing for agreeing honest sites of similar size', () => {
    const results = [honest('a', 1, 10), honest('b', 1.1, 12), honest('c', 0.9, 9)];
    const s = screenUpdates(g, results, new Map([['a', 10], ['b', 12], ['c', 9]]));
    expect(s.anomalies).toEqual([]);
    expect(s.accepted.map((r) => r.numExamples)).toEqual([10, 12, 9].map((n) => expect.closeTo(n, 9)));
    expect(s.accepted.map((r) => r.tensors)).toEqual(results.map((r) => r.tensors));
  });
});

describe('checkEvaluation', () => {
  const ok: EvaluateRes = {
    runId: 'r', round: 1, siteId: 'a', numExamples: 10, loss: 0.3, withheld: false,
    confusion: { tp: 4, fn: 1, tn: 3, fp: 2 }, positiveHistogram: [1, 4], negativeHistogram: [3, 2],
  };
  it('accepts consistent counts within the bound', () => {
    expect(checkEvaluation(ok, 10)).toBeNull();
  });
  it('names each way counts can be faked', () => {
    expect(checkEvaluation({ ...ok, numExamples: 2 ** 33 }, 10)).toMatch(/claims 8589934592 test examples, at most 10/);
    expect(checkEvaluation({ ...ok, confusion: { ...ok.confusion, tp: 40 } }, 100)).toMatch(/confusion counts sum to 46/);
    expect(checkEvaluation({ ...ok, positiveHistogram: [0, 0] }, 10)).toMatch(/positive histogram holds 0 scores/);
    expect(checkEvaluation({ ...ok, negativeHistogram: [5, 5] }, 10)).toMatch(/negative histogram holds 10 scores/);
    expect(checkEvaluation({ ...ok, confusion: { ...ok.confusion, tp: 3.5, fn: 1.5 } }, 10)).toMatch(/non-negative integers/);
    expect(checkEvaluation({ ...ok, loss: Number.NaN }, 10)).toMatch(/loss/);
  });
});
