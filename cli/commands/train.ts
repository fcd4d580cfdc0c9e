/**
 * `fedcxr train`: local training at an unfreeze level from a checkpoint or random init, on a manifest,
 * class folder or phantoms; writes a new checkpoint plus a report (curves, validation metrics).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../../shared/domain/errors.js';
import { checkBatchFits, initEngine } from '../../shared/engine/index.js';
import { parseUnfreezeLevel } from '../../shared/model/unfreeze.js';
import { saveCheckpointAtomic } from '../../shared/model/checkpoint-atomic.js';
import { checkpointFromModel } from '../../shared/model/model-checkpoint.js';
import { augmentBatch } from '../../shared/data/augment.js';
import { loadSplitData } from '../../shared/train/data-spec.js';
import { initModel } from '../../shared/train/init-model.js';
import { trainLocal, type AugmentFn } from '../../shared/train/trainer.js';
import { FeatureCache } from '../../shared/train/feature-cache.js';
import { evaluateModel } from '../../shared/train/evaluate.js';
import { rocCurve } from '../../shared/train/metrics.js';
import { reportToJson } from '../../shared/train/threshold.js';
import { DISCLAIMER, writeCurves, writeSplitArtifacts } from '../../shared/train/report.js';
import { batchProgress, epochLine, intOption, numberOption } from '../../shared/train/cli-format.js';

/** Parsed `fedcxr train` options. */
interface TrainCliOptions {
  data: string;
  init: string;
  level: string;
  out: string;
  epochs: number;
  batchSize: number;
  lr: number;
  inputSize?: number;
  seed: number;
  valSplit: number;
  patience?: number;
  classWeights?: string;
  augment?: boolean;
  cache: boolean;
  optimizer: string;
  json?: boolean;
}

/** Augmentation hook over the data helper's augmentBatch (packed batch ⇄ per-image arrays). */
const augment: AugmentFn = (batch, n, size, seed) => {
  const per = size * size * 3;
  const views = augmentBatch(Array.from({ length: n }, (_, i) => batch.subarray(i * per, (i + 1) * per)), seed);
  const out = new Float32Array(batch.length);
  views.forEach((v, i) => out.set(v, i * per));
  return out;
};

/** Registers `fedcxr train`. */
export function register(program: Command): void {
  program
    .command('train')
    .description('train locally at an unfreeze level and save a new checkpoint (research tool, not for clinical use)')
    .requiredOption('--data <spec>', 'manifest.csv | class folder | phantom:SITE[:easy|default|hard][:N]')
    .requiredOption('--init <ckpt|imagenet|random>', 'starting weights: checkpoint dir, random (seeded), imagenet (imported)')
    .requiredOption('--level <L>', 'unfreeze level FC | +B5 | +B4 | +B3 | +B2 | +B1')
    .requiredOption('--out <dir>', 'new checkpoint directory (report files go next to the weights)')
    .option('--epochs <n>', 'epochs', intOption('--epochs', 1), 10)
    .option('--batch-size <n>', 'batch size', intOption('--batch-size', 1), 16)
    .option('--lr <x>', 'learning rate', numberOption('--lr'), 1e-4)
    .option('--optimizer <adam|sgd>', 'optimizer', 'adam')
    .option('--input-size <px>', 'input side (random init; must match a checkpoint)', intOption('--input-size', 32))
    .option('--seed <n>', 'seed of splits, init and shuffling', intOption('--seed', 0), 0)
    .option('--val-split <f>', 'validation (and test) fraction when splits are carved', numberOption('--val-split'), 0.15)
    .option('--patience <n>', 'early stopping on val loss with this patience (restores best)', intOption('--patience', 1))
    .option('--class-weights <balanced>', "'balanced' to weight the BCE by inverse class frequency")
    .option('--augment', 'seeded augmentation (turns the trunk cache off)')
    .option('--no-cache', 'do not cache frozen-trunk activations')
    .option('--json', 'one JSON line per epoch on stdout')
    .action(async (o: TrainCliOptions) => {
      const level = parseUnfreezeLevel(o.level);
      const out = resolve(o.out);
      // Checked before training too (the atomic save refuses as well), so a long run is not lost at the end.
      if (existsSync(out)) throw new ConfigError(`--out ${out} already exists; a checkpoint is never replaced, choose another directory`);
      const info = await initEngine();
      const init = await initModel(o.init, { ...(o.inputSize ? { inputSize: o.inputSize } : {}), seed: o.seed });
      const inputSize = init.config.inputSize;
      checkBatchFits(info, { inputSize, batchSize: o.batchSize, level });
      const data = await loadSplitData(o.data, { inputSize, seed: o.seed, valSplit: o.valSplit });
      const note = data.synthetic ? 'synthetic data (phantoms)' : '';
      if (!o.json) process.stderr.write(`${DISCLAIMER}\n${note ? `${note}\n` : ''}engine: ${info.backend}; train ${data.train.length}, val ${data.val.length} (${data.splitSource})\n`);
      const bar = batchProgress(!o.json);
      const result = await trainLocal({
        model: init.model,
        level,
        train: data.train,
        val: data.val,
        config: {
          epochs: o.epochs,
          batchSize: o.batchSize,
          learningRate: o.lr,
          optimizer: o.optimizer === 'sgd' ? 'sgd' : 'adam',
          seed: o.seed,
          ...(o.classWeights === 'balanced' ? { classWeights: 'balanced' as const } : {}),
          ...(o.patience ? { earlyStopping: { monitor: 'val_loss' as const, patience: o.patience } } : {}),
        },
        ...(o.cache && !o.augment ? { featureCache: new FeatureCache() } : {}),
        ...(o.augment ? { augment } : {}),
        onBatch: bar.onBatch,
        onEpoch: (l) => {
          process.stdout.write(epochLine(l, o.json === true));
        },
      });
      bar.stop();
      const dir = await saveCheckpointAtomic(
        dirname(out),
        basename(out),
        checkpointFromModel(init.model, init.config, {
          source: `train:${data.synthetic ? 'synthetic:' : ''}${o.data}`,
          level,
          notes: `init ${init.source}, ${result.epochs.length} epochs, best ${result.bestEpoch}`,
          ...(init.parent ? { parent: init.parent } : {}),
        }),
        { updateLatest: false },
      );
      await writeCurves(dir, result.epochs, note);
      let val: Record<string, unknown> | null = null;
      if (data.val.length > 0) {
        const ev = evaluateModel(init.model, data.val, { batchSize: o.batchSize, bootstrap: { seed: o.seed } });
        await writeSplitArtifacts(dir, 'val', ev.report, rocCurve(ev.scores, ev.labels), note);
        val = reportToJson(ev.report);
      }
      init.model.dispose();
      const summary = { checkpoint: dir, bestEpoch: result.bestEpoch, synthetic: data.synthetic, validation: val, disclaimer: DISCLAIMER };
      process.stdout.write(o.json ? `${JSON.stringify({ type: 'done', ...summary })}\n` : `checkpoint: ${dir}\nvalidation AUC: ${String(val?.auc ?? 'n/a')}\n${DISCLAIMER}\n`);
    });
}
