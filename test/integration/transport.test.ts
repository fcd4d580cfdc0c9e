import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import type { AddressInfo } from 'node:net';
import { AuthError, TimeoutError, UnavailableError, ValueError, VersionError, WireLimitError } from '../../shared/domain/errors.js';
import type { CoordinatorServer } from '../../coordinator/server.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/federation/events.js';
import { errorFromBytes, helloToBytes, replyFromBytes, replyToBytes } from '../../shared/federation/serde-control.js';
import { newNonce } from '../../shared/federation/hmac.js';
import { PROTOCOL_VERSION } from '../../shared/federation/wire-limits.js';
import type { SiteClient } from '../../site-client/client.js';
import type { FitRes } from '../../shared/federation/types.js';
import { FakeHandler, RUN, SMALL, connectSite, evaluateIns, fitIns, rawSocket, rejectionOf, siteClient, startServer, tensorSet } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
async function server(opts?: Parameters<typeof startServer>[0]): Promise<CoordinatorServer> {
  const s = await startServer(opts);
  cleanup.push(() => s.close());
  return s;
}
function track(c: SiteClient): SiteClient {
  cleanup.push(() => c.stop());
  return c;
}

describe('socket transport: handshake', () => {
  it('registers a site after mutual HMAC and exposes its counts and /healthz', async () => {
    const srv = await server();
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM'));
    track(client);

    expect(proxy.siteId).toBe('KM');
    expect(srv.sites()).toEqual([
      { siteId: 'KM', protocolVersion: PROTOCOL_VERSION, capabilities: ['float16', 'hold'], counts: { train: { normal: 10, disease: 5 }, val: { normal: 2, disease: 1 }, test: { normal: 3, disease: 3 } } },
    ]);
    const health = (await (await fetch(`${srv.url}/healthz`)).json()) as { status: string; sites: number };
    expect(health).toMatchObject({ status: 'ok', sites: 1 });
  });

  it('refuses a wrong HMAC', async () => {
    const srv = await server();
    const refused: string[] = [];
    srv.on('refused', (_id, reason) => refused.push(reason));
    const client = track(siteClient(srv, new FakeHandler('KM'), { key: '99'.repeat(32) }));

    const err = await rejectionOf(client.start());

    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/failed the HMAC challenge/);
    expect(refused).toEqual([expect.stringMatching(/wrong key/)]);
    expect(srv.sites()).toEqual([]);
  });

  it('refuses an unknown site', async () => {
    const srv = await server();
    const client = track(siteClient(srv, new FakeHandler('MALLORY'), { key: '44'.repeat(32) }));

    const err = await rejectionOf(client.start());

    expect(err).toBeInstanceOf(AuthError);
    // The same refusal as a wrong key: replies never reveal which site ids exist.
    expect(err.message).toBe('peer: site MALLORY failed the HMAC challenge (unknown site or wrong key)');
    expect(srv.sites()).toEqual([]);
  });

  it('refuses a protocol version mismatch with a clear error and a fault', async () => {
    const srv = await server();
    const s = await rawSocket(srv.url);
    cleanup.push(() => void s.disconnect());
    const fault = new Promise<Error>((resolve) => s.once('fault', (f) => resolve(errorFromBytes(f))));

    const reply = replyFromBytes(await s.timeout(5000).emitWithAck('hello', helloToBytes({ siteId: 'KM', protocolVersion: 99 })));

    expect(reply.kind).toBe('error');
    const err = (reply as { error: Error }).error;
    expect(err).toBeInstanceOf(VersionError);
    expect(err.message).toMatch(new RegExp(`protocol version 99; this coordinator speaks ${PROTOCOL_VERSION}$`));
    expect((await fault).message).toMatch(/version 99/);
  });

  it('never trains for an impostor coordinator that cannot prove the key', async () => {
    // Prepare: a fake coordinator that answers the handshake with a made-up proof, then pushes work.
    const io = new Server<ClientToServerEvents, ServerToClientEvents>(0, { transports: ['websocket'] });
    cleanup.push(() => io.close());
    await new Promise((r) => setTimeout(r, 50));
    const port = (io.httpServer.address() as AddressInfo).port;
    const pushed: string[] = [];
    io.on('connection', (socket) => {
      socket.on('hello', (_f, ack) => {
        ack(replyToBytes({ kind: 'challenge', protocolVersion: PROTOCOL_VERSION, serverNonce: newNonce() }));
        // Also try pushing work before the handshake completes.
        socket.timeout(2000).emitWithAck('runSpec', new Uint8Array([1])).then((r) => pushed.push(replyFromBytes(r).kind), () => pushed.push('timeout'));
      });
      socket.on('auth', (_f, ack) => ack(replyToBytes({ kind: 'serverProof', coordinatorProof: new Uint8Array(32).fill(1) })));
      socket.on('register', (_f, ack) => ack(replyToBytes({ kind: 'ok' })));
    });
    const handler = new FakeHandler('KM');
    const client = track(siteClient(`http://127.0.0.1:${port}`, handler));

    const err = await rejectionOf(client.start());

    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/coordinator failed to prove the site key/);
    expect(handler.calls).toEqual([]);
    expect(pushed).toEqual(['error']);
  });
});

describe('socket transport: tasks', () => {
  it('sends the trunk once on prepare, then rounds with trainable tensors only', async () => {
    const srv = await server();
    const handler = new FakeHandler('KM');
    const { client, proxy } = await connectSite(srv, handler);
    track(client);
    const frozen = tensorSet([['block1_conv1/kernel', [3, 3, 3, 8]]], 0.5);

    await proxy.prepare(RUN, frozen, 5000);
    const r1 = await proxy.fit(fitIns(1), 5000);
    const r2 = await proxy.fit(fitIns(2, r1.tensors), 5000);
    const ev = await proxy.evaluate(evaluateIns(2), 5000);

    expect(handler.trunks).toHaveLength(1);
    expect(handler.trunks[0]).toEqual(frozen);
    expect(handler.calls).toEqual(['prepare:run-1', 'fit:1', 'fit:2', 'evaluate:2']);
    expect(r2.tensors.map((t) => t.name)).toEqual(SMALL.map((t) => t.name));
    expect(r2.tensors[0]?.data[5]).toBeCloseTo((SMALL[0]?.data[5] ?? NaN) + 2, 5);
    expect(r2).toMatchObject({ runId: 'run-1', round: 2, siteId: 'KM', numExamples: 15, metrics: { trainLoss: 0.5 } });
    expect(ev.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(proxy.traffic.sentBytes).toBeGreaterThan(frozen[0]!.data.byteLength);
  });

  it('skips the trunk when the site already holds it, and refuses fit before prepare', async () => {
    const srv = await server();
    const handler = new FakeHandler('KM', { hasTrunk: true });
    const { client, proxy } = await connectSite(srv, handler);
    track(client);

    const early = await rejectionOf(proxy.fit(fitIns(1), 5000));
    await proxy.prepare(RUN, tensorSet([['block1_conv1/kernel', [3, 3, 3, 8]]]), 5000);

    expect(early).toBeInstanceOf(UnavailableError);
    expect(handler.trunks).toEqual([null]);
    expect((await proxy.fit(fitIns(1), 5000)).round).toBe(1);
  });

  it('carries float16 tensors both ways when configured', async () => {
    const srv = await server({ wireDType: 'float16' });
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM'));
    track(client);
    await proxy.prepare(RUN, [], 5000);

    const res = await proxy.fit(fitIns(1), 5000);

    const sent = SMALL[0]!.data;
    const got = res.tensors[0]!.data;
    for (let i = 0; i < sent.length; i++) expect(Math.abs(got[i]! - (sent[i]! + 1))).toBeLessThan(2e-3);
  });

  it('keeps a long fit alive with heartbeats beyond the heartbeat timeout', async () => {
    const srv = await server({ heartbeatTimeoutMs: 600 });
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { fitDelayMs: 1500 }), { heartbeatIntervalMs: 50 });
    track(client);
    await proxy.prepare(RUN, [], 5000);

    const res = await proxy.fit(fitIns(1), 5000);

    expect(res.round).toBe(1);
  });

  it('fails a fit past its deadline with a TimeoutError', async () => {
    const srv = await server();
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { fitDelayMs: 1500 }));
    track(client);
    await proxy.prepare(RUN, [], 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 300));

    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/fit on KM missed its 300 ms deadline/);
  });

  it('fails a pending fit when the site disconnects mid-fit', async () => {
    const srv = await server();
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { fitDelayMs: 2000 }));
    await proxy.prepare(RUN, [], 5000);
    const gone = new Promise<string>((resolve) => srv.once('siteDisconnected', (id) => resolve(id)));

    const pending = proxy.fit(fitIns(1), 10_000);
    await new Promise((r) => setTimeout(r, 100));
    await client.stop();
    const err = await rejectionOf(pending);

    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.message).toMatch(/KM disconnected during fit/);
    expect(await gone).toBe('KM');
    expect(await rejectionOf(proxy.fit(fitIns(2), 1000))).toBeInstanceOf(UnavailableError);
  });

  it('relays a site-side failure as the fit rejection', async () => {
    const srv = await server();
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { failWith: new ValueError('local data unreadable') }));
    track(client);
    await proxy.prepare(RUN, [], 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 5000));

    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe('peer: local data unreadable');
  });

  it('enforces the operator upload cap on the site before anything is sent', async () => {
    const srv = await server();
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM'), { maxUploadBytes: 200 });
    track(client);
    const failed = new Promise<Error>((resolve) => client.once('taskFailed', (_k, _r, e) => resolve(e)));
    await proxy.prepare(RUN, [], 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 5000));

    expect(err).toBeInstanceOf(WireLimitError);
    expect(err.message).toMatch(/exceeds the operator's upload cap of 200 bytes/);
    expect(await failed).toBeInstanceOf(WireLimitError);
  });

  it('refuses a FitRes whose tensors differ from the FitIns (site side)', async () => {
    const srv = await server();
    const mutate = (r: FitRes): FitRes => ({ ...r, tensors: [...r.tensors, { name: 'extra', shape: [1], data: new Float32Array(1) }] });
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { mutate }));
    track(client);
    await proxy.prepare(RUN, [], 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 5000));

    expect(err.message).toMatch(/FitRes carries 4 tensors; FitIns sent 3/);
  });
});
