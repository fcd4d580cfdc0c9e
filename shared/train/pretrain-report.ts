/**
 * The final report of a pretraining run: validation of the selected weights (with TTA when on), the decision
 * threshold calibrated on validation (Youden), then the internal test carve scored once with that threshold and
 * reported beside validation (and the official test folder, when given).
 */
import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Sample } from '../data/sample.js';
import type { ModelConfig } from '../model/config.js';
import type { EpochLog } from './trainer.js';
import { bceLoss } from './evaluate.js';
import { rocCurve } from './metrics.js';
import { chooseThreshold, evaluateAt, type BinaryReport } from './threshold.js';
import { DEFAULT_TTA_VIEWS, scoreWithTta } from './pretrain-tta.js';
import { DISCLAIMER, metricsMarkdown, writeFileAtomic, writeSplitArtifacts } from './report.js';
import type { PretrainSettings } from './pretrain-settings.js';

/** The splits to score at the end. */
export interface FinalSplits {
  readonly val: readonly Sample[];
  readonly internalTest: readonly Sample[];
  /** The official test folder's carve (empty without --test). */
  readonly externalTest: readonly Sample[];
}

/** What the report says about the run besides the metrics. */
export interface RunSummary {
  readonly commands: readonly string[];
  readonly logs: readonly EpochLog[];
  readonly bestEpoch: number | null;
  readonly statusNote: string;
  readonly counts: { readonly train: number; readonly val: number; readonly internalTest: number };
}

/** Scores one split (TTA when on) and reports it at `threshold`. */
function score(model: tf.LayersModel, samples: readonly Sample[], s: PretrainSettings): { scores: Float32Array; labels: Uint8Array } {
  const views = s.tta ? DEFAULT_TTA_VIEWS : DEFAULT_TTA_VIEWS.slice(0, 1);
  return { scores: scoreWithTta(model, samples, views, s.batchSize), labels: Uint8Array.from(samples, (x) => x.y) };
}

/** Evaluates `model` (the selected weights) and writes `dest/report.md` plus metrics/ROC per split. */
export async function writeFinalReport(
  dest: string,
  s: PretrainSettings,
  config: ModelConfig,
  model: tf.LayersModel,
  splits: FinalSplits,
  run: RunSummary,
): Promise<{ path: string; val: BinaryReport; internalTest: BinaryReport | null }> {
  const boot = { resamples: 1000, seed: s.seed };
  const v = score(model, splits.val, s);
  const youden = chooseThreshold(v.scores, v.labels, { kind: 'youden' });
  const valAtHalf = evaluateAt(v.scores, v.labels, 0.5, boot);
  const valAtYouden = evaluateAt(v.scores, v.labels, youden, boot);
  await writeSplitArtifacts(dest, 'val', valAtHalf, rocCurve(v.scores, v.labels));
  const sections: string[] = [
    ...metricsMarkdown('Validation, threshold 0.5', valAtHalf),
    ...metricsMarkdown('Validation, threshold calibrated on validation (Youden)', valAtYouden),
  ];
  let internal: BinaryReport | null = null;
  if (splits.internalTest.length > 0) {
    const t = score(model, splits.internalTest, s);
    internal = evaluateAt(t.scores, t.labels, youden, boot);
    await writeSplitArtifacts(dest, 'internal-test', internal, rocCurve(t.scores, t.labels));
    sections.push(...metricsMarkdown('Internal test (unseen patients, scored once at the end), validation threshold', internal));
    sections.push(...metricsMarkdown('Internal test at threshold 0.5', evaluateAt(t.scores, t.labels, 0.5, boot)));
    if (s.tta) {
      // What `fedcxr evaluate` reports by default: one view, threshold 0.5.
      const one = score(model, splits.internalTest, { ...s, tta: false });
      sections.push(...metricsMarkdown('Internal test, one view (no TTA), threshold 0.5 (as `fedcxr evaluate` scores by default)', evaluateAt(one.scores, one.labels, 0.5, boot)));
    }
  }
  if (splits.externalTest.length > 0) {
    const t = score(model, splits.externalTest, s);
    const ext = evaluateAt(t.scores, t.labels, youden, boot);
    await writeSplitArtifacts(dest, 'test', ext, rocCurve(t.scores, t.labels));
    sections.push(...metricsMarkdown(`Test folder ${s.test ?? ''}, validation threshold`, ext));
  }
  const carve =
    s.protocol === 'full'
      ? `nested protocol \`full\`: all images of --data, by patient: train ${run.counts.train}, validation ${run.counts.val} (${s.valFraction} per class), internal test ${run.counts.internalTest} (${s.testFraction} per class); class-weighted BCE (balanced)`
      : `protocol \`paper\`: train ${s.nTrain} + ${s.nTrain}, validation ${s.nVal} + ${s.nVal}, by patient; internal test = the ${run.counts.internalTest} images of the patients left over`;
  const lines = [
    '# Pneumonia pretraining report',
    '',
    `**${DISCLAIMER}**`,
    '',
    `Training from random init at ${s.inputSize} px (VGG16 + head ${JSON.stringify(config.head)}, all layers trainable: +B1).`,
    '',
    `- data: ${carve}; seed ${s.seed}`,
    `- optimiser: Adam, peak lr ${s.learningRate}, ${s.warmupEpochs} warm-up epoch(s) then cosine decay to ${s.minLrFactor}× over ${s.epochs} epochs, batch ${s.batchSize}`,
    `- augmentation: ${s.augment}; weight averaging: ${s.emaDecay > 0 ? `EMA, decay ${s.emaDecay}` : 'none'}; test-time augmentation: ${s.tta ? `${DEFAULT_TTA_VIEWS.length} views (identity, zoom ±6 %, shifts ±3 %)` : 'none'}`,
    `- selection: best epoch by validation AUC${s.emaDecay > 0 ? ' of the EMA weights' : ''} (early stopping patience ${s.patience}); threshold calibrated on validation (Youden)`,
    `- epochs run: ${run.logs.length}; best epoch (val AUC): ${run.bestEpoch ?? 'none'}`,
    '- resume restores weights, EMA, the epoch log and the schedule position; Adam moment estimates restart at a resume',
    `- command(s): ${run.commands.map((c) => '`' + c + '`').join(', ')}`,
    ...(run.statusNote ? [`- ${run.statusNote}`] : []),
    '',
    '## Per-epoch curves',
    '',
    '`curves.csv`, `loss.svg`, `auc.svg` (validation columns: the weights selection sees, without TTA)',
    '',
    '| epoch | train loss | train acc | val loss | val AUC | val acc | seconds |',
    '|---|---|---|---|---|---|---|',
    ...run.logs.map(
      (l) =>
        `| ${l.epoch} | ${l.trainLoss.toFixed(4)} | ${l.trainAccuracy.toFixed(3)} | ${l.valLoss?.toFixed(4) ?? ''} | ${l.valAuc?.toFixed(4) ?? ''} | ${l.valAccuracy?.toFixed(3) ?? ''} | ${l.seconds.toFixed(0)} |`,
    ),
    '',
    '## Validation metrics of the best epoch',
    '',
    ...sections,
    `Validation loss of the final scores: ${bceLoss(v.scores, v.labels).toFixed(4)}. Youden threshold on validation: ${youden.threshold.toFixed(4)}.`,
    '',
  ];
  const path = join(dest, 'report.md');
  await writeFileAtomic(path, `${lines.join('\n')}\n`);
  return { path, val: valAtYouden, internalTest: internal };
}
