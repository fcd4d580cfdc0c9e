/**
 * Protobuf encoding of the messages that carry model-sized bytes (a TensorSet, a chunk's data), byte for byte what
 * protobufjs writes, with those bytes copied once into a buffer of the exact size. protobufjs writes into a buffer
 * that doubles as it fills and, to prefix each nested message with its length, shifts the message forward once per
 * nesting level (Tensor, TensorSet): about five copies of the payload, 33–75 ms for a 28.8 MB FitRes here. The
 * small fields are still encoded by protobufjs (`head`: the fields numbered before the big one, `tail`: those
 * after), so only the framing around the big bytes is ours. Tests compare every message type with protobufjs'
 * own output.
 */
import type { fedcxr } from '../../proto/gen/fedcxr.js';
import { pb } from './serde-fields.js';

/** Wire type 2 (length-delimited). */
const LEN = 2;

/** The varint bytes of `n` (0 ≤ n < 2³²). */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** Field `field`'s tag and the length prefix of `length` bytes. */
function prefix(field: number, length: number): Uint8Array {
  return Uint8Array.from([...varint((field << 3) | LEN), ...varint(length)]);
}

const total = (parts: readonly Uint8Array[]): number => parts.reduce((n, p) => n + p.length, 0);

/** One Tensor message's parts: protobufjs' bytes of name, dtype and shape, then the data field (absent when empty). */
function tensorParts(t: fedcxr.v1.Tensor.$Properties): Uint8Array[] {
  const head = pb.Tensor.encode({ ...(t.name ? { name: t.name } : {}), ...(t.dtype ? { dtype: t.dtype } : {}), ...(t.shape ? { shape: t.shape } : {}) }).finish();
  const data = t.data ?? new Uint8Array(0);
  return data.length > 0 ? [head, prefix(4, data.length), data] : [head];
}

/** The parts of length-delimited field `field` holding `set` (a TensorSet message). */
function tensorSetFieldParts(field: number, set: fedcxr.v1.TensorSet.$Properties): Uint8Array[] {
  const body: Uint8Array[] = [];
  for (const t of set.tensors ?? []) {
    const parts = tensorParts(t);
    body.push(prefix(1, total(parts)), ...parts);
  }
  return [prefix(field, total(body)), ...body];
}

/** The parts concatenated into one buffer (a Buffer, as protobufjs' `finish()` returns in Node). */
function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = Buffer.allocUnsafe(total(parts));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * `head` (the message's fields numbered below `field`, encoded), field `field` = `set` (absent when undefined),
 * then `tail` (the fields numbered above it): the bytes protobufjs writes for the whole message.
 */
export function encodeAroundTensorSet(head: Uint8Array, field: number, set: fedcxr.v1.TensorSet.$Properties | undefined, tail: Uint8Array): Uint8Array {
  return join([head, ...(set ? tensorSetFieldParts(field, set) : []), tail]);
}

/** `head` (fields numbered below `field`, encoded), then bytes field `field` = `data` (absent when empty). */
export function encodeWithTrailingBytes(head: Uint8Array, field: number, data: Uint8Array): Uint8Array {
  return join(data.length > 0 ? [head, prefix(field, data.length), data] : [head]);
}
