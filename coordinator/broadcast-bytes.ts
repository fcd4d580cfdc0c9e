/**
 * One encoding per broadcast: every sampled site gets the same FitIns (and every site the same EvaluateIns, and
 * every site that lacks it the same Trunk)
 * — the same global tensors and the same header — so the coordinator encodes those bytes once per round, not
 * once per site (each encoding checks finiteness of, copies, and then hashes the whole trainable set). The
 * bytes are keyed by the tensor set's identity plus every other field of the message, and only the last few
 * broadcasts are kept, so memory stays bounded whatever holds on to old globals.
 */
import type { TensorSet, WireDType } from '../shared/domain/tensor-set.js';
import { evaluateInsToBytes, fitInsToBytes, holdToBytes, trunkToBytes, type WireHold, type WireTrunk } from '../shared/federation/serde.js';
import type { EvaluateIns, FitIns } from '../shared/federation/types.js';

/** Encodings kept: a round's fit broadcast and the evaluation broadcast that follows it. */
export const BROADCASTS_KEPT = 2;

interface Entry {
  readonly tensors: TensorSet;
  readonly key: string;
  readonly bytes: Uint8Array;
}

/** A small cache of encoded instructions, shared by every site proxy of one server. */
export class BroadcastBytes {
  private entries: Entry[] = [];
  /** Encodings served from the cache (for tests and the bench). */
  hits = 0;

  /** FitIns bytes, encoded once for every site that gets the same instruction. */
  fitIns(ins: FitIns, dtype: WireDType): Uint8Array {
    const { tensors, ...header } = ins;
    return this.get(tensors, `fit|${dtype}|${JSON.stringify(header)}`, () => fitInsToBytes(ins, dtype));
  }

  /** EvaluateIns bytes, encoded once for every site that gets the same instruction. */
  evaluateIns(ins: EvaluateIns, dtype: WireDType): Uint8Array {
    const { tensors, ...header } = ins;
    return this.get(tensors, `evaluate|${dtype}|${JSON.stringify(header)}`, () => evaluateInsToBytes(ins, dtype));
  }

  /** Hold bytes, encoded once for every site that is left the same global of the same run. */
  hold(h: WireHold, dtype: WireDType): Uint8Array {
    return this.get(h.tensors, `hold|${dtype}|${h.runId}`, () => holdToBytes(h, dtype));
  }

  /** Trunk bytes, encoded once for every site that is sent the same frozen tensors of the same run. */
  trunk(t: WireTrunk): Uint8Array {
    return this.get(t.tensors, `trunk|${t.runId}|${t.trunkHash}`, () => trunkToBytes(t));
  }

  private get(tensors: TensorSet, key: string, encode: () => Uint8Array): Uint8Array {
    const hit = this.entries.find((e) => e.tensors === tensors && e.key === key);
    if (hit) {
      this.hits += 1;
      return hit.bytes;
    }
    const bytes = encode();
    this.entries = [{ tensors, key, bytes }, ...this.entries].slice(0, BROADCASTS_KEPT);
    return bytes;
  }
}
