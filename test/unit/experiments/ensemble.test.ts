import { describe, expect, it } from 'vitest';
import { ensembleName, ensembleRecord } from '../../../experiments/ensemble.js';
import type { EvalRecord } from '../../../experiments/evaluate-model.js';
import { ValueError } from '../../../shared/domain/errors.js';

const record = (model: string, scores: number[], valScores: number[]): EvalRecord => ({
  model,
  evalOn: 'mixed',
  labels: [1, 0, 1, 0],
  scores,
  threshold: 0.5,
  valAuc: null,
  val: { labels: [1, 1, 0, 0], scores: valScores },
});

describe('local–global ensemble', () => {
  it('averages the two models on test and validation, and takes its operating point from the averaged validation scores', () => {
    // Prepare: the local model ranks validation perfectly, the federated one swaps a pair; the mean still separates
    const local = record('mixed alone', [0.9, 0.2, 0.6, 0.4], [0.8, 0.7, 0.3, 0.1]);
    const personal = record('fedadam+finetune', [0.7, 0.4, 0.2, 0.6], [0.9, 0.3, 0.5, 0.1]);
    // Execute
    const e = ensembleRecord(ensembleName('fedadam'), local, personal);
    // Assert
    expect(e.model).toBe('fedadam+ensemble');
    expect(e.evalOn).toBe('mixed');
    expect(e.labels).toEqual([1, 0, 1, 0]);
    e.scores.forEach((v, i) => expect(v).toBeCloseTo([0.8, 0.3, 0.4, 0.5][i]!, 12));
    e.val!.scores.forEach((v, i) => expect(v).toBeCloseTo([0.85, 0.5, 0.4, 0.1][i]!, 12));
    // validation means 0.85, 0.5 (disease) vs 0.4, 0.1 (normal): separated, threshold in the middle of the gap
    expect(e.valAuc).toBe(1);
    expect(e.threshold).toBeCloseTo(0.45, 12);
  });

  it('refuses records scored on different images or without validation scores, naming what differs', () => {
    const a = record('mixed alone', [0.9, 0.2, 0.6, 0.4], [0.8, 0.7, 0.3, 0.1]);
    const b = record('fedavg+finetune', [0.7, 0.4, 0.2, 0.6], [0.9, 0.3, 0.5, 0.1]);
    expect(() => ensembleRecord('x', a, { ...b, evalOn: 'external' })).toThrow(/different sets \(mixed, external\)/);
    expect(() => ensembleRecord('x', a, { ...b, labels: [0, 1, 1, 0] })).toThrow(ValueError);
    const { val: _, ...noVal } = b;
    expect(() => ensembleRecord('x', a, noVal)).toThrow(/fedavg\+finetune has no validation scores on mixed/);
    expect(() => ensembleRecord('x', a, { ...b, val: { labels: [1, 0, 1, 0], scores: [0, 0, 0, 0] } })).toThrow(/validation folds differ/);
  });
});
