/**
 * The boundary check every EvaluateRes passes before its counts are summed into federated metrics: right run,
 * round and site, the histogram bin count its EvaluateIns asked for, counts that agree with each other, and
 * nothing but the example count from a withheld evaluation. A rejection is typed (a code naming the broken
 * rule, plus a reason in words) so the round can log it and record it as that site's failure; one site's bad
 * evaluation never drops the others' metrics. Pure.
 */
import type { EvaluateIns, EvaluateRes } from './types.js';

/** Which rule an EvaluateRes broke. */
export type EvaluationRejectionCode =
  | 'wrong-run'
  | 'wrong-round'
  | 'wrong-site'
  | 'histogram-bins'
  | 'count-mismatch'
  | 'withheld-detail';

/** Why an EvaluateRes was not summed. */
export interface EvaluationRejection {
  readonly code: EvaluationRejectionCode;
  /** What was wrong, naming the expected and received values. */
  readonly reason: string;
}

/** What one site's EvaluateRes must match: its EvaluateIns and the site it was sent to. */
export interface EvaluationExpectation {
  readonly siteId: string;
  readonly ins: Pick<EvaluateIns, 'runId' | 'round' | 'histogramBins'>;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Why `res` is unacceptable as the answer to `exp`, or null when its counts may be summed. */
export function checkEvaluation(res: EvaluateRes, exp: EvaluationExpectation): EvaluationRejection | null {
  const { ins, siteId } = exp;
  if (res.runId !== ins.runId) return { code: 'wrong-run', reason: `evaluation names run ${JSON.stringify(res.runId)}, expected ${ins.runId}` };
  if (res.round !== ins.round) return { code: 'wrong-round', reason: `evaluation for round ${res.round} arrived in round ${ins.round}` };
  if (res.siteId !== siteId) return { code: 'wrong-site', reason: `evaluation names site ${res.siteId}, it was asked of ${siteId}` };
  const pos = res.positiveHistogram.length;
  const neg = res.negativeHistogram.length;
  if (pos !== ins.histogramBins || neg !== ins.histogramBins) {
    return {
      code: 'histogram-bins',
      reason: `histograms have ${pos} (positive) and ${neg} (negative) bins; EvaluateIns asked for ${ins.histogramBins}`,
    };
  }
  const c = res.confusion;
  const counted = c.tp + c.fp + c.tn + c.fn;
  if (res.withheld) {
    const detail = counted + sum(res.positiveHistogram) + sum(res.negativeHistogram);
    if (detail !== 0) return { code: 'withheld-detail', reason: `a withheld evaluation must carry zero counts, got ${detail} counted examples` };
    return null;
  }
  if (counted !== res.numExamples) {
    return { code: 'count-mismatch', reason: `confusion counts sum to ${counted}, numExamples is ${res.numExamples}` };
  }
  const p = sum(res.positiveHistogram);
  const n = sum(res.negativeHistogram);
  if (p !== c.tp + c.fn || n !== c.tn + c.fp) {
    return {
      code: 'count-mismatch',
      reason: `histograms hold ${p} positive and ${n} negative examples; the confusion counts hold ${c.tp + c.fn} and ${c.tn + c.fp}`,
    };
  }
  return null;
}

/** The rejection as one line for logs and the ledger: `evaluation rejected (histogram-bins): …`. */
export function describeRejection(r: EvaluationRejection): string {
  return `evaluation rejected (${r.code}): ${r.reason}`;
}

/** One site's answer to EvaluateIns as the round collected it: a result, or the error it failed with. */
export interface EvaluationAnswer {
  readonly siteId: string;
  readonly res?: EvaluateRes;
  readonly error?: string;
}

/** A site whose evaluation is not summed: the transport's error, or a typed rejection of its result. */
export interface EvaluationFailure {
  readonly siteId: string;
  readonly reason: string;
  /** Set when the result arrived but broke a rule. */
  readonly rejection?: EvaluationRejection;
}

/**
 * Splits a round's evaluation answers into results to sum and failures to record, checking each result
 * against the EvaluateIns its site was sent (`plan`). Pure: the caller logs and records the failures.
 */
export function acceptEvaluations(
  plan: ReadonlyMap<string, Pick<EvaluateIns, 'runId' | 'round' | 'histogramBins'>>,
  answers: readonly EvaluationAnswer[],
): { readonly accepted: EvaluateRes[]; readonly failures: EvaluationFailure[] } {
  const accepted: EvaluateRes[] = [];
  const failures: EvaluationFailure[] = [];
  for (const a of answers) {
    const ins = plan.get(a.siteId);
    if (!a.res || !ins) {
      failures.push({ siteId: a.siteId, reason: a.error ?? (ins ? 'no result' : 'site was not asked to evaluate') });
      continue;
    }
    const rejection = checkEvaluation(a.res, { siteId: a.siteId, ins });
    if (rejection) failures.push({ siteId: a.siteId, reason: describeRejection(rejection), rejection });
    else accepted.push(a.res);
  }
  return { accepted, failures };
}
