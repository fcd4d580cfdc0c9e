/**
 * One federated round, composed of phases that return data (CONVENTIONS 18):
 * sample → fit → validate → aggregate → durable commit ‖ evaluate.
 * The state machine (`round-machine.ts`) names where the round is and logs every transition. Evaluation runs
 * while the commit is written (not for a round that spends privacy), and its results are recorded against the
 * round only once the commit is durable; a failed commit discards them. The loop knows
 * only ClientProxy and Strategy; a site's failure is data (SiteFailure), never an exception that kills
 * the round.
 */
import { errorMessage } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { logger } from '../shared/log.js';
import { notify, type PhaseName } from './observer.js';
import { evaluatePhase } from './evaluate-phase.js';
import { RoundMachine } from './round-machine.js';
import { aggregatePhase, ArrivalValidation, fitPhase, isPhaseFailure, quorumFailure, samplePhase, screenPhase } from './round-phases.js';
import type { EvaluationRecord, RoundInputs, RoundOutcome, SiteFitRecord } from './round-types.js';

export type { RoundState } from './round-machine.js';
export type { EvaluationRecord, RoundInputs, RoundOptions, RoundOutcome, SiteFitRecord } from './round-types.js';

const log = logger('coordinator.rounds');

const NOT_EVALUATED: EvaluationRecord = { siteEvaluations: [], evaluateFailures: [] };

/** Runs one round attempt to `committed` (then `evaluated`) or `failed`. Never throws for a site's failure. */
export async function runRound(inp: RoundInputs): Promise<RoundOutcome> {
  const t0 = performance.now();
  const m = new RoundMachine(inp.spec.runId, inp.round, inp.attempt, inp.observer);
  const phase = (name: PhaseName, ms: number): void => notify(inp.observer, 'onPhase', inp.round, name, ms / 1000);
  const end = (out: RoundOutcome): RoundOutcome => (notify(inp.observer, 'onRoundEnd', out), out);
  const timings = { totalMs: 0, fitMs: 0, aggregateMs: 0, evaluateMs: 0, commitMs: 0 };
  let fit: readonly SiteFitRecord[] = [];
  const fail = (reason: string): RoundOutcome => {
    m.to('failed', { reason });
    timings.totalMs = performance.now() - t0;
    return end({ round: inp.round, attempt: inp.attempt, state: 'failed', reason, global: inp.global, fit, ...NOT_EVALUATED, timings, history: m.history });
  };

  m.to('sampling', { available: inp.sites.length });
  const plan = samplePhase(inp);
  if (isPhaseFailure(plan)) return fail(plan.failed);
  phase('sampling', performance.now() - t0);

  m.to('fitting', { sampled: [...plan.instructions.keys()] });
  const tFit = performance.now();
  // Each result is checked as it arrives; what is left after the last one is the records and the screen.
  const arrivals = new ArrivalValidation(inp, plan);
  const answers = await fitPhase(inp, plan, (a) => arrivals.offer(a));
  timings.fitMs = performance.now() - tFit;
  const tValidate = performance.now();
  const validated = screenPhase(inp, arrivals.finish(answers));
  phase('validation', performance.now() - tValidate);
  fit = validated.records;
  const quorum = quorumFailure(inp, validated);
  if (quorum) return fail(quorum.failed);

  m.to('aggregating', { results: validated.accepted.length, failures: validated.failures.length });
  const tAgg = performance.now();
  const next = aggregatePhase(inp, validated);
  if (isPhaseFailure(next)) return fail(next.failed);
  timings.aggregateMs = performance.now() - tAgg;
  phase('aggregation', timings.aggregateMs);

  const privacy = inp.strategy.privacy?.(inp.round);
  const tCommit = performance.now();
  timings.totalMs = tCommit - t0;
  // The commit's synchronous part (the strategy's state, the checkpoint's contents) runs before evaluation starts.
  const committing = settled(() => inp.commit({ round: inp.round, attempt: inp.attempt, global: next, fit, timings, history: m.history, fitAnomalies: validated.anomalies, ...(privacy ? { privacy } : {}) }));
  // Evaluation overlaps the commit's writes and fsyncs (the sites work meanwhile; the coordinator only waits)
  // unless the round spends privacy: a DP global released to sites before it is durable would be unaccounted
  // if the commit then failed and the round were aggregated again. Nothing of the evaluation is recorded
  // before the commit is durable (`evaluateCommitted` runs after it).
  const overlap = inp.options.evaluate && privacy === undefined;
  const evaluating = overlap ? timedEvaluation(inp, plan, next) : undefined;
  const commitError = await committing;
  timings.commitMs = performance.now() - tCommit;
  if (commitError !== null) {
    // The sites must be idle again before a retry sends them FitIns; the evaluation is discarded.
    await evaluating;
    return fail(`commit failed: ${errorMessage(commitError)}`);
  }
  phase('commit', timings.commitMs);
  m.to('committed', { ms: Math.round(performance.now() - t0), ...(overlap ? { evaluationOverlapped: true } : {}) });

  const evaluated = inp.options.evaluate ? await evaluateCommitted(inp, m, evaluating ?? timedEvaluation(inp, plan, next), timings) : NOT_EVALUATED;
  if (inp.options.evaluate) phase('evaluation', timings.evaluateMs);
  timings.totalMs = performance.now() - t0;
  return end({ round: inp.round, attempt: inp.attempt, state: 'committed', global: next, fit, ...evaluated, timings, history: m.history, fitAnomalies: validated.anomalies, ...(privacy ? { privacy } : {}) });
}

/** The commit's error, or null once it succeeded (never rejects; a synchronous throw counts as its error). */
function settled(commit: () => Promise<void>): Promise<unknown> {
  try {
    return commit().then(
      () => null,
      (err: unknown) => err ?? new Error('commit rejected without a reason'),
    );
  } catch (err) {
    return Promise.resolve(err ?? new Error('commit threw without a reason'));
  }
}

/** Federated evaluation of `global` with its own clock (it may run while the commit is being written). */
async function timedEvaluation(inp: RoundInputs, plan: Parameters<typeof evaluatePhase>[1], global: TensorSet): Promise<{ record: EvaluationRecord; ms: number }> {
  const t = performance.now();
  const record = await evaluatePhase(inp, plan, global);
  return { record, ms: performance.now() - t };
}

/** Records a committed round's evaluation (or its typed failure) against it; call only once the commit is durable. */
async function evaluateCommitted(inp: RoundInputs, m: RoundMachine, evaluation: Promise<{ record: EvaluationRecord; ms: number }>, timings: { evaluateMs: number }): Promise<EvaluationRecord> {
  const { record, ms } = await evaluation;
  timings.evaluateMs = ms;
  if (record.evaluationFailure !== undefined) m.to('evaluation_failed', { reason: record.evaluationFailure });
  else m.to('evaluated', { auc: record.evaluation?.auc ?? null, failures: record.evaluateFailures.length });
  try {
    inp.recordEvaluation(inp.round, inp.attempt, record, m.history);
  } catch (err) {
    // The round is durable already; losing its evaluation rows is logged, not fatal.
    log.error({ round: inp.round, err: errorMessage(err) }, 'could not record the evaluation of a committed round');
  }
  return record;
}
