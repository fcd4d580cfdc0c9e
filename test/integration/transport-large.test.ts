/** A > 64 MB tensor set crosses the wire chunked (4 MiB) in both directions and arrives bit-exact. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoordinatorServer } from '../../coordinator/server.js';
import type { SiteClient } from '../../site-client/client.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { FakeHandler, RUN, connectSite, fitIns, startServer } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('socket transport: chunked transfer', () => {
  it('carries a 68 MB tensor set to a site and back, verified by SHA-256 per transfer and value by value', async () => {
    const srv: CoordinatorServer = await startServer();
    cleanup.push(() => srv.close());
    let chunkFrames = 0;
    srv.io.on('connection', (socket) => socket.onAny((event: string) => void (event === 'chunk' && chunkFrames++)));
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM'));
    cleanup.push(() => (client as SiteClient).stop());
    await proxy.prepare(RUN, null, 30_000);
    const n = 4096 * 4160; // 17,039,360 float32 = 68.2 MB
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = ((i * 2654435761) >>> 0) / 2 ** 32 - 0.5;
    const big: TensorSet = [{ name: 'block5_conv1/kernel', shape: [4096, 4160], data }];

    const res = await proxy.fit(fitIns(1, big), 60_000);

    const got = res.tensors[0]!.data;
    expect(got.length).toBe(n);
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (got[i] !== Math.fround(data[i]! + 1)) mismatches++;
    expect(mismatches).toBe(0);
    expect(proxy.traffic.sentBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(proxy.traffic.receivedBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(chunkFrames).toBe(17); // the upload: ceil(68.2 MB / 4 MiB)
  });
});
