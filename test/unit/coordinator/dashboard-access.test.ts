/** Dashboard access rule, routes off loopback (mock peers: no traffic), and the plotted statistics. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, refusal } from '../../../coordinator/dashboard/access.js';
import { DashboardState } from '../../../coordinator/dashboard/state.js';
import { aucInterval, rocFromHistograms, wilson } from '../../../coordinator/dashboard/summary.js';
import { opsRoutes } from '../../../coordinator/http.js';
import { CoordinatorMetrics, rejectionCategory } from '../../../coordinator/metrics.js';

/** Calls the routes as a peer at `addr` would; returns status and body (the metrics route answers async). */
async function get(path: string, addr: string, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const routes = opsRoutes({ state: new DashboardState(), metrics: new CoordinatorMetrics({ processMetrics: false }), token, ready: () => true });
  return new Promise((resolve) => {
    let status = 0;
    const res = {
      headersSent: false,
      writeHead(s: number) {
        status = s;
        return res;
      },
      end(body?: string | Buffer) {
        resolve({ status, body: String(body ?? '') });
        return res;
      },
    };
    const req = { method: 'GET', url: path, headers, socket: { remoteAddress: addr } };
    const handled = routes(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    if (!handled) resolve({ status: 404, body: '' });
  });
}

describe('dashboard access', () => {
  it('treats 127/8, ::1 and v4-mapped loopback as loopback, nothing else', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.5', '::ffff:10.0.0.5', '', '1270.0.0.1', 'fe80::1'].some(isLoopbackAddress)).toBe(false);
  });

  it('refuses data off loopback without a configured token, a presented token, or with a wrong one', async () => {
    expect(refusal('10.1.2.3', undefined, 'x')).toMatch(/loopback-only/);
    expect((await get('/metrics', '10.1.2.3')).status).toBe(403);
    expect((await get('/api/summary', '10.1.2.3', 'secret-token')).status).toBe(401);
    expect((await get('/api/summary', '10.1.2.3', 'secret-token', { authorization: 'Bearer wrong' })).body).toMatch(/wrong dashboard token/);
  });

  it('serves data to loopback, and off loopback with the right token (header or query)', async () => {
    expect((await get('/api/summary', '127.0.0.1')).status).toBe(200);
    expect((await get('/metrics', '10.1.2.3', 'secret-token', { authorization: 'Bearer secret-token' })).body).toContain('fedcxr_rounds_total');
    expect(JSON.parse((await get('/api/summary?token=secret-token', '10.1.2.3', 'secret-token')).body)).toMatchObject({ status: 'waiting' });
  });

  it('serves the static page to anyone (it holds no data) and leaves unknown paths to the server', async () => {
    const page = await get('/', '10.1.2.3');
    expect(page.status).toBe(200);
    expect(page.body).toContain('dashboard/app.js');
    expect(page.body).not.toMatch(/https?:\/\//); // no CDN
    expect((await get('/socket.io/?EIO=4', '127.0.0.1')).status).toBe(404);
  });
});

describe('dashboard statistics', () => {
  it('Wilson interval matches the closed form (45/50)', () => {
    const w = wilson(45, 50);
    expect(w.value).toBe(0.9);
    expect(w.lo).toBeCloseTo(0.7864, 4);
    expect(w.hi).toBeCloseTo(0.9565, 4);
    expect(wilson(0, 0)).toEqual({ value: null, lo: null, hi: null });
  });

  it('Hanley–McNeil interval narrows with more examples and is undefined for one class', () => {
    const small = aucInterval(0.8, 10, 10);
    const big = aucInterval(0.8, 1000, 1000);
    expect((small.hi as number) - (small.lo as number)).toBeGreaterThan((big.hi as number) - (big.lo as number));
    expect(aucInterval(0.8, 0, 10).value).toBeNull();
  });

  it('ROC from histograms runs (0,0) → (1,1) and is perfect for separated classes', () => {
    expect(rocFromHistograms([0, 0, 3], [2, 0, 0])).toEqual([[0, 0], [0, 1], [0, 1], [1, 1]]);
    expect(rocFromHistograms([1, 1], [0, 0])).toEqual([]);
  });

  it('groups validator reasons into a small fixed label set', () => {
    expect(rejectionCategory('update rejected: update norm 79.37 exceeds the bound 10')).toBe('norm_bound');
    expect(rejectionCategory('update rejected: head/kernel[3] is NaN (not finite)')).toBe('non_finite');
    expect(rejectionCategory('update rejected: result for round 2 arrived in round 3 (late or replayed)')).toBe('stale');
    expect(rejectionCategory('update rejected: head/kernel has shape [3], expected [2,3]')).toBe('layout');
    expect(rejectionCategory('something new')).toBe('other');
  });
});
