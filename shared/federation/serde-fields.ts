/**
 * Field validators and tensor conversion shared by the serde modules: every check throws a ValueError
 * naming the field (`fitRes.tensors[3](block5_conv1/kernel).data`), so a peer's bad message is reported
 * precisely and never crashes the receiver.
 */
import { endianness } from 'node:os';
import { fedcxr } from '../../proto/gen/fedcxr.js';
import { ProtocolError, UnavailableError, ValueError, errorMessage } from '../domain/errors.js';
import { fromFloat16, toFloat16, FLOAT16_MAX } from '../model/float16.js';
import type { NamedTensor, TensorSet, WireDType } from '../domain/tensor-set.js';
import { sizeOf } from '../domain/tensor-set.js';
import { isSiteId, SITE_ID_RULE } from '../domain/site-id.js';
import { protoEnum } from './proto-enum.js';
import type { UnfreezeLevel } from '../domain/levels.js';
import type { EvalSplit, OptimizerKind, TaskKind } from '../domain/kinds.js';
import { MAX_HISTOGRAM_BINS } from './federated-metrics.js';

/** The generated protobuf namespace (`fedcxr.v1`). */
export const pb = fedcxr.v1;

// Tensor bytes are little-endian on the wire and reinterpreted in place; a big-endian host would need swaps.
const LITTLE_ENDIAN = endianness() === 'LE';

/** Decodes `bytes` as one protobuf message type; malformed input becomes a ProtocolError, never a crash. */
export function decodeMessage<T>(type: { decode(b: Uint8Array): T }, what: string, bytes: unknown): T {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError(`${what}: frame must be binary, got ${typeof bytes}`);
  try {
    return type.decode(bytes);
  } catch (err) {
    throw new ProtocolError(`malformed ${what}: ${errorMessage(err)}`, { cause: err });
  }
}

/** A present sub-message, or ValueError "missing field". */
export function need<T>(v: T | null | undefined, field: string): T {
  if (v === null || v === undefined) throw new ValueError(`missing field ${field}`, { field });
  return v;
}

/** A string of 1..maxLen characters (proto3 leaves absent strings empty, so empty means missing). */
export function text(v: string | null | undefined, field: string, maxLen = 256): string {
  if (typeof v !== 'string' || v.length === 0) throw new ValueError(`missing field ${field}`, { field });
  if (v.length > maxLen) throw new ValueError(`${field} longer than ${maxLen} characters`, { field });
  return v;
}

/** A site id (`SITE_ID_PATTERN`). */
export function siteIdField(v: string | null | undefined, field: string): string {
  const s = text(v, field, 128);
  if (!isSiteId(s)) throw new ValueError(`${field} "${s}" is not a valid site id (${SITE_ID_RULE})`, { field });
  return s;
}

/** A SHA-256 hex digest (64 lowercase hex characters). */
export function hashField(v: string | null | undefined, field: string): string {
  const s = text(v, field, 64);
  if (!/^[0-9a-f]{64}$/.test(s)) throw new ValueError(`${field} must be a SHA-256 hex digest`, { field });
  return s;
}

/** An integer in 0..2^32-1. */
export function u32(v: number | null | undefined, field: string): number {
  const n = v ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new ValueError(`${field} must be an integer in 0..2^32-1, got ${n}`, { field });
  return n;
}

/** A finite number. */
export function finite(v: number | null | undefined, field: string): number {
  const n = v ?? 0;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ValueError(`${field} must be finite, got ${n}`, { field });
  return n;
}

/** Unfreeze level ⇄ proto `Level`. */
export const LEVEL = protoEnum<UnfreezeLevel, fedcxr.v1.Level>('unfreeze level', {
  FC: pb.Level.FC,
  '+B5': pb.Level.B5,
  '+B4': pb.Level.B4,
  '+B3': pb.Level.B3,
  '+B2': pb.Level.B2,
  '+B1': pb.Level.B1,
});

/** Evaluation split ⇄ proto `Split`. */
export const SPLIT = protoEnum<EvalSplit, fedcxr.v1.Split>('split', { val: pb.Split.VAL, test: pb.Split.TEST });

/** Task kind ⇄ proto `TaskKind`. */
export const TASK_KIND = protoEnum<TaskKind, fedcxr.v1.TaskKind>('task kind', { fit: pb.TaskKind.FIT, evaluate: pb.TaskKind.EVALUATE });

/** Wire dtype ⇄ proto `DType` (UNSPECIFIED is refused). */
export const DTYPE = protoEnum<WireDType, fedcxr.v1.DType>('dtype', { float32: pb.DType.FLOAT32, float16: pb.DType.FLOAT16 });

/** Local optimiser ⇄ proto `Optimizer` (UNSPECIFIED is refused). */
export const OPTIMIZER = protoEnum<OptimizerKind, fedcxr.v1.Optimizer>('optimizer', { adam: pb.Optimizer.ADAM, sgd: pb.Optimizer.SGD });

function requireLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new UnavailableError('the fedcxr wire needs a little-endian host');
}

/** Index of the first NaN/±Inf, or -1. */
function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (v - v !== 0) return i; // NaN - NaN and Inf - Inf are NaN
  }
  return -1;
}

/** Index of the first binary16 Inf/NaN (exponent all ones), or -1. */
function firstNonFiniteHalf(h: Uint16Array): number {
  for (let i = 0; i < h.length; i++) if (((h[i] as number) & 0x7c00) === 0x7c00) return i;
  return -1;
}

/** One tensor to its proto form, validated; float32 data is a view, not a copy. */
export function tensorToProto(t: NamedTensor, dtype: WireDType, field: string): fedcxr.v1.Tensor.$Properties {
  requireLittleEndian();
  const f = `${field}(${t.name})`;
  text(t.name, `${field}.name`);
  for (const d of t.shape) if (!Number.isInteger(d) || d < 0 || d > 0x7fff_ffff) throw new ValueError(`${f}.shape has invalid dimension ${d}`, { field: `${f}.shape` });
  if (!(t.data instanceof Float32Array)) throw new ValueError(`${f}.data must be a Float32Array`, { field: `${f}.data` });
  if (t.data.length !== sizeOf(t.shape)) {
    throw new ValueError(`${f}: ${t.data.length} values do not fill shape [${t.shape.join(',')}]`, { field: `${f}.data` });
  }
  let data: Uint8Array;
  if (dtype === 'float16') {
    // One pass over the halves finds both non-finite inputs and overflow (both become exponent 0x1f).
    const h = toFloat16(t.data);
    const bad = firstNonFiniteHalf(h);
    if (bad >= 0) {
      const v = t.data[bad] as number;
      const why = Number.isFinite(v) ? `${v} exceeds the float16 range (±${FLOAT16_MAX})` : `is non-finite (${v})`;
      throw new ValueError(`${f} value at index ${bad} ${why}`, { field: `${f}.data` });
    }
    data = new Uint8Array(h.buffer, h.byteOffset, h.byteLength);
  } else {
    const bad = firstNonFinite(t.data);
    if (bad >= 0) throw new ValueError(`${f} holds a non-finite value at index ${bad}`, { field: `${f}.data` });
    data = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  }
  return { name: t.name, dtype: DTYPE.toProto(dtype, `${f}.dtype`), shape: [...t.shape], data };
}

/**
 * Permission to decode tensors in place: the caller gives up `buffer` (a message it owns, e.g. a reassembled
 * transfer), so each tensor's bytes are moved left onto an aligned offset (by < 4 bytes, over the field's own
 * already-decoded framing) and read there — float32 tensors become views (no copy: peak memory ≈ the message),
 * float16 ones are widened straight from it. `floor` is the end of the last region used, so no move ever
 * reaches into an earlier tensor.
 */
export interface InPlace {
  readonly buffer: ArrayBufferLike;
  floor: number;
}

/** The byte offset `raw` was moved to, aligned to `align`, in place (see InPlace); null when not covered. */
function alignInPlace(raw: Uint8Array, align: 2 | 4, into: InPlace): number | null {
  if (raw.buffer !== into.buffer) return null;
  const aligned = raw.byteOffset - (raw.byteOffset % align);
  if (aligned < into.floor) return null;
  if (aligned !== raw.byteOffset) new Uint8Array(into.buffer, aligned, raw.byteOffset + raw.length - aligned).copyWithin(0, raw.byteOffset - aligned);
  into.floor = aligned + raw.length;
  return aligned;
}

/** One tensor from its proto form: checks name, dtype, data length = product(shape) × bytes, finiteness. */
export function tensorFromProto(m: fedcxr.v1.Tensor.$Properties, field: string, inPlace?: InPlace): NamedTensor {
  requireLittleEndian();
  const name = text(m.name, `${field}.name`);
  const f = `${field}(${name})`;
  const dtype = DTYPE.fromProto(m.dtype, `${f}.dtype`);
  const shape = (m.shape ?? []).map((d, i) => u32(d, `${f}.shape[${i}]`));
  const n = sizeOf(shape);
  const bytesPer = dtype === 'float16' ? 2 : 4;
  const raw = m.data ?? new Uint8Array(0);
  if (!Number.isSafeInteger(n) || raw.length !== n * bytesPer) {
    throw new ValueError(`${f}: ${raw.length} data bytes, expected ${n} × ${bytesPer} for shape [${shape.join(',')}] ${dtype}`, {
      field: `${f}.data`,
    });
  }
  // Copy: decoded bytes are views at arbitrary offsets of the frame, and typed arrays need alignment.
  let data: Float32Array;
  let bad: number;
  const at = inPlace ? alignInPlace(raw, dtype === 'float16' ? 2 : 4, inPlace) : null;
  if (dtype === 'float16') {
    let h: Uint16Array;
    if (at !== null) h = new Uint16Array(raw.buffer, at, n);
    else {
      h = new Uint16Array(n);
      new Uint8Array(h.buffer).set(raw);
    }
    bad = firstNonFiniteHalf(h);
    data = bad >= 0 ? new Float32Array(0) : fromFloat16(h);
  } else {
    if (at !== null) data = new Float32Array(raw.buffer, at, n);
    else {
      data = new Float32Array(n);
      new Uint8Array(data.buffer).set(raw);
    }
    bad = firstNonFinite(data);
  }
  if (bad >= 0) throw new ValueError(`${f} holds a non-finite value at index ${bad}`, { field: `${f}.data` });
  return { name, shape, data };
}

/** A tensor set to proto (order kept; duplicate names refused). */
export function tensorSetToProto(set: TensorSet, dtype: WireDType, field: string): fedcxr.v1.TensorSet.$Properties {
  checkUniqueNames(set.map((t) => t.name), field);
  return { tensors: set.map((t, i) => tensorToProto(t, dtype, `${field}[${i}]`)) };
}

/** A tensor set from proto (order kept; duplicate names refused). */
export function tensorSetFromProto(m: fedcxr.v1.TensorSet.$Properties | null | undefined, field: string, inPlace?: InPlace): TensorSet {
  const set = need(m, field);
  // In message order, so in-place regions only ever move forward through the buffer.
  const tensors = (set.tensors ?? []).map((t, i) => tensorFromProto(t, `${field}[${i}]`, inPlace));
  checkUniqueNames(
    tensors.map((t) => t.name),
    field,
  );
  return tensors;
}

function checkUniqueNames(names: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ValueError(`${field} has duplicate tensor name ${n}`, { field });
    seen.add(n);
  }
}

/** A histogram bin count in 2..MAX_HISTOGRAM_BINS. */
export function histogramBins(v: number | null | undefined, field: string): number {
  const n = u32(v, field);
  if (n < 2 || n > MAX_HISTOGRAM_BINS) throw new ValueError(`${field} must lie in 2..${MAX_HISTOGRAM_BINS}, got ${n}`, { field });
  return n;
}

/** A u32 that must be present (proto3 leaves absent numbers 0). */
export function positiveU32(v: number | null | undefined, field: string): number {
  const n = u32(v, field);
  if (n === 0) throw new ValueError(`missing field ${field} (must be > 0)`, { field });
  return n;
}

/** A number in [0, 1]. */
export function unit(v: number | null | undefined, field: string): number {
  const n = finite(v, field);
  if (n < 0 || n > 1) throw new ValueError(`${field} must lie in [0, 1], got ${n}`, { field });
  return n;
}

/** A non-negative finite duration. */
export function seconds(v: number, field: string): number {
  const n = finite(v, field);
  if (n < 0) throw new ValueError(`${field} must be ≥ 0, got ${n}`, { field });
  return n;
}
