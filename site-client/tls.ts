/**
 * The site's TLS material from site.yaml: the pinned coordinator certificate (`ca`) and, for a coordinator that
 * requires mutual TLS, the site's client certificate and key (`clientCert`, `clientKey`; CN = site id).
 */
import { readPem } from '../shared/config/pem.js';
import { ConfigError } from '../shared/domain/errors.js';

/** PEM file paths as site.yaml names them. */
export interface SiteTlsFiles {
  readonly ca?: string | undefined;
  readonly clientCert?: string | undefined;
  readonly clientKey?: string | undefined;
}

/** The PEM contents, in the shape `SiteClientOptions` takes. */
export interface SiteTls {
  readonly ca?: Buffer;
  readonly clientCert?: Buffer;
  readonly clientKey?: Buffer;
}

/** Reads the configured PEM files (ConfigError naming a missing, unreadable or non-PEM file). */
export async function loadSiteTls(files: SiteTlsFiles): Promise<SiteTls> {
  if ((files.clientCert === undefined) !== (files.clientKey === undefined)) {
    throw new ConfigError('site TLS: give both clientCert and clientKey, or neither');
  }
  return {
    ...(files.ca !== undefined ? { ca: await readPem(files.ca, 'CA') } : {}),
    ...(files.clientCert !== undefined ? { clientCert: await readPem(files.clientCert, 'certificate') } : {}),
    ...(files.clientKey !== undefined ? { clientKey: await readPem(files.clientKey, 'key') } : {}),
  };
}
