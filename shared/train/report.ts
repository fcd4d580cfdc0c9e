/**
 * Training/evaluation reports on disk: per-epoch curves (CSV + SVG), ROC SVG, metrics JSON and a
 * Markdown summary. Every report carries the research-use disclaimer and, for phantoms, says "synthetic".
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochLog } from './trainer.js';
import { formatMetric, reportToJson, type BinaryReport } from './threshold.js';
import { linePlotSvg, rocSvg } from './svg-plot.js';
import type { RocPoint } from './metrics.js';

/** Printed by `predict` and written into every report. */
export const DISCLAIMER = 'fedcxr is a research tool, not for clinical use.';

/** Writes a file atomically (temp + rename), so a crash never leaves half a report. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** Per-epoch curves as CSV (one row per epoch). */
export function epochsCsv(logs: readonly EpochLog[]): string {
  const head = 'epoch,train_loss,train_accuracy,val_loss,val_auc,val_accuracy,seconds,mode';
  const cell = (v: number | null | undefined): string => (v === undefined || v === null ? '' : String(v));
  const rows = logs.map((l) =>
    [l.epoch, l.trainLoss, l.trainAccuracy, cell(l.valLoss), cell(l.valAuc), cell(l.valAccuracy), l.seconds.toFixed(1), l.mode].join(','),
  );
  return [head, ...rows, ''].join('\n');
}

/** Writes curves.csv, loss.svg and auc.svg for the epochs into `dir`. */
export async function writeCurves(dir: string, logs: readonly EpochLog[], note = ''): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'curves.csv'), epochsCsv(logs));
  const pts = (f: (l: EpochLog) => number | null | undefined): [number, number][] =>
    logs.flatMap((l) => {
      const v = f(l);
      return v === undefined || v === null ? [] : [[l.epoch, v] as [number, number]];
    });
  await writeFileAtomic(
    join(dir, 'loss.svg'),
    linePlotSvg(
      [
        { name: 'train loss', points: pts((l) => l.trainLoss) },
        { name: 'val loss', points: pts((l) => l.valLoss) },
      ],
      { title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'binary cross-entropy', note },
    ),
  );
  await writeFileAtomic(
    join(dir, 'auc.svg'),
    linePlotSvg(
      [
        { name: 'val AUC', points: pts((l) => l.valAuc) },
        { name: 'val accuracy', points: pts((l) => l.valAccuracy) },
        { name: 'train accuracy', points: pts((l) => l.trainAccuracy) },
      ],
      { title: 'Validation AUC / accuracy per epoch', xLabel: 'epoch', yLabel: 'value', yRange: [0, 1], note },
    ),
  );
}

/** Markdown lines describing one split's metrics. */
export function metricsMarkdown(title: string, r: BinaryReport): string[] {
  const ci = r.auc.ci ? ` (${Math.round(r.auc.level * 100)}% bootstrap CI ${r.auc.ci[0].toFixed(3)}–${r.auc.ci[1].toFixed(3)}, ${r.auc.resamples} resamples)` : '';
  const c = r.confusion;
  return [
    `### ${title}`,
    '',
    `n = ${r.n} (${r.positives} positive, ${r.negatives} negative), threshold ${r.threshold.toFixed(4)}`,
    '',
    '| metric | value |',
    '|---|---|',
    `| ROC-AUC | ${formatMetric(r.auc.auc)}${ci} |`,
    `| sensitivity | ${formatMetric(r.sensitivity)} |`,
    `| specificity | ${formatMetric(r.specificity)} |`,
    `| accuracy | ${formatMetric(r.accuracy)} |`,
    `| precision | ${formatMetric(r.precision)} |`,
    `| F1 | ${formatMetric(r.f1)} |`,
    `| confusion (TP/FP/TN/FN) | ${c.tp}/${c.fp}/${c.tn}/${c.fn} |`,
    '',
  ];
}

/** Writes `metrics-<name>.json` and `roc-<name>.svg` for one evaluated split. */
export async function writeSplitArtifacts(dir: string, name: string, r: BinaryReport, roc: readonly RocPoint[], note = ''): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, `metrics-${name}.json`), `${JSON.stringify({ disclaimer: DISCLAIMER, ...reportToJson(r) }, null, 2)}\n`);
  await writeFileAtomic(
    join(dir, `roc-${name}.svg`),
    rocSvg(roc, { title: `ROC (${name})`, label: `AUC ${formatMetric(r.auc.auc)}`, note }),
  );
}
