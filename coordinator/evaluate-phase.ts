/**
 * The evaluate phase of a committed round: every site the strategy picks evaluates the committed global on
 * its test split; results pass `acceptEvaluations` (acceptance.ts); the strategy combines the accepted ones
 * into federated metrics. Returns data: a site's failure is a SiteFailure, a failure of the evaluation as a
 * whole is `evaluationFailure` (a typed reason the ledger records against the round).
 */
import { errorMessage } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { EvaluateRes, FederatedEvaluation, SiteFailure } from '../shared/federation/types.js';
import { acceptEvaluations } from './acceptance.js';
import { logger } from '../shared/log.js';
import { screenEvaluations } from './robust-phase.js';
import type { Anomaly } from '../shared/federation/anomaly.js';
import type { EvaluationRecord, FitPlan, RoundInputs } from './round-types.js';

const log = logger('coordinator.rounds');

/** Federated evaluation of `global` (the round's committed tensors). Never throws. */
export async function evaluatePhase(inp: RoundInputs, plan: FitPlan, global: TensorSet): Promise<EvaluationRecord> {
  const byId = new Map(inp.sites.map((s) => [s.proxy.siteId, s.proxy]));
  const instructions = inp.strategy.configureEvaluate(inp.round, global, plan.siteInfos);
  const answers = await Promise.all(
    [...instructions.entries()].map(async ([siteId, ins]): Promise<{ siteId: string; res?: EvaluateRes; error?: string }> => {
      const proxy = byId.get(siteId);
      if (!proxy) return { siteId, error: 'not connected' };
      const prep = await inp.preparation.ensure(proxy);
      if (prep) return { siteId, error: prep };
      try {
        return { siteId, res: await proxy.evaluate(ins, inp.options.evaluateDeadlineMs) };
      } catch (err) {
        return { siteId, error: errorMessage(err) };
      }
    }),
  );
  const checked = acceptEvaluations(instructions, answers);
  const evaluateFailures: SiteFailure[] = [];
  for (const f of checked.failures) {
    evaluateFailures.push({ siteId: f.siteId, reason: f.reason });
    log.warn({ round: inp.round, site: f.siteId, code: f.rejection?.code, reason: f.reason }, f.rejection ? 'evaluation rejected' : 'site failed to evaluate');
  }
  // Plausible counts only: bounded by the enrolled (or registered) test count (robust-phase.ts).
  const bounded = screenEvaluations(inp.round, checked.accepted, new Map(inp.sites.map((s) => [s.proxy.siteId, s.registration])), inp.options);
  const siteEvaluations: EvaluateRes[] = bounded.kept;
  evaluateFailures.push(...bounded.failures);
  // A result that broke a wire rule names its site in the ledger too, like the screen's own rejections.
  const anomalies: Anomaly[] = [
    ...checked.failures.flatMap((f): Anomaly[] => (f.rejection ? [{ siteId: f.siteId, kind: 'evaluation-rejected', action: 'rejected', detail: f.reason }] : [])),
    ...bounded.anomalies,
  ];
  let evaluation: FederatedEvaluation;
  try {
    evaluation = inp.strategy.aggregateEvaluate(inp.round, siteEvaluations, evaluateFailures);
  } catch (err) {
    return { siteEvaluations, evaluateFailures, anomalies, evaluationFailure: `evaluation aggregation failed: ${errorMessage(err)}` };
  }
  return { siteEvaluations, evaluateFailures, anomalies, evaluation };
}
