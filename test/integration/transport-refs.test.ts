/**
 * Protocol 3's instructions by reference over a real socket.io connection: the FitIns after an EvaluateIns of
 * the same global names it by the earlier message's SHA-256 instead of carrying it; a reference the site cannot
 * resolve (unknown, malformed, or beside full tensors) is refused by name, nothing starts, both ends keep running,
 * and the coordinator then sends the tensors in full. A version-2 peer is refused at the handshake.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ValueError, VersionError } from '../../shared/domain/errors.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import type { CoordinatorServer } from '../../coordinator/server.js';
import type { SocketClientProxy } from '../../coordinator/socket-proxy.js';
import type { HeldInstructions } from '../../coordinator/held-instructions.js';
import { envelopeToBytes, helloToBytes, replyFromBytes } from '../../shared/federation/serde-control.js';
import { evaluateInsToBytes } from '../../shared/federation/serde.js';
import { pb } from '../../shared/federation/serde-fields.js';
import { PROTOCOL_VERSION } from '../../shared/federation/wire-limits.js';
import type { SiteClient } from '../../site-client/client.js';
import { FakeHandler, RUN, SMALL, TRUNK_HASH, connectSite, evaluateIns, fitIns, rawSocket, startServer, tensorSet } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A global larger than one 4 MiB chunk, so it travels as a chunked transfer (whose digest is the reference). */
const BIG: TensorSet = tensorSet([
  ['block5_conv3/kernel', [3, 3, 256, 512]],
  ['block5_conv3/bias', [512]],
  ['head_output/kernel', [512, 1]],
]);

/** A coordinator and a connected, not yet prepared 'KM' site. */
async function connected(): Promise<{ srv: CoordinatorServer; client: SiteClient; proxy: SocketClientProxy; handler: FakeHandler }> {
  const srv = await startServer();
  cleanup.push(() => srv.close());
  const handler = new FakeHandler('KM');
  const { client, proxy } = await connectSite(srv, handler);
  cleanup.push(() => client.stop());
  return { srv, client, proxy, handler };
}

async function site(): Promise<{ srv: CoordinatorServer; client: SiteClient; proxy: SocketClientProxy; handler: FakeHandler }> {
  const c = await connected();
  await c.proxy.prepare(RUN, [], 5000);
  return c;
}

/** The coordinator's end of `siteId`'s connection, for hand-made requests to the site. */
function serverSocket(srv: CoordinatorServer, siteId: string): { timeout(ms: number): { emitWithAck(ev: 'evaluate', frame: Uint8Array): Promise<unknown> } } {
  for (const s of srv.io.of('/').sockets.values()) if (s.data.siteId === siteId) return s;
  throw new Error(`no socket for ${siteId}`);
}

/** Names, shapes and bit-identical values (Buffer.compare: a deep toEqual over a million floats is slow). */
function same(a: TensorSet | undefined, b: TensorSet): boolean {
  const bytes = (d: Float32Array): Buffer => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return a !== undefined && a.length === b.length && a.every((t, i) => t.name === b[i]?.name && t.shape.join() === b[i]?.shape.join() && bytes(t.data).equals(bytes(b[i].data)));
}

const evaluateOf = (round: number, tensors: TensorSet): ReturnType<typeof evaluateIns> => ({ ...evaluateIns(round), tensors });

describe('instructions by reference (protocol 3)', () => {
  it("sends the FitIns after an EvaluateIns of the same global as a reference: a few hundred bytes, the site trains on the same values", async () => {
    const { proxy, handler } = await site();
    const r1 = await proxy.fit(fitIns(1, BIG), 10_000);
    const global = r1.tensors; // round 1's new global: evaluated, then the start of round 2
    await proxy.evaluate(evaluateOf(1, global), 10_000);
    const before = proxy.traffic.sentBytes;

    const r2 = await proxy.fit(fitIns(2, global), 10_000);

    const sent = proxy.traffic.sentBytes - before;
    expect(proxy.refs).toEqual({ sent: 1, refused: 0 });
    expect(sent).toBeLessThan(1024);
    expect(handler.calls).toEqual(['prepare:run-1', 'fit:1', 'evaluate:1', 'fit:2']);
    expect(same(handler.received[2], global)).toBe(true);
    expect(r2.tensors[0]?.data[7]).toBeCloseTo((global[0]?.data[7] ?? NaN) + 1, 4);
  });

  it('sends in full a set that is not the one the site last accepted (another round, or equal values in another set)', async () => {
    const { proxy, handler } = await site();
    await proxy.fit(fitIns(1, SMALL), 5000);
    const copy = SMALL.map((t) => ({ ...t, data: Float32Array.from(t.data) }));

    await proxy.evaluate(evaluateOf(1, copy), 5000);

    expect(proxy.refs).toEqual({ sent: 0, refused: 0 });
    expect(handler.received[1]).toEqual(SMALL);
  });

  it('falls back to a full send when the site no longer holds the named tensors, and the round goes on', async () => {
    const { proxy, handler } = await site();
    await proxy.fit(fitIns(1, BIG), 10_000);
    // The coordinator believes the site holds BIG under a digest the site never saw (as after a lost ack).
    (proxy as unknown as { held: HeldInstructions }).held.accepted({ tensors: BIG, digest: randomBytes(32), seq: Number.MAX_SAFE_INTEGER });

    const ev = await proxy.evaluate(evaluateOf(1, BIG), 10_000);

    expect(proxy.refs).toEqual({ sent: 0, refused: 1 });
    expect(ev.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(handler.calls).toEqual(['prepare:run-1', 'fit:1', 'evaluate:1']);
    expect(same(handler.received[1], BIG)).toBe(true);
    // The full send re-established a reference the site does hold.
    await proxy.fit(fitIns(2, BIG), 10_000);
    expect(proxy.refs).toEqual({ sent: 1, refused: 1 });
  });

  it('refuses an EvaluateIns naming an unknown, malformed or doubled reference by name; nothing starts, the site keeps serving', async () => {
    const { srv, proxy, handler } = await site();
    const socket = serverSocket(srv, 'KM');
    const ask = async (message: Uint8Array): Promise<Error> => {
      const reply = replyFromBytes(await socket.timeout(5000).emitWithAck('evaluate', envelopeToBytes({ inline: message })));
      if (reply.kind !== 'error') throw new Error(`expected an error reply, got ${reply.kind}`);
      return reply.error;
    };
    const header = { runId: RUN.runId, round: 1, level: pb.Level.B5, trunkHash: TRUNK_HASH, split: pb.Split.TEST, threshold: 0.5, histogramBins: 3 };

    const unknown = await ask(evaluateInsToBytes(evaluateIns(1), 'float32', randomBytes(32)));
    const short = await ask(pb.EvaluateIns.encode({ ...header, tensorsRef: randomBytes(31) }).finish());
    const both = await ask(pb.EvaluateIns.encode({ ...header, tensors: { tensors: [] }, tensorsRef: randomBytes(32) }).finish());

    for (const err of [unknown, short, both]) {
      expect(err).toBeInstanceOf(ValueError);
      expect((err as ValueError).field).toBe('evaluateIns.tensorsRef');
    }
    expect(unknown.message).toMatch(/evaluateIns\.tensorsRef names tensors [0-9a-f]{64} that this site does not hold/);
    expect(short.message).toMatch(/must have 32 bytes, got 31/);
    expect(both.message).toMatch(/both set; exactly one may be/);
    expect(handler.calls).toEqual(['prepare:run-1']); // nothing ran
    // Both ends still work: the next (full) task runs normally.
    const res = await proxy.fit(fitIns(1), 5000);
    expect(res.round).toBe(1);
    expect(handler.calls).toEqual(['prepare:run-1', 'fit:1']);
  });

  it("leaves the global with a site that can hold it during preparation, so round 1's FitIns names it: same values, a few hundred bytes", async () => {
    // Prepare: a fresh connection, prepared with the global (the site registered "hold", as every SiteClient does).
    const { proxy, handler } = await connected();
    await proxy.prepare(RUN, [], 5000, BIG);
    const before = proxy.traffic.sentBytes;

    // Execute
    const r1 = await proxy.fit(fitIns(1, BIG), 10_000);

    // Assert: the FitIns went by reference and the site trained on exactly the held values.
    expect(proxy.refs).toEqual({ sent: 1, refused: 0 });
    expect(proxy.traffic.sentBytes - before).toBeLessThan(1024);
    expect(handler.calls).toEqual(['prepare:run-1', 'fit:1']);
    expect(same(handler.received[0], BIG)).toBe(true);
    expect(r1.tensors[0]?.data[7]).toBeCloseTo((BIG[0]?.data[7] ?? NaN) + 1, 4);
  });

  it('refuses a Hold for a run the site has not prepared (UnavailableError); the site keeps serving', async () => {
    const { srv, proxy } = await connected();

    const hold = pb.Hold.encode({ runId: 'run-never-prepared', tensors: { tensors: [] } }).finish();
    const reply = replyFromBytes((await serverSocket(srv, 'KM').timeout(5000).emitWithAck('hold' as 'evaluate', envelopeToBytes({ inline: hold }))) as Uint8Array);

    // The reason stays in the site's log; what leaves is the error's kind (redact.ts).
    expect(reply).toMatchObject({ kind: 'error', error: { name: 'UnavailableError' } });
    await proxy.prepare(RUN, [], 5000);
    expect((await proxy.fit(fitIns(1, SMALL), 5000)).round).toBe(1);
  });

  it('refuses a protocol-2 site at hello, naming both versions', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const s = await rawSocket(srv.url);
    cleanup.push(() => void s.disconnect());

    const reply = replyFromBytes(await s.timeout(5000).emitWithAck('hello', helloToBytes({ siteId: 'KM', protocolVersion: 2 })));

    expect(PROTOCOL_VERSION).toBe(3);
    expect(reply.kind).toBe('error');
    const err = (reply as { error: Error }).error;
    expect(err).toBeInstanceOf(VersionError);
    expect(err.message).toMatch(/site speaks protocol version 2; this coordinator speaks 3$/);
  });
});
