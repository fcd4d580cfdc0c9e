/**
 * `fedcxr model`: the VGG16 + head layer table for a config, with parameter counts and what trains at a level.
 * Also exports the model-config options `import-weights` reuses.
 */
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { ConfigError } from '../../shared/domain/errors.js';
import { defaultModelConfig, type HeadConfig, type ModelConfig } from '../../shared/model/config.js';
import { formatSummary, summarizeModel } from '../../shared/model/summary.js';
import { parseUnfreezeLevel } from '../../shared/model/unfreeze.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { UNFREEZE_LEVELS } from '../../shared/domain/levels.js';

/** Raw model-config options as commander parses them. */
export interface ModelConfigOptions {
  inputSize?: string;
  pooling?: string;
  units?: string;
  dropout?: string;
}

/** Adds --input-size, --pooling, --units, --dropout to a command. */
export function addModelConfigOptions(cmd: Command): Command {
  return cmd
    .option('--input-size <n>', 'square input side in pixels (≥ 32)', '224')
    .option('--pooling <gap|flatten>', 'how block5_pool becomes a vector', 'gap')
    .option('--units <list>', "hidden dense widths, comma-separated ('' for none)", '256')
    .option('--dropout <rate>', 'dropout after each hidden dense layer', '0.5');
}

/** Turns the raw options into a validated ModelConfig (ConfigError naming the option otherwise). */
export function modelConfigFromOptions(o: ModelConfigOptions): ModelConfig {
  const num = (flag: string, v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new ConfigError(`${flag} ${v} is not a number`);
    return x;
  };
  const head: Partial<HeadConfig> = {};
  if (o.pooling !== undefined) {
    if (o.pooling !== 'gap' && o.pooling !== 'flatten') throw new ConfigError(`--pooling ${o.pooling}: use gap or flatten`);
    head.pooling = o.pooling;
  }
  if (o.units !== undefined) {
    head.units = o.units.trim() === '' ? [] : o.units.split(',').map((u) => num('--units', u));
  }
  if (o.dropout !== undefined) head.dropout = num('--dropout', o.dropout);
  return defaultModelConfig({ inputSize: num('--input-size', o.inputSize ?? '224'), head });
}

/** Registers `fedcxr model`. */
export function register(program: Command): void {
  addModelConfigOptions(
    program
      .command('model')
      .description('print the VGG16 + head layer table: parameters per layer, what trains at a level, totals')
      .option('--json', 'print the summary as JSON')
      .option('--level <level>', `unfreeze level: ${UNFREEZE_LEVELS.join(' | ')}`, 'FC'),
  ).action(async (opts: ModelConfigOptions & { json?: boolean; level: string }) => {
    const level = parseUnfreezeLevel(opts.level);
    const config = modelConfigFromOptions(opts);
    // Building only allocates weights (no forward pass): the plain cpu backend is enough and always present.
    await tf.setBackend('cpu');
    const model = buildModel(config);
    const summary = summarizeModel(model, config, level);
    model.dispose();
    process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  });
}
