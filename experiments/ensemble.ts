/**
 * Local–global ensembling, a personalisation: a two-class site deploys the mean disease probability of its own
 * locally trained model ("<site> alone", which it can train without federation) and its fine-tuned federated
 * model ("X+finetune"); the operating point is chosen on the site's own validation fold like every other model's.
 * The weights are equal and were fixed before any run: a weight tuned on the same small validation fold would
 * inflate the validation AUC that picks the method. APFL (Deng et al., 2020) is the trained cousin: it mixes the
 * weights of a local and a global model with a learned share.
 */
import { ValueError } from '../shared/domain/errors.js';
import { rocAuc } from '../shared/train/metrics.js';
import type { EvalRecord } from './evaluate-model.js';
import { validationThreshold } from './model-ops.js';

/** The name of method `method`'s ensembled personal model. */
export const ensembleName = (method: string): string => `${method}+ensemble`;

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const mean = (a: readonly number[], b: readonly number[]) => a.map((v, i) => (v + (b[i] as number)) / 2);

/**
 * The record of the model averaging `local`'s and `personal`'s scores on the same set, named `name`; both must
 * carry the validation scores their thresholds were chosen on, over the same images.
 * @example ensembleRecord('fedadam+ensemble', mixedAlone, fedadamFinetune)
 */
export function ensembleRecord(name: string, local: EvalRecord, personal: EvalRecord): EvalRecord {
  const what = `ensemble ${name} of ${local.model} and ${personal.model}`;
  if (local.evalOn !== personal.evalOn) throw new ValueError(`${what}: scored on different sets (${local.evalOn}, ${personal.evalOn})`);
  if (!same(local.labels, personal.labels)) throw new ValueError(`${what}: the ${local.evalOn} labels differ (${local.labels.length} vs ${personal.labels.length} images, or their order)`);
  if (!local.val || !personal.val) throw new ValueError(`${what}: ${local.val ? personal.model : local.model} has no validation scores on ${local.evalOn}`);
  if (!same(local.val.labels, personal.val.labels)) throw new ValueError(`${what}: the validation folds differ`);
  const valScores = mean(local.val.scores, personal.val.scores);
  const th = validationThreshold(valScores, local.val.labels);
  return {
    model: name,
    evalOn: local.evalOn,
    labels: [...local.labels],
    scores: mean(local.scores, personal.scores),
    threshold: th.threshold,
    ...(th.note ? { thresholdNote: th.note } : {}),
    valAuc: rocAuc(valScores, local.val.labels).value,
    val: { labels: [...local.val.labels], scores: valScores },
  };
}
