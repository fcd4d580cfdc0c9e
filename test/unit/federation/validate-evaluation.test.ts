import { describe, expect, it } from 'vitest';
import { acceptEvaluations, checkEvaluation, describeRejection } from '../../../shared/federation/validate-evaluation.js';
import type { EvaluateRes } from '../../../shared/federation/types.js';

const INS = { runId: 'run', round: 2, histogramBins: 4 };

/** A consistent EvaluateRes of site `siteId`: 3 positives (2 caught), 3 negatives (1 false alarm), 4 bins. */
function res(siteId = 'KM', over: Partial<EvaluateRes> = {}): EvaluateRes {
  return {
    runId: 'run',
    round: 2,
    siteId,
    numExamples: 6,
    loss: 0.4,
    confusion: { tp: 2, fn: 1, tn: 2, fp: 1 },
    positiveHistogram: [0, 1, 0, 2],
    negativeHistogram: [2, 0, 1, 0],
    withheld: false,
    ...over,
  };
}

describe('checkEvaluation', () => {
  it('accepts a result that matches its EvaluateIns', () => {
    expect(checkEvaluation(res(), { siteId: 'KM', ins: INS })).toBeNull();
  });

  it('rejects a histogram with another bin count than EvaluateIns asked for, naming both', () => {
    const r = checkEvaluation(res('KM', { positiveHistogram: [1, 2], negativeHistogram: [2, 1] }), { siteId: 'KM', ins: INS });
    expect(r?.code).toBe('histogram-bins');
    expect(r && describeRejection(r)).toBe('evaluation rejected (histogram-bins): histograms have 2 (positive) and 2 (negative) bins; EvaluateIns asked for 4');
  });

  it('rejects the wrong run, round or site', () => {
    expect(checkEvaluation(res('KM', { runId: 'other' }), { siteId: 'KM', ins: INS })?.code).toBe('wrong-run');
    expect(checkEvaluation(res('KM', { round: 1 }), { siteId: 'KM', ins: INS })?.code).toBe('wrong-round');
    expect(checkEvaluation(res('NIHCC'), { siteId: 'KM', ins: INS })?.code).toBe('wrong-site');
  });

  it('rejects counts that disagree with numExamples or with each other', () => {
    expect(checkEvaluation(res('KM', { numExamples: 7 }), { siteId: 'KM', ins: INS })).toMatchObject({ code: 'count-mismatch', reason: /sum to 6, numExamples is 7/ });
    const shifted = res('KM', { positiveHistogram: [0, 1, 1, 2], negativeHistogram: [1, 0, 1, 0] });
    expect(checkEvaluation(shifted, { siteId: 'KM', ins: INS })).toMatchObject({ code: 'count-mismatch', reason: /hold 4 positive and 2 negative/ });
  });

  it('accepts a withheld result only when it carries no counts', () => {
    const zero = { confusion: { tp: 0, fp: 0, tn: 0, fn: 0 }, positiveHistogram: [0, 0, 0, 0], negativeHistogram: [0, 0, 0, 0], withheld: true, numExamples: 3 };
    expect(checkEvaluation(res('KM', zero), { siteId: 'KM', ins: INS })).toBeNull();
    expect(checkEvaluation(res('KM', { ...zero, positiveHistogram: [0, 1, 0, 0] }), { siteId: 'KM', ins: INS })?.code).toBe('withheld-detail');
  });
});

describe('acceptEvaluations', () => {
  it('keeps the good results and turns a bad one and a transport error into failures of their sites', () => {
    const plan = new Map([
      ['KM', INS],
      ['NIHCC', INS],
      ['NIOSH', INS],
    ]);
    const ten = new Array<number>(10).fill(0);
    const { accepted, failures } = acceptEvaluations(plan, [
      { siteId: 'KM', res: res('KM') },
      { siteId: 'NIHCC', res: res('NIHCC', { positiveHistogram: ten, negativeHistogram: ten }) },
      { siteId: 'NIOSH', error: 'evaluate on NIOSH missed its 100 ms deadline' },
    ]);
    expect(accepted.map((r) => r.siteId)).toEqual(['KM']);
    expect(failures.map((f) => [f.siteId, f.rejection?.code])).toEqual([
      ['NIHCC', 'histogram-bins'],
      ['NIOSH', undefined],
    ]);
    expect(failures[1]?.reason).toBe('evaluate on NIOSH missed its 100 ms deadline');
  });
});
