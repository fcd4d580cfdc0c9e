/**
 * `fedcxr pretrain`: the pneumonia stage (Kermany-style folder → balanced patient-disjoint subsets → VGG16
 * from random init at +B1), checkpointing every epoch and resumable. See shared/train/pretrain.ts.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { initEngine, checkBatchFits } from '../../shared/engine/index.js';
import { exportPretrained, pretrain } from '../../shared/train/pretrain.js';
import { DISCLAIMER } from '../../shared/train/report.js';
import { epochLine, intOption, numberOption } from '../../shared/train/cli-format.js';

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
}

/** Registers `fedcxr pretrain`. */
export function register(program: Command): void {
  program
    .command('pretrain')
    .description('pretrain VGG16 on pneumonia (Kermany-style NORMAL/ PNEUMONIA/ folder) from random init at +B1')
    .requiredOption('--data <dir>', 'Kermany-style training folder (NORMAL/, PNEUMONIA/)')
    .requiredOption('--out <dir>', 'run directory: checkpoints/, state.json, curves, report.md')
    .option('--input-size <px>', 'square input side', intOption('--input-size', 32), 224)
    .option('--epochs <n>', 'maximum epochs (with --resume: a new maximum for the run)', intOption('--epochs', 1), 30)
    .option('--batch-size <n>', 'batch size', intOption('--batch-size', 1), 16)
    .option('--lr <x>', 'Adam learning rate', numberOption('--lr'), 1e-4)
    .option('--seed <n>', 'seed of carving, init and shuffling', intOption('--seed', 0), 42)
    .option('--patience <n>', 'early stopping: epochs without a better val AUC', intOption('--patience', 1), 4)
    .option('--n-train <n>', 'training images per class', intOption('--n-train', 1), 1100)
    .option('--n-val <n>', 'validation images per class', intOption('--n-val', 1), 200)
    .option('--n-test <n>', 'test images per class (from --test)', intOption('--n-test', 1), 234)
    .option('--test <dir>', 'official test folder (NORMAL/, PNEUMONIA/); without it the report is validation only')
    .option('--resume', 'continue the run in --out where it stopped')
    .option('--json', 'one JSON line per epoch on stdout')
    .option('--export <dir>', 'only publish the best checkpoint of --out as float16 (+ report) into <dir>')
    .action(async (o: PretrainCliOptions, cmd: Command) => {
      if (o.export) {
        await initEngine();
        process.stdout.write(`exported: ${await exportPretrained(resolve(o.out), resolve(o.export), `fedcxr ${process.argv.slice(2).join(' ')}`)}\n${DISCLAIMER}\n`);
        return;
      }
      const info = await initEngine();
      checkBatchFits(info, { inputSize: o.inputSize, batchSize: o.batchSize, level: '+B1' });
      process.stderr.write(`${DISCLAIMER}\nengine: ${info.backend} (${info.threads} threads)\n`);
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
        command: `fedcxr ${process.argv.slice(2).join(' ')}`,
        onEpoch: (l) => process.stdout.write(epochLine(l, o.json === true)),
      });
      const summary = { report: result.reportPath, bestEpoch: result.bestEpoch, epochs: result.logs.length };
      process.stdout.write(o.json ? `${JSON.stringify({ done: true, ...summary })}\n` : `report: ${summary.report} (best epoch ${summary.bestEpoch ?? 'none'})\n${DISCLAIMER}\n`);
    });
}
