/**
 * Mutual-TLS material for `fedcxr certs --client-certs`: a site CA (the coordinator's `tls.ca`) and, per site, a
 * client certificate signed by it whose CN is the site id (a site's `clientCert`/`clientKey`), via the `openssl`
 * binary. The coordinator checks at `hello` that the certificate names the site that claims it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnavailableError, errorMessage } from '../shared/domain/errors.js';

/** Paths `makeClientCerts` writes under `out`. */
export interface ClientCertPaths {
  /** The site CA certificate (coordinator.yaml `tls.ca`). */
  readonly caCert: string;
  /** The site CA's private key (keep it offline; it signs new site certificates). */
  readonly caKey: string;
  /** Per site: certificate and key (site.yaml `clientCert`, `clientKey`). */
  readonly sites: Record<string, { readonly cert: string; readonly key: string }>;
}

/** Where `makeClientCerts` will write, so a caller can refuse to overwrite before anything is written. */
export function clientCertPaths(out: string, sites: readonly string[]): ClientCertPaths {
  return {
    caCert: join(out, 'site-ca.crt'),
    caKey: join(out, 'site-ca.key'),
    sites: Object.fromEntries(sites.map((s) => [s, { cert: join(out, 'clients', `${s}.crt`), key: join(out, 'clients', `${s}.key`) }])),
  };
}

function openssl(args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UnavailableError('the openssl binary is needed to make client certificates');
    throw new UnavailableError(`openssl ${args[0] ?? ''} failed: ${errorMessage(err)}`, { cause: err });
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Makes the site CA and one client certificate per site (CN = site id, clientAuth); keys are mode 600. */
export function makeClientCerts(out: string, sites: readonly string[], days: number): ClientCertPaths {
  const p = clientCertPaths(out, sites);
  mkdirSync(join(out, 'clients'), { recursive: true, mode: 0o700 });
  openssl([
    'req', '-x509', ...EC, '-keyout', p.caKey, '-out', p.caCert, '-days', String(days), '-subj', '/CN=fedcxr site CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  chmodSync(p.caKey, 0o600);
  const ext = join(out, 'clients', '.client-ext.cnf');
  writeFileSync(ext, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  try {
    for (const [site, { cert, key }] of Object.entries(p.sites)) {
      const csr = `${cert}.csr`;
      openssl(['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${site}`]);
      chmodSync(key, 0o600);
      openssl(['x509', '-req', '-in', csr, '-CA', p.caCert, '-CAkey', p.caKey, '-set_serial', `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`, '-days', String(days), '-extfile', ext, '-out', cert]);
      rmSync(csr, { force: true });
    }
  } finally {
    rmSync(ext, { force: true });
  }
  return p;
}
