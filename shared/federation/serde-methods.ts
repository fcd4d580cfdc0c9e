/**
 * Validated wire fields of the methods against label skew (global class prior, local tensors, intensity
 * histograms for harmonisation, class prototypes, SCAFFOLD's control variate). The same checks run on encode and decode, and every failure is a
 * ValueError naming the field; `serde.ts` calls these from its message pairs.
 */
import { ValueError } from '../domain/errors.js';
import type { TensorSet, WireDType } from '../domain/tensor-set.js';
import type { fedcxr } from '../../proto/gen/fedcxr.js';
import { finite, tensorSetFromProto, tensorSetToProto, text, u32 } from './serde-fields.js';
import type { FitConfig } from './types.js';
import { MAX_PROTOTYPE_WIDTH } from './prototypes.js';
import type { ClassPrototype } from '../domain/prototype.js';

/** Most bins an intensity histogram may have (gray levels are 8-bit: more would be empty). */
export const MAX_INTENSITY_BINS = 256;
/** Most tensor names one local-tensor list may carry. */
const MAX_LOCAL_TENSORS = 1024;

/** Class weights on the wire: both present (each finite and > 0) or both absent. */
export function classWeightsField(
  normal: number | null | undefined,
  disease: number | null | undefined,
  field: string,
): { readonly 0: number; readonly 1: number } | undefined {
  const absent = (v: number | null | undefined): boolean => v === null || v === undefined;
  if (absent(normal) && absent(disease)) return undefined;
  if (absent(normal) || absent(disease)) throw new ValueError(`${field}: give both class weights or neither`, { field });
  const w0 = finite(normal, `${field}.normal`);
  const w1 = finite(disease, `${field}.disease`);
  if (!(w0 > 0) || !(w1 > 0)) throw new ValueError(`${field} must be > 0, got (${w0}, ${w1})`, { field });
  return { 0: w0, 1: w1 };
}

/** A list of distinct tensor names (possibly empty). */
export function tensorNamesField(names: readonly string[] | null | undefined, field: string): string[] {
  const list = names ?? [];
  if (list.length > MAX_LOCAL_TENSORS) throw new ValueError(`${field}: more than ${MAX_LOCAL_TENSORS} names`, { field });
  const out = list.map((n, i) => text(n, `${field}[${i}]`, 256));
  if (new Set(out).size !== out.length) throw new ValueError(`${field}: duplicate tensor name`, { field });
  return out;
}

/** An intensity histogram of counts: empty (not shared) or 2..MAX_INTENSITY_BINS non-negative integers. */
export function intensityCountsField(counts: readonly number[] | null | undefined, field: string): number[] {
  const list = counts ?? [];
  if (list.length === 0) return [];
  checkBins(list.length, field);
  return list.map((v, i) => u32(v, `${field}[${i}]`));
}

/** A reference histogram: empty (no harmonisation) or 2..MAX_INTENSITY_BINS probabilities summing to 1. */
export function referenceHistogramField(p: readonly number[] | null | undefined, field: string): number[] {
  const list = p ?? [];
  if (list.length === 0) return [];
  checkBins(list.length, field);
  const out = list.map((v, i) => {
    const x = finite(v, `${field}[${i}]`);
    if (x < 0) throw new ValueError(`${field}[${i}] must be ≥ 0, got ${x}`, { field });
    return x;
  });
  const sum = out.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) throw new ValueError(`${field} must sum to 1, sums to ${sum}`, { field });
  return out;
}

function checkBins(n: number, field: string): void {
  if (n < 2 || n > MAX_INTENSITY_BINS) throw new ValueError(`${field}: ${n} bins, expected 2..${MAX_INTENSITY_BINS}`, { field });
}

/** `{ [key]: list }` when the list is non-empty, else `{}` (absent optional fields stay absent in the domain). */
export function optionalList<K extends string, T>(key: K, list: readonly T[]): { [P in K]?: readonly T[] } {
  return (list.length > 0 ? { [key]: list } : {}) as { [P in K]?: readonly T[] };
}

/** `{ classWeights }` when present, else `{}`. */
export function optionalWeights(w: { readonly 0: number; readonly 1: number } | undefined): { classWeights?: { readonly 0: number; readonly 1: number } } {
  return w ? { classWeights: w } : {};
}

/** The two proto class-weight fields, validated; nothing when absent. */
export function classWeightsProto(w: { readonly 0: number; readonly 1: number } | undefined): { classWeightNormal?: number; classWeightDisease?: number } {
  const v = classWeightsField(w?.[0], w?.[1], 'fitIns.config.classWeights');
  return v ? { classWeightNormal: v[0], classWeightDisease: v[1] } : {};
}

/** A prototype on the wire (protobufjs' shape: `mean` as a number array or a Float32Array). */
interface ProtoPrototype {
  label?: number | null;
  count?: number | null;
  mean?: ArrayLike<number> | null;
}

/**
 * Class prototypes, validated the same way on encode and decode: at most one per class (label 0 or 1), a count,
 * and 1..MAX_PROTOTYPE_WIDTH finite values. Whether the width fits the model is the receiver's check.
 */
export function prototypesField(list: readonly ProtoPrototype[] | null | undefined, field: string): ClassPrototype[] {
  const out: ClassPrototype[] = [];
  for (const [i, p] of (list ?? []).entries()) {
    const at = `${field}[${i}]`;
    const label = u32(p.label, `${at}.label`);
    if (label !== 0 && label !== 1) throw new ValueError(`${at}.label must be 0 or 1, got ${label}`, { field: `${at}.label` });
    if (out.some((q) => q.label === label)) throw new ValueError(`${field}: two prototypes of class ${label}`, { field });
    const values = p.mean ?? [];
    if (values.length < 1 || values.length > MAX_PROTOTYPE_WIDTH) {
      throw new ValueError(`${at}.mean has ${values.length} values, expected 1..${MAX_PROTOTYPE_WIDTH}`, { field: `${at}.mean` });
    }
    const mean = Float32Array.from(values);
    for (let j = 0; j < mean.length; j++) {
      if (!Number.isFinite(mean[j])) throw new ValueError(`${at}.mean[${j}] is ${mean[j]} (not finite)`, { field: `${at}.mean` });
    }
    out.push({ label, count: u32(p.count, `${at}.count`), mean });
  }
  return out;
}

/** Validated prototypes as protobufjs encodes them (`mean` as a number array). */
export function prototypesProto(list: readonly ProtoPrototype[] | null | undefined, field: string): { label: number; count: number; mean: number[] }[] {
  return prototypesField(list, field).map((p) => ({ label: p.label, count: p.count, mean: Array.from(p.mean) }));
}

/** The alignment weight λ: absent, or finite and ≥ 0. */
export function prototypeWeightField(v: number | null | undefined, field: string): { prototypeWeight?: number } {
  if (v === null || v === undefined) return {};
  const w = finite(v, field);
  if (w < 0) throw new ValueError(`${field} must be ≥ 0, got ${w}`, { field });
  return { prototypeWeight: w };
}

/** FitConfig's SCAFFOLD fields as proto properties (a control variate only with `scaffold` set). */
export function scaffoldProto(c: FitConfig, dtype: WireDType): { scaffold?: boolean; control?: fedcxr.v1.TensorSet.$Properties } {
  if (!c.scaffold) {
    if (c.control) throw new ValueError('fitIns.config.control is set but scaffold is not', { field: 'fitIns.config.control' });
    return {};
  }
  return { scaffold: true, ...(c.control ? { control: tensorSetToProto(c.control, dtype, 'fitIns.config.control') } : {}) };
}

/** FitConfig's SCAFFOLD fields from proto (decoded tensors are checked finite; a control without scaffold is refused). */
export function scaffoldField(c: fedcxr.v1.FitConfig.$Properties): { scaffold?: true; control?: TensorSet } {
  if (c.scaffold !== true) {
    if (c.control) throw new ValueError('fitIns.config.control is set but scaffold is not', { field: 'fitIns.config.control' });
    return {};
  }
  return { scaffold: true, ...(c.control ? { control: tensorSetFromProto(c.control, 'fitIns.config.control') } : {}) };
}
