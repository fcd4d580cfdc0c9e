/** Reading the PEM files configs name (TLS certificates, keys, CA bundles), with errors that name the file. */
import { readFile } from 'node:fs/promises';
import { ConfigError, errorMessage } from '../domain/errors.js';

/** What a PEM file must hold. */
export type PemKind = 'certificate' | 'key' | 'CA';

/** Reads a PEM file; a missing/unreadable file, or one without the expected PEM block, is a ConfigError naming it. */
export async function readPem(path: string, kind: PemKind): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ConfigError(`TLS ${kind} file ${path}: ${errorMessage(err)}`, { cause: err });
  }
  const text = bytes.toString('utf8');
  if (kind === 'key') {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new ConfigError(`TLS key file ${path} holds no PEM private key`);
  } else if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`TLS ${kind} file ${path} holds no PEM certificate`);
  }
  return bytes;
}
