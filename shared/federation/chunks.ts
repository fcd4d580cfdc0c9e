/**
 * Chunked transfers: an encoded message larger than the chunk size travels as numbered pieces that all
 * carry the SHA-256 and length of the whole. The receiver reassembles within limits (size, concurrency,
 * time), verifies the hash, and rejects mismatched, duplicate, out-of-range or oversized pieces.
 * Pure except for `createHash`/`randomBytes`; the clock is injected.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { IntegrityError, ProtocolError, WireLimitError } from '../domain/errors.js';

/** One piece of a transfer (the domain form of the proto `Chunk`). */
export interface ChunkFrame {
  readonly transferId: string;
  readonly index: number;
  readonly count: number;
  readonly totalBytes: number;
  /** SHA-256 of the whole message (32 bytes). */
  readonly sha256: Uint8Array;
  /** Byte offset of `data` in the whole message. */
  readonly offset: number;
  readonly data: Uint8Array;
}

/** A fresh transfer id (128 random bits, hex). */
export function newTransferId(): string {
  return randomBytes(16).toString('hex');
}

/** SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

// Digests of payloads already split, by identity: one broadcast's bytes go to every site (coordinator/
// broadcast-bytes.ts) and are hashed once. Encoded messages are never written after encoding; if one were,
// the receiver's check of the whole would refuse it, so a stale digest cannot pass unnoticed.
const payloadDigests = new WeakMap<Uint8Array, Uint8Array>();

/**
 * SHA-256 of an encoded message, computed once per message object (a chunked send and a later reference to the
 * message by its digest share it). The message must not be written after encoding.
 */
export function messageDigest(payload: Uint8Array): Uint8Array {
  return payloadDigest(payload);
}

function payloadDigest(payload: Uint8Array): Uint8Array {
  let d = payloadDigests.get(payload);
  if (!d) {
    d = sha256(payload);
    payloadDigests.set(payload, d);
  }
  return d;
}

/**
 * Splits `payload` into chunks of at most `chunkBytes`. The chunks are views (no copy) of `payload`.
 * @example for (const c of splitIntoChunks(bytes, 4 << 20)) await send(chunkToBytes(c));
 */
export function splitIntoChunks(payload: Uint8Array, chunkBytes: number, transferId = newTransferId()): ChunkFrame[] {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  const count = Math.max(1, Math.ceil(payload.length / chunkBytes));
  const hash = payloadDigest(payload);
  const chunks: ChunkFrame[] = [];
  for (let index = 0; index < count; index++) {
    const offset = index * chunkBytes;
    chunks.push({
      transferId,
      index,
      count,
      totalBytes: payload.length,
      sha256: hash,
      offset,
      data: payload.subarray(offset, Math.min(payload.length, offset + chunkBytes)),
    });
  }
  return chunks;
}

/** Limits a reassembler enforces. */
export interface ReassemblyLimits {
  /** Largest chunk accepted. */
  readonly chunkBytes: number;
  /** Largest whole message accepted. */
  readonly maxTransferBytes: number;
  /** Transfers (incomplete or complete but not yet taken) held at once. */
  readonly maxConcurrentTransfers: number;
  /** A transfer older than this (since its first chunk) is dropped. */
  readonly transferTimeoutMs: number;
  /** Bytes all of this peer's open transfers may hold together. @default maxTransferBytes */
  readonly maxHeldBytes?: number;
}

/** A byte allowance shared by every connection's reassembler (the process-wide bound on reassembly memory). */
export class ByteBudget {
  private used = 0;
  constructor(
    /** Most bytes held at once. */
    readonly limit: number,
  ) {}

  /** Bytes currently held. */
  get held(): number {
    return this.used;
  }

  /** Reserves `n` bytes or throws WireLimitError naming the budget. */
  take(n: number): void {
    if (this.used + n > this.limit) throw new WireLimitError(`transfer of ${n} bytes refused: all peers' transfers would hold ${this.used + n} bytes, the limit is ${this.limit}`);
    this.used += n;
  }

  /** Returns `n` bytes. */
  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}

/** Per-connection admission: `admit` throws to refuse a transfer before its buffer exists. */
export interface ReassemblyGuard {
  /** Called with a new transfer's announced size; throw to refuse it (e.g. no result is pending, or too big). */
  readonly admit?: (totalBytes: number) => void;
  /** Shared allowance across connections. */
  readonly budget?: ByteBudget;
}

interface Transfer {
  readonly count: number;
  readonly totalBytes: number;
  readonly sha256: Uint8Array;
  readonly startedAt: number;
  readonly buffer: Uint8Array;
  readonly seen: Uint8Array; // 1 per received index
  received: number;
  receivedBytes: number;
  complete: boolean;
  /** SHA-256 of buffer[0, hashedTo), fed as chunks arrive in order (verification then waits for the last one only). */
  readonly hash: Hash;
  hashedTo: number;
  /** Chunks placed beyond hashedTo (offset → length), hashed once the bytes before them are in. */
  readonly ahead: Map<number, number>;
  /** A chunk overlapped the hashed prefix: the running hash is not used (the whole buffer is hashed instead). */
  overlapped: boolean;
}

/** Transfer ids a reassembler remembers as refused (their later chunks are refused, not reopened). */
export const REFUSED_KEPT = 16;

/** Reassembles chunked transfers from one peer. */
export class Reassembler {
  private readonly transfers = new Map<string, Transfer>();
  private refused: string[] = [];

  constructor(
    private readonly limits: ReassemblyLimits,
    private readonly now: () => number = Date.now,
    private readonly guard: ReassemblyGuard = {},
  ) {}

  /** Bytes this reassembler's transfers hold. */
  get heldBytes(): number {
    let n = 0;
    for (const t of this.transfers.values()) n += t.totalBytes;
    return n;
  }

  private drop(id: string): void {
    const t = this.transfers.get(id);
    if (!t) return;
    this.transfers.delete(id);
    this.guard.budget?.give(t.totalBytes);
  }

  /** Number of transfers held (incomplete or awaiting `take`). */
  get size(): number {
    return this.transfers.size;
  }

  /**
   * Accepts one chunk; returns true when its transfer is complete and verified (then `take` it).
   * Throws ProtocolError/WireLimitError/IntegrityError and drops the transfer on any violation.
   */
  accept(chunk: ChunkFrame): boolean {
    this.sweep();
    const id = chunk.transferId;
    if (id.length === 0 || id.length > 64) throw new ProtocolError(`chunk transfer id must have 1..64 characters, got ${id.length}`);
    // A sender keeps a few chunks in flight: those behind a refused one must not reopen the transfer.
    if (this.refused.includes(id)) throw new ProtocolError(`chunk ${chunk.index} of transfer ${id} refused: the transfer was dropped after an earlier error`);
    let t = this.transfers.get(id);
    try {
      if (!t) {
        t = this.open(chunk);
        this.transfers.set(id, t);
      }
      this.place(t, chunk);
    } catch (err) {
      this.drop(id);
      this.refused = [id, ...this.refused].slice(0, REFUSED_KEPT);
      throw err;
    }
    return t.complete;
  }

  /** Removes and returns a completed transfer's bytes. Throws ProtocolError if unknown or incomplete. */
  take(transferId: string): Uint8Array {
    return this.takeVerified(transferId).bytes;
  }

  /** As `take`, with the SHA-256 the bytes were verified against (so the receiver need not hash them again). */
  takeVerified(transferId: string): { bytes: Uint8Array; sha256: Uint8Array } {
    this.sweep();
    const t = this.transfers.get(transferId);
    if (!t) throw new ProtocolError(`unknown or expired transfer ${transferId}`);
    if (!t.complete) {
      this.drop(transferId);
      throw new ProtocolError(`transfer ${transferId} incomplete: ${t.received} of ${t.count} chunks`);
    }
    this.drop(transferId);
    return { bytes: t.buffer, sha256: t.sha256 };
  }

  /** Drops transfers older than the timeout; returns their ids. */
  sweep(): string[] {
    const dropped: string[] = [];
    const cutoff = this.now() - this.limits.transferTimeoutMs;
    for (const [id, t] of this.transfers) {
      if (t.startedAt < cutoff) {
        this.drop(id);
        dropped.push(id);
      }
    }
    return dropped;
  }

  /** Drops every transfer (e.g. on disconnect). */
  clear(): void {
    for (const id of [...this.transfers.keys()]) this.drop(id);
  }

  private open(c: ChunkFrame): Transfer {
    if (this.transfers.size >= this.limits.maxConcurrentTransfers) {
      throw new WireLimitError(`too many concurrent transfers (limit ${this.limits.maxConcurrentTransfers})`);
    }
    if (!Number.isSafeInteger(c.totalBytes) || c.totalBytes < 0) throw new ProtocolError(`chunk totalBytes invalid: ${c.totalBytes}`);
    if (c.totalBytes > this.limits.maxTransferBytes) {
      throw new WireLimitError(`transfer of ${c.totalBytes} bytes exceeds the limit of ${this.limits.maxTransferBytes}`);
    }
    if (c.sha256.length !== 32) throw new ProtocolError(`chunk sha256 must have 32 bytes, got ${c.sha256.length}`);
    const held = this.heldBytes;
    const maxHeld = this.limits.maxHeldBytes ?? this.limits.maxTransferBytes;
    if (held + c.totalBytes > maxHeld) {
      throw new WireLimitError(`transfer of ${c.totalBytes} bytes refused: this peer's transfers would hold ${held + c.totalBytes} bytes, the limit is ${maxHeld}`);
    }
    this.guard.admit?.(c.totalBytes);
    const minCount = Math.max(1, Math.ceil(c.totalBytes / this.limits.chunkBytes));
    if (!Number.isSafeInteger(c.count) || c.count < minCount || c.count > Math.max(1, c.totalBytes)) {
      throw new ProtocolError(`chunk count ${c.count} impossible for ${c.totalBytes} bytes in chunks of ≤ ${this.limits.chunkBytes}`);
    }
    // Reserved last: every check that can refuse the transfer has passed (a throw here reserves nothing).
    this.guard.budget?.take(c.totalBytes);
    return {
      count: c.count,
      totalBytes: c.totalBytes,
      sha256: Uint8Array.from(c.sha256),
      startedAt: this.now(),
      buffer: new Uint8Array(c.totalBytes),
      seen: new Uint8Array(c.count),
      received: 0,
      receivedBytes: 0,
      complete: false,
      hash: createHash('sha256'),
      hashedTo: 0,
      ahead: new Map(),
      overlapped: false,
    };
  }

  private place(t: Transfer, c: ChunkFrame): void {
    if (c.count !== t.count || c.totalBytes !== t.totalBytes || !bytesEqual(c.sha256, t.sha256)) {
      throw new ProtocolError(`chunk ${c.index} of transfer ${c.transferId} disagrees with earlier chunks (count, size or hash)`);
    }
    if (t.complete) throw new ProtocolError(`chunk ${c.index} of transfer ${c.transferId} arrived after completion`);
    if (!Number.isSafeInteger(c.index) || c.index < 0 || c.index >= t.count) {
      throw new ProtocolError(`chunk index ${c.index} out of range 0..${t.count - 1}`);
    }
    if (t.seen[c.index] === 1) throw new ProtocolError(`duplicate chunk ${c.index} of transfer ${c.transferId}`);
    if (c.data.length > this.limits.chunkBytes) {
      throw new WireLimitError(`chunk of ${c.data.length} bytes exceeds the chunk limit of ${this.limits.chunkBytes}`);
    }
    if (!Number.isSafeInteger(c.offset) || c.offset < 0 || c.offset + c.data.length > t.totalBytes) {
      throw new ProtocolError(`chunk ${c.index} (offset ${c.offset}, ${c.data.length} bytes) lies outside the ${t.totalBytes}-byte message`);
    }
    if (c.data.length === 0 && t.totalBytes > 0) throw new ProtocolError(`chunk ${c.index} is empty`);
    t.buffer.set(c.data, c.offset);
    t.seen[c.index] = 1;
    t.received++;
    t.receivedBytes += c.data.length;
    hashInOrder(t, c.offset, c.data.length);
    if (t.received < t.count) return;
    // Every index seen once; the byte count catches overlaps and gaps, the hash everything else.
    if (t.receivedBytes !== t.totalBytes) {
      throw new ProtocolError(`transfer ${c.transferId} received ${t.receivedBytes} bytes, announced ${t.totalBytes}`);
    }
    // Every chunk hashed in one contiguous run covers the message exactly once; anything else is hashed whole.
    const digest = !t.overlapped && t.hashedTo === t.totalBytes && t.ahead.size === 0 ? new Uint8Array(t.hash.digest()) : sha256(t.buffer);
    if (!bytesEqual(digest, t.sha256)) throw new IntegrityError(`transfer ${c.transferId} failed SHA-256 verification`);
    t.complete = true;
  }
}

/**
 * Feeds the transfer's running SHA-256 with the chunk just placed at `offset` when it continues the hashed
 * prefix (then with any chunks already waiting right after it); otherwise it waits in `ahead`. A chunk that
 * overlaps the hashed prefix marks the transfer, whose whole buffer is then hashed at the end instead.
 */
function hashInOrder(t: Transfer, offset: number, length: number): void {
  if (t.overlapped) return;
  if (offset < t.hashedTo || t.ahead.has(offset)) {
    t.overlapped = true;
    return;
  }
  t.ahead.set(offset, length);
  for (let len = t.ahead.get(t.hashedTo); len !== undefined; len = t.ahead.get(t.hashedTo)) {
    t.ahead.delete(t.hashedTo);
    t.hash.update(t.buffer.subarray(t.hashedTo, t.hashedTo + len));
    t.hashedTo += len;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
