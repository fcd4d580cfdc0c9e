/** The neutral form every weight importer produces: per layer, its weights in Keras order. */

/** One weight read from a foreign file, renamed to fedcxr's short name (`kernel`, `bias`) when recognisable. */
export interface SourceWeight {
  /** Short name: `kernel`, `bias`, or the file's own name when it cannot be classified. */
  readonly name: string;
  /** The name exactly as stored in the file (for reports). */
  readonly storedName: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** All weights of one layer of the source file, in the file's order. */
export interface SourceLayer {
  readonly layer: string;
  readonly weights: readonly SourceWeight[];
}

/** What a reader found in a file. */
export interface WeightSource {
  readonly format: 'keras-h5' | 'keras3-h5' | 'tfjs-layers';
  readonly path: string;
  readonly layers: readonly SourceLayer[];
}

/**
 * fedcxr's short name for a stored weight: Keras 2 `block1_conv1/kernel:0`, Keras 1 `block1_conv1_W_1:0`,
 * tfjs `block1_conv1/kernel` or `kernel_1` all become `kernel` (likewise `bias`); unknown names pass through.
 */
export function shortWeightName(stored: string): string {
  const last = (stored.split('/').pop() ?? stored).replace(/:\d+$/, '');
  if (/^kernel(_\d+)?$/.test(last) || /_W(_\d+)?$/.test(last)) return 'kernel';
  if (/^bias(_\d+)?$/.test(last) || /_b(_\d+)?$/.test(last)) return 'bias';
  return last;
}

/**
 * Names anonymous weights the way Keras loads them, by position: a layer with exactly two weights whose
 * names say nothing is (kernel, bias) when their ranks are (≥2, 1).
 */
export function classifyByPosition(weights: readonly SourceWeight[]): SourceWeight[] {
  const named = weights.map((w) => ({ ...w, name: shortWeightName(w.storedName) }));
  const [a, b] = named;
  if (named.length === 2 && a && b && !(a.name === 'kernel' && b.name === 'bias') && a.shape.length >= 2 && b.shape.length === 1) {
    return [
      { ...a, name: 'kernel' },
      { ...b, name: 'bias' },
    ];
  }
  return named;
}

/** Copies any numeric typed array (float64, float16 as numbers, ints) to a Float32Array. */
export function toFloat32(values: ArrayLike<number> | ArrayLike<bigint>): Float32Array {
  if (values instanceof Float32Array) return new Float32Array(values);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}
