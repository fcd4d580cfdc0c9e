import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCerts } from '../../../cli/commands/certs.js';
import { loadTlsFiles } from '../../../coordinator/tls.js';
import { ConfigError } from '../../../shared/domain/errors.js';
import { parseKey } from '../../../shared/federation/hmac.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'fedcxr-certs-'));
  dirs.push(d);
  return d;
}
const opts = { hosts: ['localhost', '127.0.0.1'], days: 1, noCert: true, force: false };
let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}

describe('fedcxr certs', () => {
  it('writes one distinct owner-only 256-bit key file per site', () => {
    const out = tmp();

    const r = makeCerts({ ...opts, out, sites: ['KM', 'NIHCC'] });

    const keys = Object.values(r.siteKeys).map((p) => readFileSync(p, 'utf8').trim());
    expect(keys.map((k) => parseKey(k).length)).toEqual([32, 32]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(statSync(r.siteKeys.KM!).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite without force, and writes nothing then', () => {
    const out = tmp();
    makeCerts({ ...opts, out, sites: ['KM'] });
    const before = readFileSync(join(out, 'keys', 'KM.key'), 'utf8');

    expect(() => makeCerts({ ...opts, out, sites: ['NIOSH', 'KM'] })).toThrow(ConfigError);

    expect(readFileSync(join(out, 'keys', 'KM.key'), 'utf8')).toBe(before);
    expect(() => statSync(join(out, 'keys', 'NIOSH.key'))).toThrow();
    expect(() => makeCerts({ ...opts, out, sites: ['../x'] })).toThrow(/must match/);
  });

  it.skipIf(!openssl)('makes a certificate the coordinator can load', async () => {
    const out = tmp();

    const r = makeCerts({ ...opts, noCert: false, out, sites: [] });

    const tls = await loadTlsFiles({ certFile: r.cert!, keyFile: r.key! });
    expect(tls.cert.toString()).toMatch(/BEGIN CERTIFICATE/);
    expect(statSync(r.key!).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!openssl)('makes a site CA and per-site client certificates (CN = site id) signed by it', () => {
    const out = tmp();

    const r = makeCerts({ ...opts, out, sites: ['KM', 'NIHCC'], clientCerts: true });

    const km = r.clients?.sites.KM;
    expect(km).toBeDefined();
    const subject = execFileSync('openssl', ['x509', '-in', km!.cert, '-noout', '-subject'], { encoding: 'utf8' });
    expect(subject).toMatch(/CN\s*=\s*KM/);
    const verify = execFileSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', r.clients!.caCert, km!.cert], { encoding: 'utf8' });
    expect(verify).toMatch(/: OK/);
    expect(statSync(km!.key).mode & 0o777).toBe(0o600);
    expect(statSync(r.clients!.caKey).mode & 0o777).toBe(0o600);
    expect(() => makeCerts({ ...opts, out, sites: ['KM'], clientCerts: true })).toThrow(/exists; pass --force/);
    expect(() => makeCerts({ ...opts, out: tmp(), sites: [], clientCerts: true })).toThrow(/--client-certs needs --sites/);
  });
});
