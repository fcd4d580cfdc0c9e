/**
 * `fedcxr pretrain`: the pneumonia stage (Kermany-style folder → patient-disjoint train / validation / internal
 * test → VGG16 from random init at +B1), checkpointing every epoch, resumable, with progress and ETA on stderr.
 * See shared/train/pretrain.ts.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { initEngine, checkBatchFits } from '../../shared/engine/index.js';
import { exportPretrained, pretrain } from '../../shared/train/pretrain.js';
import { DISCLAIMER } from '../../shared/train/report.js';
import { epochLine, intOption, numberOption } from '../../shared/train/cli-format.js';
import { PROTOCOL_DEFAULTS, type AugmentLevel } from '../../shared/train/pretrain-settings.js';
import type { PretrainProtocol } from '../../shared/train/pretrain-carve.js';
import { progressReporter } from '../../shared/train/pretrain-progress.js';
import { ConfigError } from '../../shared/domain/errors.js';

/** Parsed `fedcxr pretrain` options. */
interface PretrainCliOptions {
  data: string;
  out: string;
  inputSize: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  patience: number;
  resume?: boolean;
  test?: string;
  nTrain: number;
  nVal: number;
  nTest: number;
  json?: boolean;
  export?: string;
  protocol: string;
  valFraction: number;
  testFraction: number;
  warmupEpochs: number;
  minLrFactor: number;
  ema: number;
  tta: boolean;
  augment: string;
  progress: boolean;
}

/** A value of a closed set, or ConfigError naming the option. */
function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** Registers `fedcxr pretrain`. */
export function register(program: Command): void {
  program
    .command('pretrain')
    .description('pretrain VGG16 on pneumonia (Kermany-style NORMAL/ PNEUMONIA/ folder) from random init at +B1 (nested protocol)')
    .requiredOption('--data <dir>', 'Kermany-style training folder (NORMAL/, PNEUMONIA/)')
    .requiredOption('--out <dir>', 'run directory: checkpoints/, state.json, curves, report.md')
    .option('--input-size <px>', 'square input side', intOption('--input-size', 32), 224)
    .option('--epochs <n>', 'maximum epochs (with --resume: a new maximum for the run)', intOption('--epochs', 1), 30)
    .option('--batch-size <n>', 'batch size', intOption('--batch-size', 1), 16)
    .option('--lr <x>', 'peak Adam learning rate (after warm-up, before cosine decay)', numberOption('--lr'), 1e-4)
    .option('--protocol <name>', "full: all images, class-weighted, val/internal-test fractions by patient; paper: balanced --n-train/--n-val", PROTOCOL_DEFAULTS.protocol)
    .option('--val-fraction <x>', 'full protocol: validation fraction per class', numberOption('--val-fraction'), PROTOCOL_DEFAULTS.valFraction)
    .option('--test-fraction <x>', 'full protocol: internal test fraction per class (scored once, at the end)', numberOption('--test-fraction'), PROTOCOL_DEFAULTS.testFraction)
    .option('--warmup-epochs <n>', 'linear learning-rate warm-up epochs', intOption('--warmup-epochs', 0), PROTOCOL_DEFAULTS.warmupEpochs)
    .option('--min-lr-factor <x>', 'final learning rate of the cosine decay, as a fraction of --lr (1 = constant)', numberOption('--min-lr-factor'), PROTOCOL_DEFAULTS.minLrFactor)
    .option('--ema <decay>', 'EMA weight averaging decay per step (0 = off)', numberOption('--ema'), PROTOCOL_DEFAULTS.emaDecay)
    .option('--no-tta', 'no test-time augmentation at the final evaluation')
    .option('--augment <level>', 'training augmentation: none | standard | strong', PROTOCOL_DEFAULTS.augment)
    .option('--no-progress', 'no progress / ETA line on stderr')
    .option('--seed <n>', 'seed of carving, init and shuffling', intOption('--seed', 0), 42)
    .option('--patience <n>', 'early stopping: epochs without a better val AUC', intOption('--patience', 1), 4)
    .option('--n-train <n>', 'paper protocol: training images per class', intOption('--n-train', 1), 1100)
    .option('--n-val <n>', 'paper protocol: validation images per class', intOption('--n-val', 1), 200)
    .option('--n-test <n>', 'test images per class (from --test)', intOption('--n-test', 1), 234)
    .option('--test <dir>', 'official test folder (NORMAL/, PNEUMONIA/), scored at the end beside the internal test')
    .option('--resume', 'continue the run in --out where it stopped')
    .option('--json', 'one JSON line per epoch on stdout')
    .option('--export <dir>', 'only publish the best checkpoint of --out as float16 (+ report) into <dir>')
    .action(async (o: PretrainCliOptions, cmd: Command) => {
      if (o.export) {
        await initEngine();
        process.stdout.write(`exported: ${await exportPretrained(resolve(o.out), resolve(o.export), `fedcxr ${process.argv.slice(2).join(' ')}`)}\n${DISCLAIMER}\n`);
        return;
      }
      const protocol = oneOf<PretrainProtocol>('--protocol', o.protocol, ['full', 'paper']);
      const augment = oneOf<AugmentLevel>('--augment', o.augment, ['none', 'standard', 'strong']);
      if (!(o.ema === 0 || (o.ema > 0 && o.ema < 1))) throw new ConfigError(`--ema must be 0 (off) or in (0, 1), got ${o.ema}`);
      const info = await initEngine();
      checkBatchFits(info, { inputSize: o.inputSize, batchSize: o.batchSize, level: '+B1' });
      const precision = info.precision ? `, ${info.precision.precision}: ${info.precision.reason}` : '';
      process.stderr.write(`${DISCLAIMER}\nengine: ${info.backend} (${info.threads} threads${precision})\n`);
      const progress = progressReporter(process.stderr, o.progress && o.json !== true);
      const result = await pretrain({
        data: resolve(o.data),
        out: resolve(o.out),
        inputSize: o.inputSize,
        epochs: o.epochs,
        batchSize: o.batchSize,
        learningRate: o.lr,
        seed: o.seed,
        patience: o.patience,
        resume: o.resume === true,
        // A resumed run keeps its stored settings, but an explicit --epochs may extend it.
        ...(o.resume && cmd.getOptionValueSource('epochs') === 'cli' ? { resumeEpochs: o.epochs } : {}),
        ...(o.test ? { test: resolve(o.test) } : {}),
        nTrain: o.nTrain,
        nVal: o.nVal,
        nTest: o.nTest,
        protocol,
        valFraction: o.valFraction,
        testFraction: o.testFraction,
        warmupEpochs: o.warmupEpochs,
        minLrFactor: o.minLrFactor,
        emaDecay: o.ema,
        tta: o.tta,
        augment,
        onStep: (p) => progress.tick({ epoch: p.epoch, step: p.step, totalSteps: p.totalSteps, batches: p.batches, loss: p.loss, lr: p.learningRate }),
        command: `fedcxr ${process.argv.slice(2).join(' ')}`,
        onEpoch: (l) => {
          progress.done();
          process.stdout.write(epochLine(l, o.json === true));
        },
      });
      const summary = { report: result.reportPath, bestEpoch: result.bestEpoch, epochs: result.logs.length };
      process.stdout.write(o.json ? `${JSON.stringify({ done: true, ...summary })}\n` : `report: ${summary.report} (best epoch ${summary.bestEpoch ?? 'none'})\n${DISCLAIMER}\n`);
    });
}
