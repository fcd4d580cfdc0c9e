import { describe, expect, it } from 'vitest';
import { aggregateRows, type StoredCell } from '../../../experiments/aggregate.js';
import { parseExperiment } from '../../../experiments/config.js';
import type { EvalRecord } from '../../../experiments/evaluate-model.js';
import { goalChecks, goalMarkdown } from '../../../experiments/goal.js';

const labels = [0, 0, 0, 1, 1, 1];
/** Scores ranking `right` of the three positive/negative pairs correctly (3 → AUC 1, 0 → AUC 0). */
const scoresFor = (right: number): number[] => [0.1, 0.2, 0.3, right >= 1 ? 0.9 : 0.05, right >= 2 ? 0.8 : 0.04, right >= 3 ? 0.7 : 0.03];
const rec = (model: string, right: number, valAuc?: number): EvalRecord => ({ model, evalOn: 'mixed', labels, scores: scoresFor(right), threshold: 0.5, ...(valAuc !== undefined ? { valAuc } : {}) });
const cell = (section: 'central' | 'federated', method: string, seed: number, evals: EvalRecord[]): StoredCell => ({
  key: `${section}/random/study/s${seed}/${method}`,
  meta: { section, init: 'random', size: 'study', seed, method },
  result: { evals, probes: [], seconds: 1 },
});

function cells(withVal: boolean): StoredCell[] {
  return [1, 2].flatMap((seed) => [
    cell('central', 'alone:2', seed, [rec('mixed alone', 1)]),
    cell('central', 'pooled-skewed', seed, [rec('pooled gz+nihcc', 1)]),
    // A wins on test, B on validation
    cell('federated', 'a', seed, [rec('a', 3, withVal ? 0.6 : undefined)]),
    cell('federated', 'b', seed, [rec('b', 2, withVal ? 0.9 : undefined)]),
  ]);
}

describe('goal check', () => {
  const c = parseExperiment({ name: 't', kind: 'real', federated: { inits: ['random'], sizes: ['study'] }, resamples: 100 });

  it("checks the method with the best mean AUC on the mixed site's validation folds, naming the best on test beside it", () => {
    const stored = cells(true);
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    expect(block).toMatchObject({ init: 'random', size: 'study', best: 'b', chosenOn: 'validation', bestOnTest: 'a' });
    expect(block?.checks[0]?.detail).toMatch(/^b − mixed alone/);
    expect(goalMarkdown(block ? [block] : []).join('\n')).toContain('chosen on validation: b (best on test: a)');
  });

  it('lists every federated method in validation order against the mixed site alone, collapsed ones marked', () => {
    const flat = (model: string): EvalRecord => ({ ...rec(model, 3, 0.99), scores: [0.5, 0.5, 0.5, 0.50002, 0.50002, 0.50002] });
    const stored = [...cells(true), ...[1, 2].map((seed) => cell('federated', 'c', seed, [flat('c')]))];
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    expect(block?.standings.map((x) => [x.model, x.valAuc, x.eligible])).toEqual([['c', 0.99, false], ['b', 0.9, true], ['a', 0.6, true]]);
    // a ranks 3 of 3 pairs, mixed alone 1 of 3 (AUCs 1 and 1/3): the same paired difference the check reports
    expect(block?.standings[2]?.folds).toMatchObject({ value: 1 - 1 / 3, pairs: 2 });
    expect(block?.standings[2]?.external).toBeNull();
    const md = goalMarkdown(block ? [block] : []).join('\n');
    expect(md).toContain('| c (not eligible: collapsed) | 0.990 |');
    expect(md).toMatch(/\| b \| 0\.900 \| 0\.333 \(/);
  });

  it('measures the centralised references (images pooled) against the mixed site alone beside the federated methods, never choosing them', () => {
    // pooled (all sites) ranks every pair in both seeds (AUC 1), mixed alone one of three: the ceiling beats it
    // the untrained init ranks two of three pairs on the same folds
    const stored = [
      ...cells(true),
      ...[1, 2].flatMap((seed) => [cell('central', 'pooled', seed, [rec('pooled (all sites)', 3, 0.97)]), cell('central', 'init', seed, [rec('before training (init)', 2)])]),
    ];
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    expect(block?.best).toBe('b');
    expect(block?.standings.map((x) => x.model)).toEqual(['b', 'a']);
    expect(block?.references.map((x) => [x.model, x.valAuc, x.eligible])).toEqual([
      ['pooled (all sites)', 0.97, true],
      ['pooled gz+nihcc', null, true],
      ['before training (init)', null, true],
    ]);
    expect(block?.references[2]?.folds).toMatchObject({ value: 2 / 3 - 1 / 3, pairs: 2 });
    // what training added to the init on the same folds: a ranks 3 of 3 pairs, b 2 of 3 (as the init), pooled 3
    expect(block?.standings.map((x) => [x.model, x.overInit?.folds.value])).toEqual([
      ['b', 0],
      ['a', 1 - 2 / 3],
    ]);
    // pooled ranks 3 of 3, pooled gz+nihcc 1 of 3; the init is not compared with itself
    expect(block?.references.map((x) => x.overInit?.folds.value ?? null)).toEqual([1 - 2 / 3, 1 / 3 - 2 / 3, null]);
    expect(block?.references[0]?.folds).toMatchObject({ value: 1 - 1 / 3, pairs: 2 });
    // pooled gz+nihcc ranks as mixed alone does: a difference of 0
    expect(block?.references[1]?.folds).toMatchObject({ value: 0, pairs: 2 });
    const md = goalMarkdown(block ? [block] : []).join('\n');
    expect(md).toContain('Centralised references');
    expect(md).toMatch(/\| pooled \(all sites\) \| 0\.970 \| 0\.667 \(/);
    expect(md).toContain('| method | mean validation AUC | vs alone, test folds | vs init, test folds |');
    expect(md).toMatch(/\| a \| 0\.600 \| 0\.667 \([^|]*\) \| 0\.333 \(/);
    // without a pooled cell only the skewed reference is listed
    const [plain] = goalChecks(cells(true), aggregateRows(cells(true), 100), c);
    expect(plain?.references.map((x) => x.model)).toEqual(['pooled gz+nihcc']);
  });

  it('falls back to the best on test, saying so, for cells stored without validation AUCs', () => {
    const stored = cells(false);
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    expect(block).toMatchObject({ best: 'a', chosenOn: 'test' });
    expect(goalMarkdown(block ? [block] : []).join('\n')).toContain('best on test (no validation AUCs stored): a');
  });

  it('never chooses a method whose scores collapsed, however well its residue ranks', () => {
    const flat = (model: string): EvalRecord => ({ ...rec(model, 3, 0.99), scores: [0.5, 0.5, 0.5, 0.50002, 0.50002, 0.50002] });
    const stored = [...cells(true), ...[1, 2].map((seed) => cell('federated', 'c', seed, [flat('c')]))];
    const rows = aggregateRows(stored, 100);
    expect(rows.find((r) => r.model === 'c')).toMatchObject({ collapsed: 2, groups: 2 });
    const [block] = goalChecks(stored, rows, c);
    expect(block).toMatchObject({ best: 'b', bestOnTest: 'a', excluded: ['c'] });
    expect(goalMarkdown(block ? [block] : []).join('\n')).toContain('Not eligible (scores on the mixed site collapsed in some seed): c.');
  });

  it('repeats the mixed-site checks on the external set for the same method, when it was scored there', () => {
    // b is chosen on validation; on the external set it ranks every pair (AUC 1), mixed alone one of three
    const ext = (r: EvalRecord, right: number): EvalRecord => ({ ...r, evalOn: 'external', scores: scoresFor(right) });
    const stored = cells(true).map((x) => {
      const e = x.result.evals[0] as EvalRecord;
      const right = e.model === 'b' ? 3 : e.model === 'mixed alone' ? 1 : 2;
      return { ...x, result: { ...x.result, evals: [e, ext(e, right)] } };
    });
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    const external = block?.checks.filter((k) => k.what.startsWith('external:')) ?? [];
    expect(external.map((k) => k.what)).toEqual([
      'external: AUC beats mixed alone (paired difference, CI excludes 0)',
      'external: AUC beats pooled gz+nihcc (paired difference, CI excludes 0)',
      'external: sensitivity and specificity at least those of mixed alone',
    ]);
    expect(external[0]?.detail).toMatch(/^b − mixed alone: 0\.667/);
    expect(external[0]?.met).toBe(true);
    // without external records there are no external checks
    const [plain] = goalChecks(cells(true), aggregateRows(cells(true), 100), c);
    expect(plain?.checks.some((k) => k.what.startsWith('external:'))).toBe(false);
  });

  it('does not count a win over a baseline that collapsed in some seed', () => {
    const stored = cells(true).map((x) =>
      x.meta.method === 'alone:2' && x.meta.seed === 1 ? { ...x, result: { ...x.result, evals: [{ ...rec('mixed alone', 1), scores: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3] }] } } : x,
    );
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    expect(block?.checks[0]).toMatchObject({ met: null });
    expect(block?.checks[0]?.detail).toMatch(/mixed alone collapsed in 1\/2 seeds, so the comparison is not valid/);
  });

  it('checks a personalised best ("X+ensemble") on the one-class sites through X, the model they deploy', () => {
    // Prepare: b+ensemble wins on validation at mixed; gz (disease only) and nihcc (normal only) deploy b itself
    const one = (model: string, on: string, y: number, scores: number[]): EvalRecord => ({ model, evalOn: on, labels: scores.map(() => y), scores, threshold: 0.5 });
    const stored = cells(true).flatMap((x) => {
      if (x.meta.method !== 'b') return [x];
      const seed = x.meta.seed ?? 1;
      const b = [...x.result.evals, one('b', 'gz', 1, [0.9, 0.8, 0.3]), one('b', 'nihcc', 0, [0.1, 0.2, 0.3])];
      return [
        { ...x, result: { ...x.result, evals: [...b, rec('b+ensemble', 3, 0.95)] } },
        cell('central', 'alone:0', seed, [one('gz alone', 'gz', 1, [0.9, 0.9, 0.9])]),
        cell('central', 'alone:1', seed, [one('nihcc alone', 'nihcc', 0, [0.1, 0.1, 0.1])]),
      ];
    });
    // Execute
    const [block] = goalChecks(stored, aggregateRows(stored, 100), c);
    // Assert: chosen on validation, and gz's sensitivity is b's (2 of 3), not missing
    expect(block?.best).toBe('b+ensemble');
    expect(block?.checks.find((k) => k.what.startsWith('gz loses nothing'))).toMatchObject({ detail: '0.667 vs gz alone 1.000', met: false });
    expect(block?.checks.find((k) => k.what.startsWith('nihcc loses nothing'))).toMatchObject({ detail: '1.000 vs nihcc alone 1.000', met: true });
  });
});
