/**
 * The site's WebSocket transport: engine.io-client's Node transport with an all-zero frame mask.
 *
 * RFC 6455 makes a client mask every frame with a key the server then XORs away. The mask exists for browsers:
 * it stops a page's script from steering the bytes a cache or proxy sees in the clear. A site client is a Node
 * process sending frames our serde encoders built, over TLS off loopback, so masking buys nothing there and costs
 * two passes over every upload (mask at the site, unmask at the coordinator; 29 MB per +B5 update). `ws` skips
 * both passes, and the copy that masking a read-only buffer needs, when the key is zero, which the RFC allows (the key
 * is the client's to pick). The coordinator accepts frames with any key.
 * @example
 * io(url, { transports: [UnmaskedWebSocket] });
 */
import { NodeWebSocket } from 'engine.io-client';

/** Fills a frame's masking key with zeros (ws then leaves the payload as is). */
export function zeroMask(mask: Uint8Array): void {
  mask.fill(0);
}

/** engine.io-client's Node WebSocket transport whose frames carry the all-zero masking key. */
export class UnmaskedWebSocket extends NodeWebSocket {
  override createSocket(uri: string, protocols: string | string[] | undefined, opts: Record<string, unknown>): unknown {
    return super.createSocket(uri, protocols, { ...opts, generateMask: zeroMask });
  }
}
