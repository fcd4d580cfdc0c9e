/**
 * `fedcxr evaluate`: scores a checkpoint on a split and reports sensitivity, specificity, accuracy,
 * precision, F1 and ROC-AUC with a bootstrap CI. A threshold is either given or chosen on the validation
 * split (`--threshold-from val`) and then applied to the evaluated split, never tuned on it.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ConfigError } from '../../shared/domain/errors.js';
import { initEngine } from '../../shared/engine/index.js';
import { loadSplitData } from '../../shared/train/data-spec.js';
import { loadModelDir } from '../../shared/train/init-model.js';
import { evaluateModel, predictScores } from '../../shared/train/evaluate.js';
import { rocCurve } from '../../shared/train/metrics.js';
import { chooseThreshold, formatMetric, reportToJson, type ChosenThreshold } from '../../shared/train/threshold.js';
import { DISCLAIMER, metricsMarkdown, writeSplitArtifacts } from '../../shared/train/report.js';
import { intOption, numberOption } from '../../shared/train/cli-format.js';

/** Parsed `fedcxr evaluate` options. */
interface EvaluateCliOptions {
  model: string;
  data: string;
  split: string;
  threshold?: number;
  thresholdFrom?: string;
  rule: string;
  targetSensitivity?: number;
  seed: number;
  valSplit: number;
  batchSize: number;
  out?: string;
  json?: boolean;
}

/** Registers `fedcxr evaluate`. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a checkpoint: sensitivity, specificity, accuracy, precision, F1, ROC-AUC with 95% CI')
    .requiredOption('--model <ckpt>', 'checkpoint directory')
    .requiredOption('--data <spec>', 'manifest.csv | class folder | phantom:SITE[:easy|default|hard][:N]')
    .option('--split <name>', 'split to evaluate: test | val | train | all', 'test')
    .option('--threshold <t>', 'fixed decision threshold', numberOption('--threshold'))
    .option('--threshold-from <split>', "choose the threshold on this split ('val') and apply it to --split")
    .option('--rule <youden|sensitivity>', 'rule for --threshold-from', 'youden')
    .option('--target-sensitivity <s>', 'with --rule sensitivity', numberOption('--target-sensitivity'))
    .option('--seed <n>', 'seed of carved splits and bootstrap', intOption('--seed', 0), 0)
    .option('--val-split <f>', 'fraction per carved split (must match training to reuse its splits)', numberOption('--val-split'), 0.15)
    .option('--batch-size <n>', 'batch size', intOption('--batch-size', 1), 32)
    .option('--out <dir>', 'write metrics JSON, ROC SVG and report.md here')
    .option('--json', 'JSON on stdout')
    .action(async (o: EvaluateCliOptions) => {
      if (o.threshold !== undefined && o.thresholdFrom) throw new ConfigError('give --threshold or --threshold-from, not both');
      if (o.thresholdFrom && o.thresholdFrom !== 'val') throw new ConfigError(`--threshold-from must be 'val', got '${o.thresholdFrom}'`);
      if (!['test', 'val', 'train', 'all'].includes(o.split)) throw new ConfigError(`--split must be test, val, train or all`);
      await initEngine();
      const { model, config } = await loadModelDir(resolve(o.model));
      const data = await loadSplitData(o.data, { inputSize: config.inputSize, seed: o.seed, valSplit: o.valSplit });
      const samples = o.split === 'all' ? [...data.train, ...data.val, ...data.test] : data[o.split as 'test' | 'val' | 'train'];
      if (samples.length === 0) throw new ConfigError(`split '${o.split}' of ${o.data} is empty`);
      let threshold: number | ChosenThreshold = o.threshold ?? 0.5;
      if (o.thresholdFrom === 'val') {
        if (data.val.length === 0) throw new ConfigError(`--threshold-from val: ${o.data} has no validation split`);
        const valScores = predictScores(model, data.val, { batchSize: o.batchSize });
        const rule =
          o.rule === 'sensitivity'
            ? { kind: 'sensitivity' as const, target: o.targetSensitivity ?? 0.9 }
            : { kind: 'youden' as const };
        threshold = chooseThreshold(valScores, Uint8Array.from(data.val, (s) => s.y), rule);
      }
      const ev = evaluateModel(model, samples, { batchSize: o.batchSize, threshold, bootstrap: { seed: o.seed } });
      model.dispose();
      const note = data.synthetic ? 'synthetic data (phantoms)' : '';
      if (o.out) {
        await writeSplitArtifacts(resolve(o.out), o.split, ev.report, rocCurve(ev.scores, ev.labels), note);
      }
      const chosen = typeof threshold === 'number' ? { threshold, source: 'fixed' } : threshold;
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ split: o.split, synthetic: data.synthetic, thresholdChoice: chosen, loss: ev.loss, ...reportToJson(ev.report), disclaimer: DISCLAIMER })}\n`);
        return;
      }
      const lines = [
        DISCLAIMER,
        ...(note ? [note.toUpperCase()] : []),
        ...metricsMarkdown(`${o.split} split of ${o.data}`, ev.report),
        `threshold source: ${chosen.source}${'fallbackReason' in chosen && chosen.fallbackReason ? ` (${chosen.fallbackReason})` : ''}`,
        `AUC ${formatMetric(ev.report.auc.auc)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
