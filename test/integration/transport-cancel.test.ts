/**
 * Slow or orphaned fits do not lock a site (issue 11, finding 4): a fit past its deadline is cancelled on the
 * site, which then takes the retry at once; a fit orphaned by a reconnect no longer keeps the site busy; a
 * result that arrives after its deadline is refused as late, not as a replay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FitIns, FitRes } from '../../shared/federation/types.js';
import { FakeHandler, RUN, connectSite, fitIns, nextConnection, rejectionOf, startServer } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A handler whose first fit takes `slowMs` (10× the deadline), later ones are quick. */
class SlowFirst extends FakeHandler {
  private n = 0;
  constructor(private readonly slowMs: number) {
    super('KM');
  }
  override async fit(ins: FitIns, beat?: (p: number) => void): Promise<FitRes> {
    if (this.n++ === 0) {
      for (let t = 0; t < this.slowMs; t += 50) {
        await new Promise((r) => setTimeout(r, 50));
        beat?.(t / this.slowMs);
      }
    }
    return super.fit(ins, beat);
  }
}

describe('cancel and busy flag', () => {
  it('cancels a fit 10× past its deadline on the site, so the retry is accepted at once', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const handler = new SlowFirst(3000);
    const { client, proxy } = await connectSite(srv, handler);
    cleanup.push(() => client.stop());
    await proxy.prepare(RUN, null, 5000);
    const err = await rejectionOf(proxy.fit(fitIns(1), 300));
    expect(err.message).toMatch(/missed its 300 ms deadline/);
    await new Promise((r) => setTimeout(r, 200)); // the cancel travels
    const t0 = Date.now();
    const res = await proxy.fit(fitIns(2), 5000);
    expect(res.round).toBe(2);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('clears the busy flag on reconnect: the restarted coordinator gets its fit while the orphan still runs', async () => {
    const first = await startServer();
    const port = first.port;
    const handler = new SlowFirst(3000);
    const { client, proxy } = await connectSite(first, handler, { reconnect: { initialMs: 50, maxMs: 200 } });
    cleanup.push(() => client.stop());
    await proxy.prepare(RUN, null, 5000);
    const orphan = rejectionOf(proxy.fit(fitIns(1), 10_000));
    await new Promise((r) => setTimeout(r, 200));
    // The coordinator restarts mid-fit; the site reconnects to the new one.
    await first.close();
    expect((await orphan).message).toMatch(/disconnected/);
    const second = await startServer({ port });
    cleanup.push(() => second.close());
    const proxy2 = await nextConnection(second, 'KM');
    await proxy2.prepare(RUN, null, 5000);
    const t0 = Date.now();
    const res = await proxy2.fit(fitIns(2), 2000);
    expect(res.round).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1500); // not after the orphan's 3 s
  });
});
