/**
 * Stratified bootstrap replicates of one scored set without copying it. A replicate draws as many positives and
 * as many negatives as the set holds, with replacement, and its AUC, sensitivity and specificity follow from the
 * drawn counts in O(n): the negatives' ranks and each positive's place among them are computed once. The random
 * draws are the ones, in the order, that resampling the positives' and then the negatives' index lists takes, and
 * the numbers equal `rocAuc` and `confusionAt` on the resampled copy bit for bit (U is a sum of halves, divided once
 * by P·N as there; `test/unit/experiments/resample.test.ts`). The real report's 360 rows × 1000 replicates took 36 s
 * a write with copies and sorts, 3.2 s now (`exp-real-v9`; the runner writes the report 32 times a run).
 */

/** Positions of the positives and of the negatives of a label vector. */
export interface LabelSplit {
  readonly pos: Int32Array;
  readonly neg: Int32Array;
}

/** Splits labels into positive (1) and negative (otherwise) positions. */
export function splitByLabel(labels: readonly number[]): LabelSplit {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((y, i) => (y === 1 ? pos : neg).push(i));
  return { pos: Int32Array.from(pos), neg: Int32Array.from(neg) };
}

/** One score vector's ranks: each negative's place in score order, each positive's count of lower and of lower-or-equal negatives. */
export interface AucIndex {
  readonly negRank: Int32Array;
  readonly posBelow: Int32Array;
  readonly posAtOrBelow: Int32Array;
}

/** Index of the first element of ascending `sorted` for which `before` is false. */
function partitionPoint(sorted: Float64Array, before: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ranks `drawnAuc` needs for `scores` under `split`. */
export function aucIndex(split: LabelSplit, scores: readonly number[]): AucIndex {
  const negScores = Float64Array.from(split.neg, (i) => scores[i] as number);
  const order = Array.from({ length: negScores.length }, (_, k) => k).sort((a, b) => (negScores[a] as number) - (negScores[b] as number));
  const negRank = new Int32Array(negScores.length);
  order.forEach((k, r) => (negRank[k] = r));
  const sorted = Float64Array.from(order, (k) => negScores[k] as number);
  const posScores = Array.from(split.pos, (i) => scores[i] as number);
  return {
    negRank,
    posBelow: Int32Array.from(posScores, (s) => partitionPoint(sorted, (v) => v < s)),
    posAtOrBelow: Int32Array.from(posScores, (s) => partitionPoint(sorted, (v) => v <= s)),
  };
}

/**
 * One replicate: for every slot, which positive (an index into `split.pos`) and which negative was drawn, and
 * room for `drawnAuc`'s cumulative counts.
 */
export interface Draw {
  readonly pos: Int32Array;
  readonly neg: Int32Array;
  readonly scratch: Float64Array;
}

/** A reusable replicate for `split`. */
export const newDraw = (split: LabelSplit): Draw => ({ pos: new Int32Array(split.pos.length), neg: new Int32Array(split.neg.length), scratch: new Float64Array(split.neg.length + 1) });

/** Draws a new replicate into `d`: the positives first, then the negatives, one `rand()` per slot. */
export function redraw(d: Draw, rand: () => number): void {
  for (let k = 0; k < d.pos.length; k++) d.pos[k] = Math.floor(rand() * d.pos.length);
  for (let k = 0; k < d.neg.length; k++) d.neg[k] = Math.floor(rand() * d.neg.length);
}

/** The replicate's AUC (ties count ½), null with one class. */
export function drawnAuc(ix: AucIndex, d: Draw): number | null {
  const p = d.pos.length;
  const n = d.neg.length;
  if (p === 0 || n === 0) return null;
  const scratch = d.scratch;
  // scratch[r]: drawn negatives among the r lowest-scored ones
  scratch.fill(0, 0, n + 1);
  for (const b of d.neg) {
    const slot = (ix.negRank[b] as number) + 1;
    scratch[slot] = (scratch[slot] as number) + 1;
  }
  for (let r = 1; r <= n; r++) scratch[r] = (scratch[r] as number) + (scratch[r - 1] as number);
  // 2U = Σ over drawn positives of (negatives below) + (negatives at or below)
  let twiceU = 0;
  for (const a of d.pos) twiceU += (scratch[ix.posBelow[a] as number] as number) + (scratch[ix.posAtOrBelow[a] as number] as number);
  return twiceU / 2 / (p * n);
}

/** Share of the drawn slots whose item is flagged (e.g. positives at or above the threshold); null with no slots. */
export function drawnShare(flags: Uint8Array, drawn: Int32Array): number | null {
  if (drawn.length === 0) return null;
  let hits = 0;
  for (const k of drawn) hits += flags[k] as number;
  return hits / drawn.length;
}
