import { describe, expect, it } from 'vitest';
import { RoundValidator, checkUpdate, type UpdateExpectation } from '../../../shared/federation/validate-update.js';
import { fitRes, set6 } from './helpers.js';

const global = set6([0, 0, 0, 0, 0, 0]);
const exp: UpdateExpectation = {
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

describe('checkUpdate', () => {
  it('accepts a well-formed update', () => {
    expect(checkUpdate(fitRes('a', 10, ok, 2), exp)).toBeNull();
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
    expect(checkUpdate(res, exp)).toMatch(reason);
  });
});

describe('RoundValidator', () => {
  it('accepts one update per site and records the rest as failures', () => {
    const v = new RoundValidator(exp);
    expect(v.offer(fitRes('a', 10, ok, 2))).toBeNull();
    expect(v.offer(fitRes('a', 10, ok, 2))?.reason).toMatch(/second update from a/);
    expect(v.offer(fitRes('b', 5, set6([Number.NaN, 0, 0, 0, 0, 0]), 2))).toMatchObject({ siteId: 'b' });
    expect(v.accepted.map((r) => r.siteId)).toEqual(['a']);
    expect(v.rejected).toHaveLength(2);
  });
});
