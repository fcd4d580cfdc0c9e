/** TLS: a site that pins the coordinator's certificate connects; one pinning another CA refuses. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTlsFiles, type TlsMaterial } from '../../coordinator/tls.js';
import { AuthError, UnavailableError } from '../../shared/domain/errors.js';
import { hasOpenssl } from './openssl.js';
import { FakeHandler, RUN, connectSite, fitIns, siteClient, startServer } from './transport-helpers.js';


/** A self-signed certificate for localhost/127.0.0.1 in `dir`. */
function selfSigned(dir: string, name: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

const openssl = hasOpenssl();
if (!openssl) console.warn('transport-tls: skipped, no openssl binary to make test certificates');

describe.skipIf(!openssl)('socket transport: TLS', () => {
  let dir = '';
  let tls: TlsMaterial;
  let other: TlsMaterial;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedcxr-tls-'));
    tls = await loadTlsFiles(selfSigned(dir, 'coordinator'));
    other = await loadTlsFiles(selfSigned(dir, 'other'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves https and trains with a site that pins the certificate', async () => {
    const srv = await startServer({ tls });
    try {
      expect(srv.url).toMatch(/^https:/);
      const { client, proxy } = await connectSite(srv, new FakeHandler('KM'), { ca: tls.cert });
      await proxy.prepare(RUN, null, 5000);
      expect((await proxy.fit(fitIns(1), 5000)).round).toBe(1);
      await client.stop();
    } finally {
      await srv.close();
    }
  });

  it('refuses a coordinator whose certificate does not chain to the pinned CA', async () => {
    const srv = await startServer({ tls });
    try {
      const handler = new FakeHandler('KM');
      const client = siteClient(srv, handler, { ca: other.cert });
      const err = await client.start().then(() => null, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err?.message).toMatch(/self-signed certificate|unable to verify/);
      expect(handler.calls).toEqual([]);
      expect(srv.sites()).toEqual([]);
      await client.stop();
    } finally {
      await srv.close();
    }
  });

  it('requires a client certificate naming the site under mutual TLS', async () => {
    const km = await loadTlsFiles(selfSigned(dir, 'KM'));
    const srv = await startServer({ tls: { ...tls, ca: km.cert } });
    try {
      const { client, proxy } = await connectSite(srv, new FakeHandler('KM'), { ca: tls.cert, clientCert: km.cert, clientKey: km.key });
      await proxy.prepare(RUN, null, 5000);
      expect((await proxy.fit(fitIns(1), 5000)).round).toBe(1);
      await client.stop();

      const anonymous = siteClient(srv, new FakeHandler('KM'), { ca: tls.cert });
      expect(await anonymous.start().then(() => null, (e: unknown) => e)).toBeInstanceOf(UnavailableError);
      await anonymous.stop();

      const other = siteClient(srv, new FakeHandler('NIHCC'), { ca: tls.cert, clientCert: km.cert, clientKey: km.key });
      const err = await other.start().then(() => null, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(AuthError);
      expect(err?.message).toMatch(/client certificate names KM.*not site NIHCC/);
      await other.stop();
    } finally {
      await srv.close();
    }
  });

  it('rejects unreadable or non-PEM TLS files with a ConfigError naming the file', async () => {
    await expect(loadTlsFiles({ certFile: join(dir, 'missing.crt'), keyFile: join(dir, 'missing.key') })).rejects.toThrow(/missing\.crt/);
    const { keyFile } = selfSigned(dir, 'swap');
    await expect(loadTlsFiles({ certFile: keyFile, keyFile })).rejects.toThrow(/holds no PEM certificate/);
  });
});
