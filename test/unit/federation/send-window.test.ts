/**
 * `sendMessage` keeps up to CHUNK_WINDOW chunks in flight (acks still pace it), sends every chunk exactly once in
 * index order, sends the envelope only after every chunk was acked, and stops at the first refused chunk.
 */
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../shared/domain/errors.js';
import { Reassembler } from '../../../shared/federation/chunks.js';
import { chunkFromBytes, envelopeFromBytes, errorReply, replyToBytes } from '../../../shared/federation/serde-control.js';
import { CHUNK_WINDOW, sendMessage } from '../../../shared/federation/transport.js';

const limits = { chunkBytes: 1024, maxTransferBytes: 1 << 20 };

/** A receiver whose acks come back after a few milliseconds; records what was in flight. */
function receiver(refuseIndex = -1): { request: (ev: string, frame: Uint8Array) => Promise<unknown>; log: string[]; maxInFlight: () => number } {
  const r = new Reassembler({ ...limits, maxConcurrentTransfers: 2, transferTimeoutMs: 10_000 });
  const log: string[] = [];
  let inFlight = 0;
  let max = 0;
  const request = async (ev: string, frame: Uint8Array): Promise<unknown> => {
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise((res) => setTimeout(res, 2));
    inFlight--;
    if (ev !== 'chunk') {
      log.push(`${ev}:${'transferId' in envelopeFromBytes(frame) ? 'transfer' : 'inline'}`);
      return replyToBytes({ kind: 'ok' });
    }
    const c = chunkFromBytes(frame);
    log.push(`chunk:${c.index}`);
    try {
      if (c.index === refuseIndex) throw new ProtocolError(`chunk ${c.index} refused`);
      r.accept(c);
      return replyToBytes({ kind: 'ok' });
    } catch (err) {
      return errorReply(err);
    }
  };
  return { request, log, maxInFlight: () => max };
}

describe('sendMessage with a chunk window', () => {
  it('keeps at most CHUNK_WINDOW chunks in flight, each sent once in index order, the envelope last', async () => {
    const rx = receiver();
    const payload = new Uint8Array(10 * 1024 + 5).map((_, i) => i % 251);

    await sendMessage(rx.request, 'fitRes', payload, limits, 1000);

    expect(CHUNK_WINDOW).toBe(4);
    expect(rx.maxInFlight()).toBe(CHUNK_WINDOW);
    expect(rx.log).toEqual([...Array.from({ length: 11 }, (_, i) => `chunk:${i}`), 'fitRes:transfer']);
  });

  it('with a window of 1, sends one chunk at a time', async () => {
    const rx = receiver();
    await sendMessage(rx.request, 'fitRes', new Uint8Array(3 * 1024), limits, 1000, 1);
    expect(rx.maxInFlight()).toBe(1);
  });

  it('stops at the first refused chunk: no envelope, at most the window’s chunks after it, the error rejects', async () => {
    const rx = receiver(2);
    const err = await sendMessage(rx.request, 'fitRes', new Uint8Array(20 * 1024), limits, 1000).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/chunk 2 refused/);
    expect(rx.log).not.toContain('fitRes:transfer');
    expect(rx.log.length).toBeLessThanOrEqual(2 + 1 + CHUNK_WINDOW);
    await expect(sendMessage(rx.request, 'fitRes', new Uint8Array(3 * 1024), limits, 1000, 0)).rejects.toThrow(/chunk window must be a positive integer, got 0/);
  });
});
