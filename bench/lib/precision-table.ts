/**
 * The engine bench's precision table: per level, fedcxr bf16 vs fedcxr fp32 vs PyTorch fp32 vs PyTorch bf16
 * autocast, all measured in the same run, with ratios against PyTorch fp32 (the target: +B1 ≤ 0.6).
 */

/** One level's four measurements (seconds per image; null where not measured or unsupported). */
export interface PrecisionRow {
  level: string;
  fedcxrBf16: { forward: number; train: number } | null;
  fedcxrFp32: { forward: number; train: number } | null;
  torchFp32: { forward: number | null; train: number } | null;
  torchBf16: { forward: number | null; train: number } | null;
}

const fmt = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

/** The table as lines of text (pure). `notes` explain missing columns (e.g. why bf16 did not run). */
export function formatPrecisionTable(rows: readonly PrecisionRow[], notes: readonly string[]): string[] {
  const lines = [
    'precision table (s/img; ratios against PyTorch fp32 measured in this run):',
    'level  pass    fedcxr bf16  fedcxr fp32  torch fp32  torch bf16   bf16/torch32  fp32/torch32  bf16/torch-bf16',
  ];
  for (const r of rows) {
    for (const pass of ['train', 'forward'] as const) {
      const b = r.fedcxrBf16?.[pass];
      const f = r.fedcxrFp32?.[pass];
      const t = r.torchFp32?.[pass];
      const tb = r.torchBf16?.[pass];
      lines.push(
        `${r.level.padEnd(6)} ${pass.padEnd(7)} ${fmt(b).padStart(11)} ${fmt(f).padStart(12)} ${fmt(t).padStart(11)} ${fmt(tb).padStart(11)} ` +
          `${fmt(ratio(b, t), 2).padStart(14)} ${fmt(ratio(f, t), 2).padStart(13)} ${fmt(ratio(b, tb), 2).padStart(16)}`,
      );
    }
  }
  return [...lines, ...notes.map((n) => `  (${n})`)];
}
