/**
 * Mutual TLS from the operators' files: `fedcxr certs --client-certs` makes the site CA and a client certificate
 * per site; a site configured by site.yaml (`ca`, `clientCert`, `clientKey`) trains for a coordinator that
 * requires client certificates (`tls.ca`), and the same site.yaml without a certificate is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts, type CertsResult } from '../../cli/commands/certs.js';
import { loadTlsFiles } from '../../coordinator/tls.js';
import { loadYamlConfig } from '../../shared/config/load.js';
import { SiteConfigSchema } from '../../shared/config/site.js';
import { ConfigError, UnavailableError } from '../../shared/domain/errors.js';
import { SiteClient } from '../../site-client/client.js';
import { loadSiteTls } from '../../site-client/tls.js';
import { hasOpenssl } from './openssl.js';
import { FakeHandler, KEYS, RUN, fitIns, nextConnection, rejectionOf, startServer } from './transport-helpers.js';

const openssl = hasOpenssl();
if (!openssl) console.warn('site-mtls: skipped, no openssl binary to make test certificates');

describe.skipIf(!openssl)('site over mutual TLS, configured by site.yaml', () => {
  let dir = '';
  let certs: CertsResult;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fedcxr-mtls-'));
    certs = makeCerts({ out: dir, hosts: ['127.0.0.1', 'localhost'], sites: ['KM'], days: 1, noCert: false, force: false, clientCerts: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a site.yaml for KM against `url` (with or without the client certificate) and loads it. */
  function siteYaml(url: string, withCert: boolean): ReturnType<typeof SiteConfigSchema.parse> {
    const km = certs.clients?.sites.KM;
    const lines = [
      'siteId: KM',
      `key: "${KEYS.KM}"`,
      `coordinatorUrl: ${url}`,
      `ca: ${certs.cert}`,
      ...(withCert ? [`clientCert: ${km?.cert}`, `clientKey: ${km?.key}`] : []),
      'data: { phantom: { nNormal: 2, nDisease: 2 } }',
    ];
    const path = join(dir, withCert ? 'site.yaml' : 'site-no-cert.yaml');
    writeFileSync(path, `${lines.join('\n')}\n`);
    return loadYamlConfig(SiteConfigSchema, path);
  }

  async function client(cfg: ReturnType<typeof siteYaml>, handler: FakeHandler): Promise<SiteClient> {
    return new SiteClient({ url: cfg.coordinatorUrl, siteId: cfg.siteId, key: cfg.key ?? '', handler, heartbeatIntervalMs: 50, reconnect: false, ...(await loadSiteTls(cfg)) });
  }

  it('trains with its client certificate, and is refused without one', async () => {
    // Prepare: a coordinator that requires client certificates signed by the site CA
    const tls = await loadTlsFiles({ certFile: certs.cert ?? '', keyFile: certs.key ?? '', caFile: certs.clients?.caCert ?? '' });
    const srv = await startServer({ tls });
    try {
      // Execute: the configured site connects, is prepared and trains one round
      const handler = new FakeHandler('KM');
      const conn = nextConnection(srv, 'KM');
      const site = await client(siteYaml(srv.url, true), handler);
      await site.start();
      const proxy = await conn;
      await proxy.prepare(RUN, null, 5000);
      const res = await proxy.fit(fitIns(1), 5000);
      await site.stop();
      // Assert
      expect(res.round).toBe(1);
      expect(handler.calls).toEqual(['prepare:run-1', 'fit:1']);

      // The same site without a client certificate: the TLS handshake fails, nothing registers or runs
      const anonymousHandler = new FakeHandler('KM');
      const anonymous = await client(siteYaml(srv.url, false), anonymousHandler);
      const err = await rejectionOf(anonymous.start());
      await anonymous.stop();
      expect(err).toBeInstanceOf(UnavailableError);
      expect(err.message).toMatch(/cannot reach coordinator.*certificate required/);
      expect(anonymousHandler.calls).toEqual([]);
      expect(srv.sites()).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('refuses a site.yaml with a client certificate but no key, and a certificate file that is not PEM', async () => {
    const path = join(dir, 'half.yaml');
    writeFileSync(path, `siteId: KM\nkey: "${KEYS.KM}"\ncoordinatorUrl: https://127.0.0.1:1\nclientCert: ${certs.clients?.sites.KM?.cert}\ndata: { phantom: { nNormal: 1, nDisease: 1 } }\n`);
    expect(() => loadYamlConfig(SiteConfigSchema, path)).toThrow(/clientKey: give both clientCert and clientKey, or neither/);
    const km = certs.clients?.sites.KM;
    await expect(loadSiteTls({ clientCert: km?.key, clientKey: km?.key })).rejects.toThrow(ConfigError);
    await expect(loadSiteTls({ clientCert: km?.key, clientKey: km?.key })).rejects.toThrow(/holds no PEM certificate/);
  });
});
