/**
 * `fedcxr import-weights --from FILE --out CKPT`: Keras `.h5` (e.g. `vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`)
 * or tfjs `model.json` weights → a fedcxr checkpoint, matched by layer name, with a report of what did not match.
 */
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, ValueError } from '../../shared/domain/errors.js';
import { saveCheckpointAtomic } from '../../shared/model/checkpoint-atomic.js';
import { importWeights, type ImportReport } from '../../shared/model/import-weights.js';
import { addModelConfigOptions, modelConfigFromOptions, type ModelConfigOptions } from './model.js';

/** Options of `fedcxr import-weights` as commander parses them. */
interface ImportCliOptions extends ModelConfigOptions {
  from: string;
  out: string;
  dtype: string;
  seed?: string;
  notes?: string;
  strict?: boolean;
  json?: boolean;
}

/** The report as human-readable lines. */
export function formatImportReport(r: ImportReport, out: string): string {
  const list = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));
  const lines = [
    `source      ${r.source} (${r.format})`,
    `imported    ${r.imported.length} layers, ${r.importedParams.toLocaleString('en-US')} parameters`,
    `missing     ${list(r.missing)}${r.missing.length ? '  (freshly initialised)' : ''}`,
    `unexpected  ${list(r.unexpected)}${r.unexpected.length ? '  (ignored)' : ''}`,
    `mismatched  ${r.mismatched.length === 0 ? 'none' : ''}`,
    ...r.mismatched.map(
      (m) =>
        `  ${m.layer}/${m.weight}: model [${m.expected.join(',')}]${m.expected.length ? '' : ' (no such weight)'}, file [${m.found.join(',')}]${m.found.length ? '' : ' (absent)'}`,
    ),
  ];
  if (r.trunkNotImported.length > 0) lines.push(`WARNING     trunk layers not imported: ${list(r.trunkNotImported)}`);
  lines.push(`checkpoint  ${out}`);
  return `${lines.join('\n')}\n`;
}

/** Registers `fedcxr import-weights`. */
export function register(program: Command): void {
  addModelConfigOptions(
    program
      .command('import-weights')
      .description('import Keras .h5 or tfjs model.json weights by layer name into a new fedcxr checkpoint directory')
      .requiredOption('--from <file>', 'Keras .h5 weights (Keras 1/2 save_weights layout, or Keras 3 .weights.h5) or tfjs model.json / its directory')
      .requiredOption('--out <dir>', 'new checkpoint directory (must not exist)')
      .option('--dtype <float32|float16>', 'storage dtype', 'float32')
      .option('--seed <n>', 'seed for layers the file does not provide (the head)')
      .option('--notes <text>', 'note stored in the provenance')
      .option('--strict', 'fail (and write nothing) unless every trunk layer was imported')
      .option('--json', 'print the report as JSON'),
  ).action(async (opts: ImportCliOptions) => {
    if (opts.dtype !== 'float32' && opts.dtype !== 'float16') throw new ConfigError(`--dtype ${opts.dtype}: use float32 or float16`);
    const seed = opts.seed === undefined ? undefined : Number(opts.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new ConfigError(`--seed ${opts.seed} is not an integer`);
    const config = modelConfigFromOptions(opts);
    // Import only builds and copies weights: the always-present cpu backend suffices.
    await tf.setBackend('cpu');
    const { checkpoint, report } = await importWeights(resolve(opts.from), config, {
      ...(seed !== undefined ? { seed } : {}),
      ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
    });
    const strictFail = opts.strict === true && report.trunkNotImported.length > 0;
    const out = resolve(opts.out);
    const dir = strictFail ? '(not written)' : await saveCheckpointAtomic(dirname(out), basename(out), checkpoint, { dtype: opts.dtype, updateLatest: false });
    process.stdout.write(opts.json ? `${JSON.stringify({ ...report, checkpoint: strictFail ? null : dir }, null, 2)}\n` : formatImportReport(report, dir));
    if (strictFail) {
      throw new ValueError(`--strict: trunk layers not imported: ${report.trunkNotImported.join(', ')}`, { field: opts.from });
    }
  });
}
