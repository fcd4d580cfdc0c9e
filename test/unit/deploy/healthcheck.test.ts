/**
 * The coordinator image's HEALTHCHECK (deploy/healthcheck.mjs) against a TLS server using a certificate made
 * by `fedcxr certs` (what the shipped configs use): healthy over https with that certificate pinned, unhealthy
 * over plain http (the old HEALTHCHECK), with another certificate, or on a non-200 answer.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../../../cli/commands/certs.js';

let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}

/** Runs the healthcheck script with the given environment; resolves with its exit code and stderr. */
function healthcheck(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['deploy/healthcheck.mjs'], { env: { ...process.env, ...env }, timeout: 15_000 }, (err, _out, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr });
    });
  });
}

describe.skipIf(!openssl)('deploy/healthcheck.mjs (the coordinator HEALTHCHECK) speaks the shipped TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedcxr-healthcheck-'));
  let server: Server;
  let port = 0;
  let status = 200;

  beforeAll(async () => {
    makeCerts({ out: join(dir, 'a'), hosts: ['localhost', '127.0.0.1'], sites: [], days: 1, noCert: false, force: false });
    makeCerts({ out: join(dir, 'other'), hosts: ['localhost', '127.0.0.1'], sites: [], days: 1, noCert: false, force: false });
    server = createServer({ cert: readFileSync(join(dir, 'a', 'coordinator.crt')), key: readFileSync(join(dir, 'a', 'coordinator.key')) }, (req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404).end('{"status":"ok"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is healthy over https with the coordinator certificate pinned', async () => {
    const r = await healthcheck({ FEDCXR_HEALTH_URL: `https://127.0.0.1:${port}/healthz`, FEDCXR_HEALTH_CA: join(dir, 'a', 'coordinator.crt') });
    expect(r).toEqual({ code: 0, stderr: '' });
  });

  it('fails over plain http (what the old HEALTHCHECK did), with another certificate, or without a readable CA', async () => {
    const http = await healthcheck({ FEDCXR_HEALTH_URL: `http://127.0.0.1:${port}/healthz` });
    expect(http.code).toBe(1);
    const wrong = await healthcheck({ FEDCXR_HEALTH_URL: `https://127.0.0.1:${port}/healthz`, FEDCXR_HEALTH_CA: join(dir, 'other', 'coordinator.crt') });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/certificate/i);
    const noCa = await healthcheck({ FEDCXR_HEALTH_URL: `https://127.0.0.1:${port}/healthz`, FEDCXR_HEALTH_CA: join(dir, 'missing.crt') });
    expect(noCa).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot read the CA certificate .*missing\.crt/) as unknown as string });
  });

  it('fails on a non-200 answer, naming the status', async () => {
    status = 503;
    const r = await healthcheck({ FEDCXR_HEALTH_URL: `https://127.0.0.1:${port}/healthz`, FEDCXR_HEALTH_CA: join(dir, 'a', 'coordinator.crt') });
    status = 200;
    expect(r).toEqual({ code: 1, stderr: expect.stringMatching(/HTTP 503/) as unknown as string });
  });

  it('is what the coordinator Dockerfile runs, by default against https on the shipped port and certificate path', () => {
    const docker = readFileSync('deploy/Dockerfile.coordinator', 'utf8');
    expect(docker).toMatch(/^HEALTHCHECK .*CMD \["node", "deploy\/healthcheck\.mjs"\]$/m);
    expect(docker).not.toMatch(/http:\/\/127\.0\.0\.1/);
    const script = readFileSync('deploy/healthcheck.mjs', 'utf8');
    expect(script).toContain("'https://127.0.0.1:8443/healthz'");
    expect(script).toContain("'/config/coordinator.crt'");
  });
});
