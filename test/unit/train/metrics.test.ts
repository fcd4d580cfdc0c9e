import { describe, expect, it } from 'vitest';
import {
  accuracy,
  bootstrapAucCI,
  confusionAt,
  f1,
  precision,
  rocAuc,
  rocCurve,
  sensitivity,
  specificity,
  thresholdAtSensitivity,
  youdenThreshold,
} from '../../../shared/train/metrics.js';
import { chooseThreshold, evaluateAt, reportToJson } from '../../../shared/train/threshold.js';
import { ValueError } from '../../../shared/domain/errors.js';

// Hand-worked case: positives score 0.9, 0.8, 0.4; negatives score 0.7, 0.3, 0.2, 0.1.
const scores = [0.9, 0.8, 0.4, 0.7, 0.3, 0.2, 0.1];
const labels = [1, 1, 1, 0, 0, 0, 0];

describe('confusion-based metrics', () => {
  it('count the confusion matrix at a threshold (score >= t is positive)', () => {
    const c = confusionAt(scores, labels, 0.5);
    expect(c).toEqual({ tp: 2, fn: 1, fp: 1, tn: 3 });
    expect(confusionAt(scores, labels, 0.4)).toEqual({ tp: 3, fn: 0, fp: 1, tn: 3 });
  });

  it('derive sensitivity, specificity, accuracy, precision and F1 from counts', () => {
    const c = { tp: 2, fn: 1, fp: 1, tn: 3 };
    expect(sensitivity(c).value).toBeCloseTo(2 / 3, 12);
    expect(specificity(c).value).toBeCloseTo(3 / 4, 12);
    expect(accuracy(c).value).toBeCloseTo(5 / 7, 12);
    expect(precision(c).value).toBeCloseTo(2 / 3, 12);
    expect(f1(c).value).toBeCloseTo(4 / 6, 12);
  });

  it('return null with a reason (never NaN) when a metric is undefined', () => {
    const onlyNeg = { tp: 0, fn: 0, fp: 2, tn: 3 };
    const s = sensitivity(onlyNeg);
    expect(s.value).toBeNull();
    expect(s.reason).toMatch(/no positive/);
    expect(precision({ tp: 0, fn: 1, fp: 0, tn: 1 }).reason).toMatch(/nothing predicted positive/);
    expect(specificity({ tp: 1, fn: 0, fp: 0, tn: 0 }).value).toBeNull();
    expect(rocAuc([0.1, 0.2], [1, 1]).reason).toMatch(/only one class/);
  });

  it('reject mismatched lengths and non-binary labels', () => {
    expect(() => confusionAt([0.1], [1, 0], 0.5)).toThrow(ValueError);
    expect(() => rocAuc([0.1, 0.2], [1, 2])).toThrow(/expected 0 or 1/);
  });
});

describe('ROC-AUC', () => {
  it('equals the fraction of correctly ordered positive/negative pairs', () => {
    // Pairs (3×4 = 12): 0.4 loses to 0.7 only → 11/12.
    expect(rocAuc(scores, labels).value).toBeCloseTo(11 / 12, 12);
  });

  it('counts tied positive/negative pairs as one half (mid-ranks)', () => {
    // pos {0.5, 0.5}, neg {0.5, 0.2}: pairs: (0.5,0.5)=½ ×2, (0.5,0.2)=1 ×2 → 3/4.
    expect(rocAuc([0.5, 0.5, 0.5, 0.2], [1, 1, 0, 0]).value).toBeCloseTo(0.75, 12);
    // All scores equal: chance.
    expect(rocAuc([0.3, 0.3, 0.3], [1, 0, 0]).value).toBeCloseTo(0.5, 12);
  });

  it('agrees with a brute-force pair count on random data with many ties', () => {
    const rand = (i: number): number => ((i * 7919) % 13) / 13;
    const s = Array.from({ length: 60 }, (_, i) => rand(i));
    const y = Array.from({ length: 60 }, (_, i) => ((i * 31) % 7 < 3 ? 1 : 0));
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < 60; i++)
      for (let j = 0; j < 60; j++)
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
    expect(rocAuc(s, y).value).toBeCloseTo(wins / pairs, 12);
  });

  it('builds the ROC curve from (0,0) to (1,1) with one point per distinct score', () => {
    const curve = rocCurve(scores, labels);
    expect(curve[0]).toEqual({ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 });
    expect(curve.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(curve).toHaveLength(8);
    expect(curve[3]).toEqual({ threshold: 0.7, fpr: 0.25, tpr: 2 / 3 });
  });

  it('gives a seeded bootstrap CI that contains the AUC and is reproducible', () => {
    const a = bootstrapAucCI(scores, labels, { seed: 7, resamples: 300 });
    const b = bootstrapAucCI(scores, labels, { seed: 7, resamples: 300 });
    expect(a.ci).toEqual(b.ci);
    const [lo, hi] = a.ci!;
    expect(lo).toBeLessThanOrEqual(a.auc.value!);
    expect(hi).toBeGreaterThanOrEqual(a.auc.value!);
    expect(lo).toBeLessThan(hi);
    expect(hi).toBeLessThanOrEqual(1);
    expect(bootstrapAucCI([0.1, 0.2], [0, 0]).ci).toBeNull();
  });
});

describe('thresholds', () => {
  it('picks the Youden threshold maximising sensitivity + specificity − 1', () => {
    // At t=0.8: tpr 2/3, fpr 0 → J=0.667; at t=0.4: tpr 1, fpr .25 → J=.75 (best); the next lower score is 0.3.
    expect(youdenThreshold(scores, labels)).toEqual({ threshold: 0.35, j: 0.75 });
  });

  it('puts the Youden threshold in the middle of the gap that separates the classes, not on a positive score', () => {
    expect(youdenThreshold([0.9, 0.6, 0.2, 0.1], [1, 1, 0, 0])).toEqual({ threshold: 0.4, j: 1 });
    // The best point calls every image positive: there is no lower score, so the threshold is the lowest score.
    expect(youdenThreshold([0.1, 0.9], [1, 0])).toEqual({ threshold: 0.1, j: 0 });
  });

  it('picks the highest threshold reaching a target sensitivity', () => {
    expect(thresholdAtSensitivity(scores, labels, 0.6)).toBe(0.8);
    expect(thresholdAtSensitivity(scores, labels, 0.9)).toBe(0.4);
    expect(thresholdAtSensitivity(scores, [0, 0, 0, 0, 0, 0, 0], 0.9)).toBeNull();
  });

  it('chooses on validation and applies the fixed threshold to test', () => {
    const chosen = chooseThreshold(scores, labels, { kind: 'youden' });
    expect(chosen).toMatchObject({ threshold: 0.35, source: 'validation' });
    const test = evaluateAt([0.45, 0.3, 0.5, 0.1], [1, 1, 0, 0], chosen, { resamples: 50 });
    expect(test.threshold).toBe(0.35);
    expect(test.confusion).toEqual({ tp: 1, fn: 1, fp: 1, tn: 1 });
    const json = reportToJson(test);
    expect(json.sensitivity).toBe(0.5);
    expect(json.auc).toBeCloseTo(0.5, 12);
  });

  it('falls back to 0.5 with a reason when validation has one class', () => {
    const chosen = chooseThreshold([0.2, 0.9], [0, 0], { kind: 'sensitivity', target: 0.9 });
    expect(chosen.threshold).toBe(0.5);
    expect(chosen.fallbackReason).toMatch(/lacks a class/);
  });
});
