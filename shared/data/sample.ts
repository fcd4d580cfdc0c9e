/**
 * The data pipeline's output types: what the trainer, the evaluator and the site executor consume.
 * A Sample is one preprocessed image, ready for VGG16 (HWC, Keras `vgg16.preprocess_input` normalised).
 */

/** One preprocessed image with its binary label and the patient it came from (for patient-level splits). */
export interface Sample {
  /** inputSize*inputSize*3 values, HWC, BGR, ImageNet means subtracted (Keras vgg16.preprocess_input). */
  readonly x: Float32Array;
  /** 0 = normal / no finding, 1 = disease. */
  readonly y: 0 | 1;
  /** Patient identifier; never leaves the site. */
  readonly patient: string;
}

/** A file that could not be used, and why (corrupt, truncated, empty, unsupported, filtered). */
export interface SkipRecord {
  readonly file: string;
  readonly reason: string;
}

/** A loaded dataset: usable samples plus every skipped file with its reason. */
export interface Dataset {
  readonly samples: Sample[];
  /** Side length of each square image in `samples`. */
  readonly inputSize: number;
  readonly skipped: SkipRecord[];
  /** Problems that do not stop a run (e.g. "only one class present"). @default [] */
  readonly warnings?: string[];
  /** True when the images are generated phantoms: every report must say "synthetic". @default false */
  readonly synthetic?: boolean;
}

/** Count of samples per class. */
export function classCounts(samples: readonly Pick<Sample, 'y'>[]): { 0: number; 1: number } {
  const counts = { 0: 0, 1: 0 };
  for (const s of samples) counts[s.y] += 1;
  return counts;
}

/** Warnings about a sample set that a run should report, not crash on (empty set, one class only). */
export function datasetWarnings(samples: readonly Pick<Sample, 'y'>[]): string[] {
  const c = classCounts(samples);
  if (samples.length === 0) return ['dataset is empty'];
  if (c[0] === 0) return [`only one class present: all ${c[1]} samples are positive (label 1)`];
  if (c[1] === 0) return [`only one class present: all ${c[0]} samples are negative (label 0)`];
  return [];
}

/** A one-line human summary of skipped files grouped by reason, e.g. "3 files skipped: 2 truncated DICOM, 1 empty file". */
export function summarizeSkips(skipped: readonly SkipRecord[]): { count: number; byReason: Record<string, number>; text: string } {
  const byReason: Record<string, number> = {};
  for (const s of skipped) {
    // Group by the reason's first clause so per-file details (offsets, UIDs) don't split the groups.
    const key = s.reason.split(/[:(]/)[0]?.trim() || s.reason;
    byReason[key] = (byReason[key] ?? 0) + 1;
  }
  const parts = Object.entries(byReason)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${reason}`);
  const count = skipped.length;
  const text = count === 0 ? 'no files skipped' : `${count} file${count === 1 ? '' : 's'} skipped: ${parts.join(', ')}`;
  return { count, byReason, text };
}
