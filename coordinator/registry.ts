/**
 * The coordinator's sites: who may connect (configured ids and pre-shared keys, which the wire's HMAC
 * handshake asks for) and who is connected now (a ClientProxy plus the counts the site registered).
 */
import { EventEmitter } from 'node:events';
import { TimeoutError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import type { ClientProxy, SiteRegistration } from '../shared/federation/types.js';

const log = logger('coordinator.registry');

/** A connected site. */
export interface ConnectedSite {
  readonly proxy: ClientProxy;
  readonly registration: SiteRegistration;
  readonly connectedAt: number;
}

/** Training examples a registration declares. */
export function trainCount(r: SiteRegistration): number {
  return r.counts.train.normal + r.counts.train.disease;
}

/** Known sites and live connections. Emits 'change' when the connected set changes. */
export class SiteRegistry extends EventEmitter {
  private readonly connected = new Map<string, ConnectedSite>();

  /** @param keys pre-shared key per allowed site id (empty map = any id, used by in-process simulation). */
  constructor(private readonly keys: ReadonlyMap<string, string> = new Map()) {
    super();
  }

  /** The pre-shared key of `siteId`, or undefined for an unknown site (the wire refuses it). */
  keyFor(siteId: string): string | undefined {
    return this.keys.get(siteId);
  }

  /** Records an authenticated connection (replacing an older one of the same site). */
  add(proxy: ClientProxy, registration: SiteRegistration): void {
    this.connected.set(proxy.siteId, { proxy, registration, connectedAt: Date.now() });
    log.info({ site: proxy.siteId, train: registration.counts.train }, 'site connected');
    this.emit('change');
  }

  /** Drops a connection; when `proxy` is given, only if it is still the current one. */
  remove(siteId: string, proxy?: ClientProxy): void {
    const cur = this.connected.get(siteId);
    if (!cur || (proxy && cur.proxy !== proxy)) return;
    this.connected.delete(siteId);
    log.warn({ site: siteId }, 'site disconnected');
    this.emit('change');
  }

  /** Connected sites in site-id order. */
  available(): ConnectedSite[] {
    return [...this.connected.values()].sort((a, b) => (a.proxy.siteId < b.proxy.siteId ? -1 : 1));
  }

  /** Resolves once at least `n` sites are connected; TimeoutError after `timeoutMs`. */
  async waitFor(n: number, timeoutMs: number): Promise<void> {
    if (this.connected.size >= n) return;
    await new Promise<void>((resolve, reject) => {
      const onChange = (): void => {
        if (this.connected.size >= n) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new TimeoutError(`only ${this.connected.size} of the ${n} required sites connected within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('change', onChange);
      };
      this.on('change', onChange);
    });
  }
}
