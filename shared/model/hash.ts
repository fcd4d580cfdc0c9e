/**
 * SHA-256 identities of tensors and tensor sets: what checkpoints record, what FitIns.trunkHash carries,
 * what a site compares before reusing a cached trunk.
 */
import { createHash, type Hash } from 'node:crypto';
import type { NamedTensor, TensorSet } from '../domain/tensor-set.js';

/** SHA-256 (hex) over every tensor's name, shape and float32 bytes, in order. Order is part of the identity. */
export function hashTensorSet(set: TensorSet): string {
  const h = createHash('sha256');
  h.update(`fedcxr-tensorset-v1\0${set.length}\0`);
  for (const t of set) updateWithTensor(h, t);
  return h.digest('hex');
}

/** SHA-256 (hex) of one tensor's name, shape and float32 bytes. */
export function hashTensor(t: NamedTensor): string {
  const h = createHash('sha256');
  updateWithTensor(h, t);
  return h.digest('hex');
}

/** SHA-256 (hex) of raw bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function updateWithTensor(h: Hash, t: NamedTensor): void {
  h.update(`${t.name}\0${t.shape.join(',')}\0`);
  h.update(littleEndianBytes(t.data));
}

/** The float32 values as little-endian bytes (a view on little-endian hosts, which is all Node runs on in practice). */
function littleEndianBytes(data: Float32Array): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return view;
  const out = new Uint8Array(data.byteLength);
  const dv = new DataView(out.buffer);
  data.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return out;
}
