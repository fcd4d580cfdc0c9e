/**
 * Instructions by reference (protocol 3): a FitIns or EvaluateIns may carry, instead of its tensors, the SHA-256
 * of an earlier instruction message of the same connection that carried exactly those tensors. A round's
 * EvaluateIns and the next round's FitIns carry the same global, so the second one travels as a few hundred
 * bytes. The digest is the one the chunked transfer was already hashed and verified with (no extra hashing on
 * either end). The site keeps the tensors of its last few instructions (`HeldTensors`); one it no longer holds is
 * refused with a ValueError on the `…tensorsRef` field, and the coordinator falls back to a full send.
 */
import { ValueError } from '../domain/errors.js';
import { sizeOf, type TensorSet } from '../domain/tensor-set.js';

/** Bytes of a reference (a SHA-256). */
export const TENSORS_REF_BYTES = 32;

/** Instruction tensor sets a site keeps for reference: the last FitIns's and the last EvaluateIns's. */
export const HELD_TENSOR_SETS = 2;

/** The registration capability of a site that keeps a Hold's tensors for later instructions to name. */
export const HOLD_CAPABILITY = 'hold';

/** The tensor sets of a site's last instructions, by the SHA-256 of the message that carried them. */
export class HeldTensors {
  private entries: { readonly key: string; readonly tensors: TensorSet }[] = [];

  /** Keeps `tensors` (decoded from the message whose SHA-256 is `digest`), dropping the oldest beyond the limit. */
  remember(digest: Uint8Array, tensors: TensorSet): void {
    const key = hex(digest);
    this.entries = [{ key, tensors }, ...this.entries.filter((e) => e.key !== key)].slice(0, HELD_TENSOR_SETS);
  }

  /** The tensors held under `ref`; throws ValueError on `field` (the coordinator then sends them in full). */
  resolve(ref: Uint8Array, field: string): TensorSet {
    const key = hex(ref);
    const hit = this.entries.find((e) => e.key === key);
    if (!hit) throw new ValueError(`${field} names tensors ${key} that this site does not hold (held: ${this.entries.length}); send them in full`, { field });
    // Defence in depth: a held array moved to a worker thread (transferred) is detached, i.e. empty.
    const gone = hit.tensors.find((t) => t.data.length !== sizeOf(t.shape));
    if (gone) throw new ValueError(`${field} names tensors ${key} whose ${gone.name} this site no longer holds (its data was moved); send them in full`, { field });
    return hit.tensors;
  }

  /** Forgets every held set (e.g. when a run ends). */
  clear(): void {
    this.entries = [];
  }

  /** Number of sets held. */
  get size(): number {
    return this.entries.length;
  }
}

/** Whether `err` is a peer's refusal of a tensors reference (then the full tensors should be sent instead). */
export function isTensorsRefRefusal(err: unknown): boolean {
  return err instanceof ValueError && typeof err.field === 'string' && err.field.endsWith('tensorsRef');
}

/** Throws ValueError unless `ref` has the length of a SHA-256. */
export function checkTensorsRef(ref: Uint8Array, field: string): void {
  if (ref.length !== TENSORS_REF_BYTES) throw new ValueError(`${field} must have ${TENSORS_REF_BYTES} bytes, got ${ref.length}`, { field });
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
