/**
 * Who may read the dashboard and metrics: anyone on loopback; off loopback only a request bearing the
 * dashboard token (`fedcxr certs --dashboard-token` writes one) as `Authorization: Bearer …`, `?token=…`
 * or the socket.io handshake's `auth.token`. Without a configured token, off-loopback reads are refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether `address` (as node reports a peer) is on the loopback interface. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Checks a presented token against the configured one in constant time. */
export function tokenMatches(expected: string | undefined, presented: string | undefined): boolean {
  if (!expected || !presented) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

/** Why a read is refused, or null when it is allowed. */
export function refusal(remoteAddress: string | undefined, expected: string | undefined, presented: string | undefined): string | null {
  if (isLoopbackAddress(remoteAddress)) return null;
  if (!expected) return 'the dashboard is loopback-only: no dashboard token is configured on the coordinator';
  if (!presented) return 'a dashboard token is required off loopback';
  return tokenMatches(expected, presented) ? null : 'wrong dashboard token';
}

/** The token a request presents in its Authorization header or `token` query parameter. */
export function presentedToken(authorization: string | undefined, url: URL): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return m?.[1] ?? url.searchParams.get('token') ?? undefined;
}
