/** The site's typed socket.io socket and the one signature by which its modules send frames on it. */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/federation/events.js';

/** A site's socket: it emits ClientToServerEvents and serves ServerToClientEvents. */
export type SiteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An event a site may emit. */
export type SiteEvent = keyof ClientToServerEvents;

/** Emits a serde-produced frame and awaits its ack (timeout: the wire limits' ackTimeoutMs unless given). */
export type SendFrame = (socket: SiteSocket, event: SiteEvent, frame: Uint8Array, timeoutMs?: number) => Promise<unknown>;
