import { describe, expect, it } from 'vitest';
import { FitAcceptance, acceptEvaluations, checkFit, type FitCheck, type FitExpectation } from '../../../coordinator/acceptance.js';
import type { EvaluateRes } from '../../../shared/federation/types.js';
import { fitRes, set6 } from '../federation/helpers.js';
import { l2Distance } from '../../../shared/federation/aggregate.js';
import { updateNorm } from '../../../shared/federation/norm-bound.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';

const global = set6([0, 0, 0, 0, 0, 0]);
const exp: FitExpectation = {
  runId: 'run',
  round: 2,
  global,
  sampled: new Set(['a', 'b']),
  registeredCounts: new Map([
    ['a', 10],
    ['b', 20],
  ]),
  maxUpdateNorm: 10,
};
const ok = set6([1, 1, 1, 1, 1, 1]);

describe('checkFit', () => {
  it('accepts a well-formed update', () => {
    expect(checkFit(fitRes('a', 10, ok, 2), exp)).toBeNull();
  });

  it.each([
    ['wrong run', fitRes('a', 10, ok, 2, 'other'), /wrong run id/],
    ['old round (replay)', fitRes('a', 10, ok, 1), /round 1 arrived in round 2/],
    ['unsampled site', fitRes('zz', 10, ok, 2), /not sampled/],
    ['zero examples', fitRes('a', 0, ok, 2), /positive integer/],
    ['more examples than registered', fitRes('a', 11, ok, 2), /exceeds the 10/],
    ['missing tensor', fitRes('a', 10, ok.slice(0, 1), 2), /sent 1 tensors, expected 2/],
    ['wrong name', fitRes('a', 10, [{ ...ok[0]!, name: 'x/kernel' }, ok[1]!], 2), /expected a\/kernel/],
    ['wrong shape', fitRes('a', 10, [{ ...ok[0]!, shape: [4] }, ok[1]!], 2), /shape \[4\], expected \[2,2\]/],
    ['NaN', fitRes('a', 10, set6([1, Number.NaN, 1, 1, 1, 1]), 2), /a\/kernel\[1\] is NaN/],
    ['Infinity', fitRes('a', 10, set6([1, 1, 1, 1, 1, Infinity]), 2), /not finite/],
    ['norm too large', fitRes('a', 10, set6([11, 0, 0, 0, 0, 0]), 2), /norm 11.00 exceeds the bound 10/],
  ])('rejects %s', (_label, res, reason) => {
    expect(checkFit(res, exp)).toMatch(reason);
  });

  it('rejects a result that names another site than the one asked, before any other check', () => {
    expect(checkFit(fitRes('b', 10, ok, 1), exp, 'a')).toBe('fit result names site b, but it was asked of a');
  });

  it('runs an extra check appended to the list, after the built-in ones', () => {
    const noOnes: FitCheck = ({ res }) => (res.tensors.some((t) => t.data.includes(1)) ? 'holds a 1' : null);
    expect(checkFit(fitRes('a', 10, ok, 2), exp, 'a', [noOnes])).toBe('holds a 1');
    expect(checkFit(fitRes('a', 10, set6([2, 2, 2, 2, 2, 2]), 2), exp, 'a', [noOnes])).toBeNull();
  });
});

describe('the update norm the check sums, reused by the robust screen', () => {
  it('is l2Distance bit for bit, and served to updateNorm only for the global it was taken against', () => {
    // Prepare: values over many magnitudes, where a different summation order would show in the last bits
    let x = 12345;
    const rnd = (): number => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 10 ** ((x >>> 7) % 9 - 4);
    const big = (n: number): TensorSet => [
      { name: 'a/kernel', shape: [n], data: Float32Array.from({ length: n }, rnd) },
      { name: 'a/bias', shape: [7], data: Float32Array.from({ length: 7 }, rnd) },
    ];
    const g = big(4099);
    const update = big(4099);
    const e: FitExpectation = { ...exp, global: g, maxUpdateNorm: 1e12 };
    // Execute
    expect(checkFit(fitRes('a', 10, update, 2), e)).toBeNull();
    // Assert: the remembered value is exactly the one the screen would compute; another global gets its own
    expect(updateNorm(update, g)).toBe(l2Distance(update, g));
    const other = big(4099);
    expect(updateNorm(update, other)).toBe(l2Distance(update, other));
    expect(updateNorm(update, other)).not.toBe(updateNorm(update, g));
  });
});

describe('FitAcceptance', () => {
  it('accepts one update per site and records the rest as failures', () => {
    const v = new FitAcceptance(exp);
    expect(v.offer(fitRes('a', 10, ok, 2))).toBeNull();
    expect(v.offer(fitRes('a', 10, ok, 2))?.reason).toMatch(/second update from a/);
    expect(v.offer(fitRes('b', 5, set6([Number.NaN, 0, 0, 0, 0, 0]), 2))).toMatchObject({ siteId: 'b' });
    expect(v.accepted.map((r) => r.siteId)).toEqual(['a']);
    expect(v.rejected).toHaveLength(2);
  });

  it('records a rejection against the site that was asked, not the one the result names', () => {
    const v = new FitAcceptance(exp);
    expect(v.offer(fitRes('b', 10, ok, 2), 'a')).toEqual({ siteId: 'a', reason: 'update rejected: fit result names site b, but it was asked of a' });
    expect(v.accepted).toHaveLength(0);
  });
});

describe('evaluation acceptance', () => {
  it('is the wire check, reached through acceptance.ts', () => {
    const ins = { runId: 'run', round: 2, histogramBins: 2 };
    const r: EvaluateRes = { runId: 'run', round: 2, siteId: 'b', numExamples: 2, loss: 0.5, confusion: { tp: 1, fp: 0, tn: 1, fn: 0 }, positiveHistogram: [0, 1], negativeHistogram: [1, 0], withheld: false };
    const out = acceptEvaluations(new Map([['a', ins], ['b', ins]]), [{ siteId: 'a', res: { ...r, siteId: 'a', round: 1 } }, { siteId: 'b', res: r }]);
    expect(out.accepted.map((x) => x.siteId)).toEqual(['b']);
    expect(out.failures).toEqual([expect.objectContaining({ siteId: 'a', rejection: expect.objectContaining({ code: 'wrong-round' }) })]);
  });
});
