/**
 * `fedcxr predict`: scores image files (PNG/JPEG/DICOM) with a checkpoint. Research use only: every run
 * prints the disclaimer; a file that cannot be decoded is reported, not fatal.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage, ValueError } from '../../shared/domain/errors.js';
import { initEngine } from '../../shared/engine/index.js';
import { decodeImage } from '../../shared/data/decode.js';
import { preprocessConfig, preprocessGray } from '../../shared/data/preprocess.js';
import { loadModelDir } from '../../shared/train/init-model.js';
import { predictScores } from '../../shared/train/evaluate.js';
import { DISCLAIMER } from '../../shared/train/report.js';
import { numberOption } from '../../shared/train/cli-format.js';

/** Parsed `fedcxr predict` options. */
interface PredictCliOptions {
  model: string;
  threshold: number;
  json?: boolean;
}

/** Registers `fedcxr predict`. */
export function register(program: Command): void {
  program
    .command('predict')
    .description('score image files with a checkpoint (research tool, not for clinical use)')
    .requiredOption('--model <ckpt>', 'checkpoint directory')
    .option('--threshold <t>', 'decision threshold for the label column', numberOption('--threshold'), 0.5)
    .option('--json', 'JSON on stdout')
    .argument('<files...>', 'PNG, JPEG or DICOM files')
    .action(async (files: string[], o: PredictCliOptions) => {
      process.stderr.write(`${DISCLAIMER}\n`);
      await initEngine();
      const { model, config } = await loadModelDir(resolve(o.model));
      const cfg = preprocessConfig({ inputSize: config.inputSize });
      const rows: { file: string; score: number | null; positive: boolean | null; error?: string }[] = [];
      const ok: { i: number; x: Float32Array }[] = [];
      for (const file of files) {
        try {
          const img = await decodeImage(await readFile(file), { inputSize: config.inputSize });
          ok.push({ i: rows.length, x: preprocessGray(img.gray, cfg) });
          rows.push({ file, score: null, positive: null });
        } catch (err) {
          rows.push({ file, score: null, positive: null, error: errorMessage(err) });
        }
      }
      const scores = predictScores(model, ok.map((s) => ({ x: s.x, y: 0, patient: '' })));
      ok.forEach((s, k) => {
        const score = scores[k] as number;
        const row = rows[s.i];
        if (row) Object.assign(row, { score, positive: score >= o.threshold });
      });
      model.dispose();
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ disclaimer: DISCLAIMER, threshold: o.threshold, predictions: rows })}\n`);
      } else {
        for (const r of rows) {
          process.stdout.write(r.error ? `${r.file}\terror: ${r.error}\n` : `${r.file}\t${(r.score ?? 0).toFixed(4)}\t${r.positive ? 'positive' : 'negative'}\n`);
        }
        process.stdout.write(`${DISCLAIMER}\n`);
      }
      // Every readable file has its score above; a script still needs to know that some were not scored.
      const failed = rows.filter((r) => r.error !== undefined);
      if (failed.length > 0) {
        throw new ValueError(`${failed.length} of ${rows.length} files could not be scored: ${failed.map((r) => r.file).join(', ')}`, { field: 'files' });
      }
    });
}
