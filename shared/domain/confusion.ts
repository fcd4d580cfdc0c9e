/** Confusion counts: the one aggregate of a binary classifier that sites may share. */

/** Confusion counts at one threshold (positive = disease). */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** Per-class example counts of one split (counts only, never rows). */
export interface ClassCounts {
  readonly normal: number;
  readonly disease: number;
}
