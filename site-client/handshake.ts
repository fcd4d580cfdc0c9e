/**
 * The site's side of the mutual handshake: Hello → Challenge → ChallengeResponse → ServerProof (verified)
 * → Register. The site proves the key and refuses to go on unless the coordinator proves it back.
 */
import { AuthError, VersionError } from '../shared/domain/errors.js';
import { coordinatorProof, newNonce, proofsEqual, siteProof } from '../shared/federation/hmac.js';
import { registerToBytes } from '../shared/federation/serde.js';
import { challengeResponseToBytes, expectReply, helloToBytes } from '../shared/federation/serde-control.js';
import type { SiteDescription, SiteHandler } from '../shared/federation/types.js';
import { PROTOCOL_VERSION } from '../shared/federation/wire-limits.js';
import { HOLD_CAPABILITY } from '../shared/federation/tensors-ref.js';
import { logger } from '../shared/log.js';
import type { SendFrame, SiteSocket } from './site-socket.js';

const log = logger('site-client.client'); // client.ts's name, so log filters on it still see these lines

/** Who the site is and what it registers. */
export interface HandshakeSite {
  readonly siteId: string;
  readonly key: Uint8Array;
  readonly handler: SiteHandler;
}

/**
 * Authenticates both ways and registers the site's counts on `socket`; resolves once the registration is
 * acknowledged. Throws VersionError or AuthError (final) or transport errors (worth a retry).
 * `onVerified` runs as soon as the coordinator has proved the key, before Register: the coordinator may send
 * work the moment it has acked the registration.
 */
export async function handshake(socket: SiteSocket, site: HandshakeSite, send: SendFrame, onVerified: () => void): Promise<void> {
  const { siteId, key, handler } = site;
  const challenge = expectReply(await send(socket, 'hello', helloToBytes({ siteId, protocolVersion: PROTOCOL_VERSION })), 'challenge', 'hello');
  if (challenge.protocolVersion !== PROTOCOL_VERSION) {
    throw new VersionError(`coordinator speaks protocol version ${challenge.protocolVersion}; this site speaks ${PROTOCOL_VERSION}`);
  }
  const siteNonce = newNonce();
  const proof = siteProof(key, siteId, challenge.serverNonce, siteNonce);
  const reply = await send(socket, 'auth', challengeResponseToBytes({ siteId, siteNonce, siteProof: proof }));
  const { coordinatorProof: got } = expectReply(reply, 'serverProof', 'auth');
  if (!proofsEqual(coordinatorProof(key, siteId, challenge.serverNonce, siteNonce), got)) {
    throw new AuthError('the coordinator failed to prove the site key (impostor or wrong key): refusing to train for it');
  }
  onVerified();
  let desc: SiteDescription;
  if (handler.describe) desc = await handler.describe();
  else {
    log.warn('SiteHandler has no describe(): registering zero counts');
    const zero = { normal: 0, disease: 0 };
    desc = { capabilities: [], counts: { train: zero, val: zero, test: zero } };
  }
  const reg = {
    siteId,
    protocolVersion: PROTOCOL_VERSION,
    // "hold": the transport keeps a Hold's tensors for a later instruction to name (tasks.ts).
    capabilities: [...desc.capabilities.filter((c) => c !== HOLD_CAPABILITY), HOLD_CAPABILITY],
    counts: desc.counts,
    ...(desc.intensityHistogram ? { intensityHistogram: desc.intensityHistogram } : {}),
  };
  expectReply(await send(socket, 'register', registerToBytes(reg)), 'ok', 'register');
}
