/**
 * A misbehaving site, driven frame by frame over a raw socket: malformed protobuf, wrong shapes, NaN,
 * oversized frames, replayed and spoofed results are refused with an Error reply, and the coordinator
 * keeps serving (a valid exchange afterwards succeeds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, UnavailableError, ValueError, StaleResultError, WireLimitError } from '../../shared/domain/errors.js';
import type { CoordinatorServer } from '../../coordinator/server.js';
import type { SocketClientProxy } from '../../coordinator/socket-proxy.js';
import { pb } from '../../shared/federation/serde-fields.js';
import { fitInsFromBytes, fitResToBytes, heartbeatToBytes } from '../../shared/federation/serde.js';
import { envelopeFromBytes, envelopeToBytes, errorReply, replyFromBytes, replyToBytes, type WireReply } from '../../shared/federation/serde-control.js';
import { parseKey } from '../../shared/federation/hmac.js';
import type { FitIns, FitRes } from '../../shared/federation/types.js';
import { FakeHandler, KEYS, RUN, connectSite, fitIns, nextConnection, rawHandshake, rawSocket, rejectionOf, startServer, type RawSocket } from './transport-helpers.js';

const CHUNK = 64 * 1024;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A coordinator with small frames, and a raw, registered, prepared 'KM' that records the FitIns it gets. */
async function setup(): Promise<{ srv: CoordinatorServer; s: RawSocket; proxy: SocketClientProxy; received: FitIns[] }> {
  const srv = await startServer({ limits: { chunkBytes: CHUNK } });
  cleanup.push(() => srv.close());
  const conn = nextConnection(srv, 'KM');
  const s = await rawHandshake(srv.url, 'KM', parseKey(KEYS.KM!));
  cleanup.push(() => void s.disconnect());
  const received: FitIns[] = [];
  s.on('runSpec', (_f, ack) => ack(replyToBytes({ kind: 'prepare', hasTrunk: true })));
  s.on('fit', (f, ack) => {
    const env = envelopeFromBytes(f);
    try {
      if ('inline' in env) received.push(fitInsFromBytes(env.inline));
      ack(replyToBytes({ kind: 'ok' }));
    } catch (err) {
      ack(errorReply(err)); // this raw site holds no tensors: a FitIns by reference is refused, the coordinator resends it in full
    }
  });
  const proxy = await conn;
  await proxy.prepare(RUN, null, 5000);
  return { srv, s, proxy, received };
}

/** A tensor as the proto encoder takes it (float32). */
function wireTensor(t: FitIns['tensors'][number]) {
  return { name: t.name, dtype: pb.DType.FLOAT32, shape: [...t.shape], data: new Uint8Array(Float32Array.from(t.data).buffer) };
}

function result(ins: FitIns, patch: Partial<FitRes> = {}): FitRes {
  return { runId: ins.runId, round: ins.round, siteId: 'KM', numExamples: 3, tensors: ins.tensors, metrics: { trainLoss: 1 }, ...patch };
}

async function send(s: RawSocket, event: 'fitRes' | 'chunk' | 'heartbeat' | 'hello', frame: Uint8Array): Promise<WireReply> {
  return replyFromBytes(await s.timeout(5000).emitWithAck(event, frame));
}

function errorOf(r: WireReply): Error {
  if (r.kind !== 'error') throw new Error(`expected an error reply, got ${r.kind}`);
  return r.error;
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** Proves the server still serves: a fresh round with a valid result resolves. */
async function validRound(s: RawSocket, proxy: SocketClientProxy, received: FitIns[], round: number): Promise<void> {
  const pending = proxy.fit(fitIns(round), 5000);
  await waitFor(() => received.some((r) => r.round === round));
  const ins = received.find((r) => r.round === round)!;
  expect((await send(s, 'fitRes', envelopeToBytes({ inline: fitResToBytes(result(ins), 'float32') })))).toEqual({ kind: 'ok' });
  expect((await pending).round).toBe(round);
}

describe('socket transport: faults', () => {
  it('rejects a malformed protobuf result, fails the pending fit, and keeps serving', async () => {
    const { s, proxy, received } = await setup();
    const pending = rejectionOf(proxy.fit(fitIns(1), 5000));
    await waitFor(() => received.length === 1);

    const reply = await send(s, 'fitRes', envelopeToBytes({ inline: Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f]) }));
    const garbage = await send(s, 'fitRes', Uint8Array.from([0xff, 0x01]));

    expect(errorOf(reply)).toBeInstanceOf(ProtocolError);
    expect(errorOf(reply).message).toMatch(/malformed FitRes/);
    expect(errorOf(garbage).message).toMatch(/malformed Envelope/);
    expect(await pending).toBeInstanceOf(ProtocolError);
    await validRound(s, proxy, received, 2);
  });

  it('rejects a wrong tensor shape naming the field', async () => {
    const { s, proxy, received } = await setup();
    const pending = rejectionOf(proxy.fit(fitIns(1), 5000));
    await waitFor(() => received.length === 1);
    const ins = received[0]!;
    const raw = pb.FitRes.encode({
      runId: ins.runId,
      round: 1,
      siteId: 'KM',
      numExamples: 3,
      metrics: { trainLoss: 1 },
      // Every tensor the fit sent is there (the pre-decode scan counts them); the first one's data is short.
      tensors: { tensors: [{ name: 'block5_conv3/bias', dtype: pb.DType.FLOAT32, shape: [5], data: new Uint8Array(16) }, ...ins.tensors.slice(1).map(wireTensor)] },
    }).finish();

    const err = errorOf(await send(s, 'fitRes', envelopeToBytes({ inline: raw })));

    expect(err).toBeInstanceOf(ValueError);
    expect((err as ValueError).field).toBe('fitRes.tensors[0](block5_conv3/bias).data');
    expect((await pending).message).toMatch(/16 data bytes, expected 5 × 4/);
    await validRound(s, proxy, received, 2);
  });

  it('rejects a NaN tensor', async () => {
    const { s, proxy, received } = await setup();
    const pending = rejectionOf(proxy.fit(fitIns(1), 5000));
    await waitFor(() => received.length === 1);
    const ins = received[0]!;
    const data = Float32Array.from(ins.tensors[1]!.data);
    data[2] = Number.NaN;
    const raw = pb.FitRes.encode({
      runId: ins.runId,
      round: 1,
      siteId: 'KM',
      numExamples: 3,
      metrics: { trainLoss: 1 },
      tensors: { tensors: [wireTensor(ins.tensors[0]!), { name: ins.tensors[1]!.name, dtype: pb.DType.FLOAT32, shape: [...ins.tensors[1]!.shape], data: new Uint8Array(data.buffer) }, ...ins.tensors.slice(2).map(wireTensor)] },
    }).finish();

    const err = errorOf(await send(s, 'fitRes', envelopeToBytes({ inline: raw })));

    expect(err.message).toMatch(/non-finite value at index 2/);
    expect(await pending).toBeInstanceOf(ValueError);
    await validRound(s, proxy, received, 2);
  });

  it('rejects an oversized frame with an Error, and survives one past the transport limit', async () => {
    const { srv, s, proxy, received } = await setup();

    const err = errorOf(await send(s, 'chunk', new Uint8Array(CHUNK + 64 * 1024 + 1)));
    expect(err).toBeInstanceOf(WireLimitError);
    expect(err.message).toMatch(/exceeds the limit/);
    expect(await send(s, 'heartbeat', heartbeatToBytes({ runId: 'run-1', round: 1, siteId: 'KM', progress: 0 }))).toEqual({ kind: 'ok' });
    await validRound(s, proxy, received, 1);

    // Past maxHttpBufferSize the transport drops that connection; the server serves the next site.
    const gone = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
    s.emit('chunk', new Uint8Array(CHUNK + 64 * 1024 + 1024 * 1024 + 1), () => undefined);
    await gone;
    const { client, proxy: p2 } = await connectSite(srv, new FakeHandler('NIHCC'));
    cleanup.push(() => client.stop());
    await p2.prepare(RUN, null, 5000);
    expect((await p2.fit(fitIns(1), 5000)).siteId).toBe('NIHCC');
  });

  it('rejects a replayed FitRes and a late result for an old round', async () => {
    const { s, proxy, received } = await setup();
    await validRound(s, proxy, received, 1);
    const old = envelopeToBytes({ inline: fitResToBytes(result(received[0]!), 'float32') });

    const replay = errorOf(await send(s, 'fitRes', old));
    const pending = proxy.fit(fitIns(2), 5000);
    await waitFor(() => received.length === 2);
    const late = errorOf(await send(s, 'fitRes', old));

    expect(replay).toBeInstanceOf(StaleResultError);
    expect(replay.message).toMatch(/round 1 was already received \(replay\)/);
    expect(late).toBeInstanceOf(StaleResultError);
    // The current round is untouched by the stale result and still completes.
    expect((await send(s, 'fitRes', envelopeToBytes({ inline: fitResToBytes(result(received[1]!), 'float32') })))).toEqual({ kind: 'ok' });
    expect((await pending).round).toBe(2);
  });

  it('calls a result that arrives after its deadline late, not a replay (and cancels the task on the site)', async () => {
    const { s, proxy, received } = await setup();
    const cancels: number[] = [];
    s.on('cancel', (_f, ack) => {
      cancels.push(1);
      ack(replyToBytes({ kind: 'ok' }));
    });
    const missed = await rejectionOf(proxy.fit(fitIns(1), 100));
    await waitFor(() => cancels.length === 1);
    const late = errorOf(await send(s, 'fitRes', envelopeToBytes({ inline: fitResToBytes(result(received[0]!), 'float32') })));

    expect(missed.message).toMatch(/missed its 100 ms deadline/);
    expect(cancels).toHaveLength(1);
    expect(late).toBeInstanceOf(StaleResultError);
    expect(late.message).toMatch(/round 1 arrived after its task ended \(late\)/);
    await validRound(s, proxy, received, 2);
  });

  it('rejects a result that names another site', async () => {
    const { s, proxy, received } = await setup();
    const pending = rejectionOf(proxy.fit(fitIns(1), 5000));
    await waitFor(() => received.length === 1);

    const err = errorOf(await send(s, 'fitRes', envelopeToBytes({ inline: fitResToBytes(result(received[0]!, { siteId: 'NIHCC' }), 'float32') })));

    expect(err.message).toMatch(/names site NIHCC, but the connection authenticated as KM/);
    expect(await pending).toBeInstanceOf(ProtocolError);
  });

  it('refuses requests before authentication and a second hello', async () => {
    const { s } = await setup();

    const again = errorOf(await send(s, 'hello', new Uint8Array(0)));

    expect(again.message).toMatch(/hello not allowed in state registered/);
  });

  it('disconnects a connection that does not complete the handshake in time', async () => {
    const srv = await startServer({ handshakeTimeoutMs: 200 });
    cleanup.push(() => srv.close());
    const refused = new Promise<string>((resolve) => srv.once('refused', (_id, reason) => resolve(reason)));
    const s = await rawSocket(srv.url);
    cleanup.push(() => void s.disconnect());
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));

    expect(await refused).toMatch(/handshake not completed within 200 ms/);
    expect(await gone).toBe('io server disconnect');
  });

  it('fails a fit whose site stops sending heartbeats', async () => {
    const srv = await startServer({ heartbeatTimeoutMs: 200 });
    cleanup.push(() => srv.close());
    const conn = nextConnection(srv, 'KM');
    const s = await rawHandshake(srv.url, 'KM', parseKey(KEYS.KM!));
    cleanup.push(() => void s.disconnect());
    s.on('runSpec', (_f, ack) => ack(replyToBytes({ kind: 'prepare', hasTrunk: true })));
    s.on('fit', (_f, ack) => ack(replyToBytes({ kind: 'ok' }))); // accepts, then goes silent
    const proxy = await conn;
    await proxy.prepare(RUN, null, 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 10_000));

    expect(err.message).toMatch(/no heartbeat for 200 ms/);
  });
});

describe('a Hold the site refuses', () => {
  it('does not fail the preparation: the next FitIns carries the global in full and the site trains', async () => {
    // Prepare: a raw site that registers "hold" but refuses every Hold.
    const srv = await startServer({ limits: { chunkBytes: CHUNK } });
    cleanup.push(() => srv.close());
    const conn = nextConnection(srv, 'KM');
    const s = await rawHandshake(srv.url, 'KM', parseKey(KEYS.KM!), ['hold']);
    cleanup.push(() => void s.disconnect());
    const received: FitIns[] = [];
    const holds: number[] = [];
    s.on('runSpec', (_f, ack) => ack(replyToBytes({ kind: 'prepare', hasTrunk: true })));
    s.on('chunk', (_f, ack) => ack(replyToBytes({ kind: 'ok' })));
    s.on('hold', (_f, ack) => {
      holds.push(1);
      ack(errorReply(new UnavailableError('this site keeps nothing')));
    });
    s.on('fit', (f, ack) => {
      const env = envelopeFromBytes(f);
      if ('inline' in env) received.push(fitInsFromBytes(env.inline));
      ack(replyToBytes({ kind: 'ok' }));
    });
    const proxy = await conn;
    const global = fitIns(1).tensors;

    // Execute
    await proxy.prepare(RUN, null, 5000, global);
    void proxy.fit(fitIns(1), 5000).catch(() => undefined); // the raw site never answers; only the FitIns matters
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));

    // Assert
    expect(holds).toEqual([1]);
    expect(proxy.refs).toEqual({ sent: 0, refused: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]?.tensors.map((t) => t.name)).toEqual(global.map((t) => t.name));
  });
});
