/**
 * The demo's paired comparisons: every model against the references (the mixed site alone, the two single-class
 * sites pooled) on the same held-out images, as a paired AUC difference with a bootstrap 95% CI. Pure.
 */
import type { EvalRecord } from './evaluate-model.js';
import { pairedAucDifference, type Estimate } from './stats.js';

/** One model against the references on one evaluation set. */
export interface DemoComparison {
  readonly model: string;
  /** Reference name → AUC(model) − AUC(reference) on the same images; absent for the reference itself. */
  readonly against: Readonly<Record<string, Estimate>>;
}

/**
 * For every model scored on `evalOn`, its paired AUC difference to each reference scored there (models in their
 * order of appearance; the references' own rows compare them with the other references only).
 * @example pairedComparisons(evals, 'external', ['mixed alone'], 1000, 7)[0].against['mixed alone'].value
 */
export function pairedComparisons(evals: readonly EvalRecord[], evalOn: string, references: readonly string[], resamples: number, seed: number): DemoComparison[] {
  const on = evals.filter((e) => e.evalOn === evalOn);
  const byModel = new Map(on.map((e) => [e.model, e]));
  const refs = references.filter((r) => byModel.has(r));
  return [...byModel.values()].map((e) => ({
    model: e.model,
    against: Object.fromEntries(
      refs
        .filter((r) => r !== e.model)
        .map((r) => {
          const ref = byModel.get(r) as EvalRecord;
          if (ref.labels.length !== e.labels.length || ref.labels.some((y, i) => y !== e.labels[i])) throw new Error(`${e.model} and ${r} were scored on different ${evalOn} images; a paired difference needs the same ones`);
          return [r, pairedAucDifference([{ labels: e.labels, a: e.scores, b: ref.scores }], resamples, seed)];
        }),
    ),
  }));
}
