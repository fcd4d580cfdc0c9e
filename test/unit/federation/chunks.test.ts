import { describe, expect, it } from 'vitest';
import { IntegrityError, ProtocolError, WireLimitError } from '../../../shared/domain/errors.js';
import { Reassembler, sha256, splitIntoChunks, type ChunkFrame } from '../../../shared/federation/chunks.js';

function payload(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const limits = { chunkBytes: 1024, maxTransferBytes: 64 * 1024, maxConcurrentTransfers: 2, transferTimeoutMs: 1000 };

describe('splitIntoChunks', () => {
  it('splits into ceil(n / size) views carrying index, count, offset, size and the hash of the whole', () => {
    const p = payload(2500);
    const chunks = splitIntoChunks(p, 1024, 't1');
    expect(chunks.map((c) => c.data.length)).toEqual([1024, 1024, 452]);
    expect(chunks.map((c) => [c.index, c.count, c.offset, c.totalBytes])).toEqual([
      [0, 3, 0, 2500],
      [1, 3, 1024, 2500],
      [2, 3, 2048, 2500],
    ]);
    expect(chunks.every((c) => Buffer.compare(c.sha256, sha256(p)) === 0)).toBe(true);
    expect(chunks[1]?.data.buffer).toBe(p.buffer); // a view, not a copy
  });

  it('sends an empty payload as one empty chunk', () => {
    const [only, ...rest] = splitIntoChunks(new Uint8Array(0), 1024);
    expect(rest).toEqual([]);
    expect(only?.count).toBe(1);
    const r = new Reassembler(limits);
    expect(r.accept(only!)).toBe(true);
    expect(r.take(only!.transferId).length).toBe(0);
  });
});

describe('Reassembler', () => {
  it('reassembles out-of-order chunks and verifies the hash', () => {
    const p = payload(5000, 7);
    const chunks = splitIntoChunks(p, 1024, 'x');
    const r = new Reassembler(limits);
    const order = [3, 0, 4, 2, 1];
    const done = order.map((i) => r.accept(chunks[i]!));
    expect(done).toEqual([false, false, false, false, true]);
    expect(Buffer.compare(r.take('x'), p)).toBe(0);
    expect(r.size).toBe(0);
  });

  it('rejects a corrupted chunk on SHA-256 verification and drops the transfer', () => {
    const chunks = splitIntoChunks(payload(3000), 1024, 'x');
    const bad: ChunkFrame = { ...chunks[1]!, data: Uint8Array.from(chunks[1]!.data, (b, i) => (i === 5 ? b ^ 1 : b)) };
    const r = new Reassembler(limits);
    r.accept(chunks[0]!);
    r.accept(bad);
    expect(() => r.accept(chunks[2]!)).toThrow(IntegrityError);
    expect(r.size).toBe(0);
    expect(() => r.take('x')).toThrow(/unknown or expired transfer/);
  });

  it('rejects duplicates, out-of-range indices, mismatched headers and chunks outside the message', () => {
    const chunks = splitIntoChunks(payload(3000), 1024, 'x');
    const cases: [ChunkFrame, RegExp][] = [
      [chunks[0]!, /duplicate chunk 0/],
      [{ ...chunks[1]!, index: 3 }, /index 3 out of range 0..2/],
      [{ ...chunks[1]!, count: 4 }, /disagrees with earlier chunks/],
      [{ ...chunks[1]!, sha256: new Uint8Array(32) }, /disagrees with earlier chunks/],
      [{ ...chunks[1]!, offset: 2900 }, /lies outside the 3000-byte message/],
    ];
    for (const [c, msg] of cases) {
      const r = new Reassembler(limits);
      r.accept(chunks[0]!);
      expect(() => r.accept(c)).toThrow(msg);
      expect(r.size).toBe(0);
    }
  });

  it('refuses the chunks still in flight behind a refused one, instead of reopening the transfer', () => {
    const chunks = splitIntoChunks(payload(4000), 1024, 'w');
    const r = new Reassembler(limits);
    r.accept(chunks[0]!);
    expect(() => r.accept({ ...chunks[1]!, count: 9 })).toThrow(/disagrees with earlier chunks/);

    expect(() => r.accept(chunks[2]!)).toThrow(/chunk 2 of transfer w refused: the transfer was dropped after an earlier error/);
    expect(() => r.accept(chunks[3]!)).toThrow(ProtocolError);
    expect(r.size).toBe(0);
    expect(r.heldBytes).toBe(0);
    // Another transfer is unaffected.
    const other = splitIntoChunks(payload(1000), 1024, 'v');
    expect(r.accept(other[0]!)).toBe(true);
  });

  it('verifies two interleaved transfers hashed as their chunks arrive, in order and with a gap filled later', () => {
    const p1 = payload(9000, 3);
    const p2 = payload(7000, 4);
    const a = splitIntoChunks(p1, 1024, 'a');
    const b = splitIntoChunks(p2, 1024, 'b');
    const r = new Reassembler(limits);
    // a in order; b with chunk 2 late (chunks 3.. wait until the gap is filled, then are hashed in one go)
    const order: ChunkFrame[] = [a[0]!, b[0]!, b[1]!, a[1]!, b[3]!, b[4]!, a[2]!, b[5]!, b[6]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, b[2]!, a[8]!];
    const done = order.map((c) => r.accept(c));
    expect(done.filter(Boolean)).toHaveLength(2);
    expect(r.takeVerified('a')).toMatchObject({ sha256: sha256(p1) });
    expect(Buffer.compare(r.take('b'), p2)).toBe(0);
  });

  it('catches a chunk at the same offset as one waiting ahead of the hashed prefix', () => {
    const chunks = splitIntoChunks(payload(3000), 1024, 'x');
    const r = new Reassembler(limits);
    r.accept({ ...chunks[2]!, offset: 1024 }); // waits ahead at 1024 (index 2's bytes in index 1's place)
    r.accept(chunks[1]!); // the same offset: the running hash cannot be trusted
    expect(() => r.accept(chunks[0]!)).toThrow(IntegrityError); // the bytes [2048, 3000) were never written
  });

  it('catches overlapping chunks that leave a gap by the hash', () => {
    const chunks = splitIntoChunks(payload(3000), 1024, 'x');
    const r = new Reassembler(limits);
    r.accept(chunks[0]!);
    r.accept({ ...chunks[1]!, offset: 1000 });
    expect(() => r.accept(chunks[2]!)).toThrow(IntegrityError); // byte count matches; the gap fails the hash
  });

  it('refuses oversized transfers, oversized chunks and too many transfers', () => {
    const r = new Reassembler(limits);
    const big = splitIntoChunks(payload(2048), 1024, 'big')[0]!;
    expect(() => r.accept({ ...big, totalBytes: 65 * 1024, count: 65 })).toThrow(WireLimitError);
    expect(() => r.accept({ ...splitIntoChunks(payload(4096), 2048, 'c')[0]! })).toThrow(/impossible/);
    const fat = splitIntoChunks(payload(2048), 2048, 'f')[0]!;
    expect(() => r.accept({ ...fat, count: 2 })).toThrow(/exceeds the chunk limit/);
    r.accept(splitIntoChunks(payload(2048), 1024, 'a')[0]!);
    r.accept(splitIntoChunks(payload(2048), 1024, 'b')[0]!);
    // (a fresh id: 'c' was refused above, and a refused transfer's later chunks are refused as such)
    expect(() => r.accept(splitIntoChunks(payload(2048), 1024, 'd')[0]!)).toThrow(/too many concurrent transfers/);
  });

  it('drops transfers older than the timeout (injected clock)', () => {
    let now = 0;
    const r = new Reassembler(limits, () => now);
    const chunks = splitIntoChunks(payload(2048), 1024, 'slow');
    r.accept(chunks[0]!);
    now = 1500;
    expect(r.sweep()).toEqual(['slow']);
    expect(() => r.take('slow')).toThrow(ProtocolError);
  });

  it('refuses to hand out an incomplete transfer', () => {
    const r = new Reassembler(limits);
    r.accept(splitIntoChunks(payload(2048), 1024, 'half')[0]!);
    expect(() => r.take('half')).toThrow(/incomplete: 1 of 2 chunks/);
  });
});
