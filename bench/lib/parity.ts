/** Summary of the bf16 parity experiment (pure): per level, mean validation AUC in fp32 and bf16 over seeds. */

/** One training run of the experiment. */
export interface ParityRun {
  readonly level: string;
  readonly precision: 'fp32' | 'bf16';
  readonly seed: number;
  /** Validation AUC after the last epoch. */
  readonly valAuc: number;
  readonly epochAucs: readonly number[];
  readonly seconds: number;
}

/** One level's verdict. */
export interface ParityVerdict {
  readonly level: string;
  readonly seeds: number;
  readonly meanFp32: number;
  readonly meanBf16: number;
  /** |meanBf16 − meanFp32|: the quantity the tolerance applies to. */
  readonly meanDelta: number;
  /** Largest |AUC bf16 − AUC fp32| of one seed (paired: same init, carve and batches). */
  readonly maxSeedDelta: number;
  /** Total bf16 seconds / total fp32 seconds. */
  readonly timeRatio: number;
  readonly pass: boolean;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Pairs runs by (level, seed) and returns one verdict per level, in first-seen order; unpaired runs are ignored. */
export function parityVerdict(runs: readonly ParityRun[], tolerance: number): ParityVerdict[] {
  const levels = [...new Set(runs.map((r) => r.level))];
  return levels.flatMap((level) => {
    const pairs = runs
      .filter((r) => r.level === level && r.precision === 'fp32')
      .map((f) => ({ f, b: runs.find((r) => r.level === level && r.precision === 'bf16' && r.seed === f.seed) }))
      .filter((p): p is { f: ParityRun; b: ParityRun } => p.b !== undefined);
    if (pairs.length === 0) return [];
    const meanFp32 = mean(pairs.map((p) => p.f.valAuc));
    const meanBf16 = mean(pairs.map((p) => p.b.valAuc));
    const meanDelta = Math.abs(meanBf16 - meanFp32);
    return [{
      level,
      seeds: pairs.length,
      meanFp32,
      meanBf16,
      meanDelta,
      maxSeedDelta: Math.max(...pairs.map((p) => Math.abs(p.b.valAuc - p.f.valAuc))),
      timeRatio: pairs.reduce((a, p) => a + p.b.seconds, 0) / pairs.reduce((a, p) => a + p.f.seconds, 0),
      pass: Number.isFinite(meanDelta) && meanDelta <= tolerance,
    }];
  });
}
