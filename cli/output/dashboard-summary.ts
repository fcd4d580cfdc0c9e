/**
 * `fedcxr status --coordinator URL`: fetches the coordinator's dashboard snapshot (`/api/summary`, the same
 * data the dashboard page shows) and renders it as terminal text.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UnavailableError, AuthError, ConfigError } from '../../shared/domain/errors.js';
import type { DashboardSnapshot } from '../../coordinator/dashboard/state.js';

/** How to reach the coordinator. */
export interface SummaryRequest {
  readonly url: string;
  /** Dashboard token (needed off loopback). */
  readonly token?: string | undefined;
  /** PEM CA to pin the coordinator's certificate. */
  readonly ca?: string | undefined;
  /** @default 10_000 */
  readonly timeoutMs?: number;
}

/** GETs `/api/summary` from the coordinator; errors name the URL and the reason. */
export async function fetchSummary(r: SummaryRequest): Promise<DashboardSnapshot> {
  let url: URL;
  try {
    url = new URL('/api/summary', r.url);
  } catch {
    throw new ConfigError(`--coordinator must be a URL like https://host:8443, got ${r.url}`);
  }
  const get = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = get(url, { method: 'GET', headers: r.token ? { authorization: `Bearer ${r.token}` } : {}, ...(r.ca ? { ca: r.ca } : {}), timeout: r.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 401 || res.statusCode === 403) return reject(new AuthError(`${url.origin} refused the summary: ${body.trim()}`));
        if (res.statusCode !== 200) return reject(new UnavailableError(`${url.href} answered HTTP ${res.statusCode ?? '?'}: ${body.slice(0, 200)}`));
        try {
          resolve(JSON.parse(body) as DashboardSnapshot);
        } catch {
          reject(new UnavailableError(`${url.href} did not answer JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new UnavailableError(`${url.href}: no answer within ${r.timeoutMs ?? 10_000} ms`)));
    req.on('error', (err) => reject(err instanceof UnavailableError ? err : new UnavailableError(`cannot reach ${url.origin}: ${err.message}`, { cause: err })));
    req.end();
  });
}

const f3 = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : v.toFixed(3));
const ci = (e: { value: number | null; lo: number | null; hi: number | null }): string => (e.value === null ? 'n/a' : `${f3(e.value)} (${f3(e.lo)}–${f3(e.hi)})`);

/** The snapshot as terminal lines: run, sites, rounds (newest last) with evaluation and intervals. */
export function summaryLines(s: DashboardSnapshot): string[] {
  const lines: string[] = [];
  const committed = s.rounds.filter((r) => ['committed', 'evaluated', 'evaluation_failed'].includes(r.state)).length;
  if (!s.run) lines.push(`coordinator: ${s.status}, no run started yet`);
  else {
    lines.push(`run ${s.run.runId}: ${s.status}${s.reason ? ` — ${s.reason}` : ''}; round ${s.round} of ${s.run.rounds}, ${committed} committed; level ${s.run.level}, ${s.run.strategy}`);
  }
  lines.push(`sites (${s.sites.filter((x) => x.connected).length} connected):`);
  for (const x of s.sites) {
    const age = x.lastHeartbeatAt ? `${Math.round((s.serverTime - x.lastHeartbeatAt) / 1000)} s ago` : 'none';
    lines.push(`  ${x.siteId.padEnd(10)} ${(x.connected ? 'connected' : 'disconnected').padEnd(12)} ${x.activity.padEnd(10)} heartbeat ${age.padEnd(9)} examples ${String(x.numExamples ?? '–').padStart(5)}  ${(x.bytesIn / 1e6).toFixed(1)}/${(x.bytesOut / 1e6).toFixed(1)} MB in/out${x.lastError ? `  last error: ${x.lastError}` : ''}`);
  }
  lines.push('rounds:');
  for (const r of s.rounds) {
    const e = r.evaluation;
    const ev = e ? `  auc ${ci(e.auc)}  sens ${ci(e.sensitivity)}  spec ${ci(e.specificity)}  n=${e.n}` : '';
    lines.push(`  ${String(r.round).padStart(3)}${r.attempt > 1 ? `.${r.attempt}` : '  '} ${r.state.padEnd(17)} ${r.seconds === undefined ? '     ' : `${r.seconds.toFixed(1).padStart(5)} s`}${ev}${r.reason ? `  — ${r.reason}` : ''}`);
  }
  return lines;
}
