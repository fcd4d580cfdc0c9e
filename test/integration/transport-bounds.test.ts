/**
 * Bounded memory for every input (issue 11, finding 3): a keyed site cannot make the coordinator allocate for
 * an upload nobody asked for, nor one larger than the pending task's result may be.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseKey } from '../../shared/federation/hmac.js';
import { splitIntoChunks } from '../../shared/federation/chunks.js';
import { chunkToBytes, replyFromBytes, replyToBytes } from '../../shared/federation/serde-control.js';
import { KEYS, RUN, fitIns, nextConnection, rawHandshake, rejectionOf, startServer } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const MiB = 1024 * 1024;

describe('upload admission', () => {
  it('refuses a 128 MiB chunked result with a valid digest when no fit is pending, allocating nothing', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const conn = nextConnection(srv, 'KM');
    const s = await rawHandshake(srv.url, 'KM', parseKey(KEYS.KM!));
    cleanup.push(() => void s.disconnect());
    await conn;
    // One real 4 MiB chunk announcing a 128 MiB message (the digest is of the announced whole).
    const frame = chunkToBytes(splitIntoChunks(new Uint8Array(128 * MiB), 4 * MiB, 'big')[0]!);
    const before = process.memoryUsage().arrayBuffers;
    const reply = replyFromBytes(await s.timeout(5000).emitWithAck('chunk', frame));
    const grew = process.memoryUsage().arrayBuffers - before;

    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.error.message).toMatch(/upload of 134217728 bytes refused: no fit or evaluate is pending on KM/);
    expect(grew).toBeLessThan(64 * MiB); // the 128 MiB buffer was never made
  });

  it('refuses an upload larger than the pending fit result may be', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const conn = nextConnection(srv, 'KM');
    const s = await rawHandshake(srv.url, 'KM', parseKey(KEYS.KM!));
    cleanup.push(() => void s.disconnect());
    s.on('runSpec', (_f, ack) => ack(replyToBytes({ kind: 'prepare', hasTrunk: true })));
    s.on('fit', (_f, ack) => ack(replyToBytes({ kind: 'ok' })));
    const proxy = await conn;
    await proxy.prepare(RUN, null, 5000);
    const pending = rejectionOf(proxy.fit(fitIns(1), 1000));
    await new Promise((r) => setTimeout(r, 100));
    const first = splitIntoChunks(new Uint8Array(16 * MiB), 4 * MiB, 'fat')[0]!;
    const reply = replyFromBytes(await s.timeout(5000).emitWithAck('chunk', chunkToBytes(first)));

    expect(reply.kind === 'error' && reply.error.message).toMatch(/upload of 16777216 bytes refused: the pending task's result may hold at most \d+/);
    expect((await pending).message).toMatch(/deadline/);
  });
});
