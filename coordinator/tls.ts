/**
 * Transport security policy of the coordinator: TLS when a certificate and key are configured, and no
 * plaintext listener off loopback unless the operator says `insecure` explicitly.
 */
import { readPem } from '../shared/config/pem.js';
import { ConfigError } from '../shared/domain/errors.js';
import { isLoopbackHost } from '../shared/federation/wire-limits.js';

/** PEM material for an HTTPS listener. */
export interface TlsMaterial {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** CA bundle to verify client certificates with: given, every site must present a certificate it signed whose CN (or a DNS SAN) is its site id (mutual TLS, on top of the HMAC handshake). */
  readonly ca?: string | Buffer;
}

/** Where the PEM files are (as a config file names them). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string;
}

/** Reads the PEM files; a missing or unreadable file, or one without its PEM block, is a ConfigError naming it. */
export async function loadTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const cert = await readPem(files.certFile, 'certificate');
  const key = await readPem(files.keyFile, 'key');
  const ca = files.caFile === undefined ? undefined : await readPem(files.caFile, 'CA');
  return ca === undefined ? { cert, key } : { cert, key, ca };
}

/**
 * Refuses a plaintext listener on a non-loopback host unless `insecure` is set: weights and site keys' proofs
 * would otherwise cross the network unencrypted and unauthenticated.
 */
export function assertTransportAllowed(host: string, tls: TlsMaterial | undefined, insecure: boolean): void {
  if (tls || insecure || isLoopbackHost(host)) return;
  throw new ConfigError(
    `refusing plaintext on ${host}: configure a TLS certificate and key, or pass --insecure (only on a trusted network)`,
  );
}
