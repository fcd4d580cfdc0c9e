/**
 * Protocol 3's instructions by reference, the coordinator's side of one connection: which tensors the site holds
 * (those of the last instruction it accepted in full, under that message's SHA-256), sending an instruction as a
 * reference when its tensors are that very set, and falling back to a full send when the site refuses the
 * reference. The digest is the one the chunked send computes anyway (`messageDigest`, cached per message).
 */
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { messageDigest } from '../shared/federation/chunks.js';
import { isTensorsRefRefusal } from '../shared/federation/tensors-ref.js';

/** An instruction to send: in full, or naming the tensors of an earlier message by its digest. */
export interface Instruction {
  readonly tensors: TensorSet;
  readonly full: () => Uint8Array;
  readonly byRef: (digest: Uint8Array) => Uint8Array;
}

/** Tensors a site holds (once it accepted the message) under that message's digest; `seq` orders instructions. */
export interface SentInFull {
  readonly tensors: TensorSet;
  readonly digest: Uint8Array;
  readonly seq: number;
}

/** What one site holds for references, and how many instructions went by reference or fell back. */
export class HeldInstructions {
  /** Instructions sent by reference, and references the site refused (then sent in full). */
  readonly counts = { sent: 0, refused: 0 };
  private held: SentInFull | null = null;
  private seq = 0;

  /** An instruction about to be sent in full as `bytes`: pass the result to `accepted` once the site took it. */
  sentInFull(msg: Instruction, bytes: Uint8Array): SentInFull {
    return { tensors: msg.tensors, digest: messageDigest(bytes), seq: ++this.seq };
  }

  /** The site acknowledged a Hold of `tensors` sent as `bytes`: it holds them (as if an instruction had carried them). */
  keep(tensors: TensorSet, bytes: Uint8Array): void {
    this.accepted({ tensors, digest: messageDigest(bytes), seq: ++this.seq });
  }

  /** The site accepted `h` (its ack, or its result): it holds those tensors, unless it accepted a later one. */
  accepted(h: SentInFull): void {
    if (this.held === null || this.held.seq < h.seq) this.held = h;
  }

  /**
   * Delivers `msg` by reference when its tensors are the set the site holds. Returns false when that does not
   * apply or the site refused the reference (`onRefused` is told why; nothing started there): send it in full.
   * Any other delivery failure is thrown.
   */
  async deliverByRef(msg: Instruction, deliver: (bytes: Uint8Array) => Promise<void>, onRefused: (err: unknown) => void): Promise<boolean> {
    const held = this.held;
    if (held === null || held.tensors !== msg.tensors) return false;
    try {
      await deliver(msg.byRef(held.digest));
      this.counts.sent += 1;
      return true;
    } catch (err) {
      if (!isTensorsRefRefusal(err)) throw err;
      this.held = null;
      this.counts.refused += 1;
      onRefused(err);
      return false;
    }
  }
}
