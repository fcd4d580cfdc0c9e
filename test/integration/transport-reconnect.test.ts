/** A site reconnects (backoff with jitter) and re-registers after the coordinator restarts on the same port. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/domain/errors.js';
import { assertTransportAllowed } from '../../coordinator/tls.js';
import { Backoff, backoffDelay, DEFAULT_BACKOFF } from '../../site-client/reconnect.js';
import { FakeHandler, RUN, fitIns, nextConnection, siteClient, startServer } from './transport-helpers.js';
import { CoordinatorServer } from '../../coordinator/server.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('socket transport: reconnection', () => {
  it('reconnects and re-registers after a coordinator restart, then trains again', async () => {
    const first = await startServer();
    const port = first.port;
    const handler = new FakeHandler('KM', { hasTrunk: true });
    const conn1 = nextConnection(first, 'KM');
    const client = siteClient(first, handler, { reconnect: { initialMs: 50, maxMs: 200 } });
    cleanup.push(() => client.stop());
    await client.start();
    await conn1;
    const dropped = new Promise<string>((resolve) => client.once('disconnected', resolve));

    await first.close();
    await dropped;
    const second = await startServer({ port });
    cleanup.push(() => second.close());
    const proxy = await nextConnection(second, 'KM');
    await proxy.prepare(RUN, null, 5000);
    const res = await proxy.fit(fitIns(7), 5000);

    expect(res.round).toBe(7);
    expect(second.sites().map((s) => s.siteId)).toEqual(['KM']);
    expect(handler.calls.filter((c) => c.startsWith('prepare'))).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('grows exponentially to the cap, jittered downwards by at most the jitter fraction', () => {
    const o = { ...DEFAULT_BACKOFF, initialMs: 100, maxMs: 1000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, o, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(2, o, () => 0.999)).toBe(200);
    const b = new Backoff(o, () => 0.5);
    expect([b.next(), b.next(), b.next()]).toEqual([75, 150, 300]);
    b.reset();
    expect(b.next()).toBe(75);
  });
});

describe('transport security policy', () => {
  it('refuses plaintext off loopback unless insecure', async () => {
    expect(() => assertTransportAllowed('0.0.0.0', undefined, false)).toThrow(/refusing plaintext on 0.0.0.0/);
    expect(() => assertTransportAllowed('0.0.0.0', undefined, true)).not.toThrow();
    expect(() => assertTransportAllowed('127.0.0.1', undefined, false)).not.toThrow();
    await expect(CoordinatorServer.start({ host: '0.0.0.0', siteKey: () => undefined })).rejects.toBeInstanceOf(ConfigError);
    expect(() => siteClient('http://10.1.2.3:8443', new FakeHandler('KM'))).toThrow(/refusing plaintext to 10.1.2.3:8443/);
  });
});
