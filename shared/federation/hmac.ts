/**
 * Mutual HMAC-SHA256 authentication with a pre-shared per-site key. The coordinator challenges with a nonce;
 * the site proves the key over both nonces and challenges back with its own; the coordinator proves the key
 * back, so a site never trains for an impostor. Distinct labels keep one side's proof from being replayed as
 * the other's (reflection), and both nonces in both proofs bind them to this handshake.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors.js';

/** Bytes in a handshake nonce. */
export const NONCE_BYTES = 32;
/** Shortest pre-shared key accepted (128 bits). */
export const MIN_KEY_BYTES = 16;

/** A fresh random handshake nonce. */
export function newNonce(): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES));
}

/** HMAC-SHA256 of one labelled, length-prefixed transcript. */
function proof(label: string, key: Uint8Array, siteId: string, serverNonce: Uint8Array, siteNonce: Uint8Array): Uint8Array {
  const h = createHmac('sha256', key);
  for (const part of [Buffer.from(label), Buffer.from(siteId, 'utf8'), serverNonce, siteNonce]) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(part.length); // length prefixes keep (siteId, nonce) boundaries unambiguous
    h.update(len).update(part);
  }
  return new Uint8Array(h.digest());
}

/** The site's proof of the key (sent in ChallengeResponse). */
export function siteProof(key: Uint8Array, siteId: string, serverNonce: Uint8Array, siteNonce: Uint8Array): Uint8Array {
  return proof('fedcxr/v1 site proof', key, siteId, serverNonce, siteNonce);
}

/** The coordinator's proof of the key (sent in ServerProof). */
export function coordinatorProof(key: Uint8Array, siteId: string, serverNonce: Uint8Array, siteNonce: Uint8Array): Uint8Array {
  return proof('fedcxr/v1 coordinator proof', key, siteId, serverNonce, siteNonce);
}

/** Constant-time comparison of an expected and a received proof (false on any length difference). */
export function proofsEqual(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/**
 * Parses a pre-shared key written as hex (`hex:` prefix optional when all hex) or base64 (`base64:` prefix).
 * @example parseKey('hex:00112233445566778899aabbccddeeff')
 */
export function parseKey(text: string): Uint8Array {
  const s = text.trim();
  let bytes: Buffer;
  if (s.startsWith('base64:')) bytes = Buffer.from(s.slice(7), 'base64');
  else if (s.startsWith('hex:') || /^[0-9a-fA-F]+$/.test(s)) {
    const hex = s.startsWith('hex:') ? s.slice(4) : s;
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new ConfigError('site key: invalid hex');
    bytes = Buffer.from(hex, 'hex');
  } else throw new ConfigError('site key must be hex (optionally "hex:...") or "base64:..."');
  if (bytes.length < MIN_KEY_BYTES) throw new ConfigError(`site key must hold ≥ ${MIN_KEY_BYTES} bytes, got ${bytes.length}`);
  return new Uint8Array(bytes);
}

/** A new random pre-shared key, hex-encoded (what `fedcxr certs` / operators hand to a site). */
export function generateKeyHex(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}
