/**
 * Preparing sites for a run — its RunSpec, the frozen trunk where a site does not hold it, and (when the run says
 * the next round will send it) the current global to a site that can hold it, so that instruction names it
 * instead of carrying it — as soon as they
 * connect, not when a round first asks them to train: a site that connects while the run waits for others, or
 * mid-run after a reconnect, gets its trunk while nothing waits on it, and the rounds then start with sites that
 * are ready. Each connection (proxy) is prepared once; callers asking for the same proxy at the same time share
 * one attempt. After a failure the background does not try again; the next round that asks for the site does
 * (and records the reason against the site if it fails again). The background prepares a site id at most once per
 * round, so a site that reconnects over and over cannot make the coordinator send its trunk more often than the
 * rounds that sample it would.
 */
import { errorMessage } from '../shared/domain/errors.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { ClientProxy, RunSpec } from '../shared/federation/types.js';
import { logger } from '../shared/log.js';
import { notify, type RunObserver } from './observer.js';
import type { SiteRegistry } from './registry.js';

const log = logger('coordinator.rounds');

/** What preparing needs from its run. */
export interface PreparationTerms {
  readonly spec: RunSpec;
  /** Frozen trunk tensors (null at +B1: nothing frozen). */
  readonly frozen: TensorSet | null;
  readonly deadlineMs: number;
  /** The round the run is at (preparation is reported against it). */
  readonly round: () => number;
  /** The global to leave with a site that can hold it (undefined: none now). @default none */
  readonly global?: () => TensorSet | undefined;
  readonly observer?: () => RunObserver | undefined;
}

/** The run's prepared connections and the preparations in flight. */
export class SitePreparation {
  private readonly done = new WeakSet<ClientProxy>();
  private readonly pending = new WeakMap<ClientProxy, Promise<string | null>>();
  private readonly failed = new WeakSet<ClientProxy>();
  /** The round in which each site id was last prepared in the background. */
  private readonly background = new Map<string, number>();

  constructor(private readonly terms: PreparationTerms) {}

  /** Whether `proxy` is prepared for the run. */
  isPrepared(proxy: ClientProxy): boolean {
    return this.done.has(proxy);
  }

  /** Prepares `proxy` once (again after a failure); resolves with the failure reason, or null when prepared. Never rejects. */
  ensure(proxy: ClientProxy): Promise<string | null> {
    if (this.done.has(proxy)) return Promise.resolve(null);
    const inFlight = this.pending.get(proxy);
    if (inFlight) return inFlight;
    const t = this.terms;
    const t0 = performance.now();
    this.failed.delete(proxy);
    const attempt = proxy.prepare(t.spec, t.frozen, t.deadlineMs, t.global?.()).then(
      () => {
        this.done.add(proxy);
        this.pending.delete(proxy);
        notify(t.observer?.(), 'onPhase', t.round(), 'preparation', (performance.now() - t0) / 1000, proxy.siteId);
        return null;
      },
      (err: unknown) => {
        this.pending.delete(proxy);
        this.failed.add(proxy);
        return `prepare failed: ${errorMessage(err)}`;
      },
    );
    this.pending.set(proxy, attempt);
    return attempt;
  }

  /**
   * Starts preparing, in the background, each of `proxies` not prepared, being prepared or failed already, whose
   * site id the background has not prepared yet in this round.
   */
  start(proxies: readonly ClientProxy[]): void {
    const round = this.terms.round();
    for (const proxy of proxies) {
      if (this.done.has(proxy) || this.pending.has(proxy) || this.failed.has(proxy)) continue;
      if (this.background.get(proxy.siteId) === round) continue;
      this.background.set(proxy.siteId, round);
      void this.ensure(proxy).then((reason) => {
        // Not fatal here: a round that samples the site tries again and records the reason against the site.
        if (reason) log.warn({ site: proxy.siteId, reason }, 'site not prepared');
      });
    }
  }

  /**
   * Starts `proxies`' preparations and resolves once each is prepared or has failed, or after `maxMs`, whichever
   * comes first (true when all settled). Whatever is still preparing goes on in the background; a round that
   * samples such a site waits for it there, within the prepare deadline.
   */
  async settle(proxies: readonly ClientProxy[], maxMs: number): Promise<boolean> {
    this.start(proxies);
    let timer: NodeJS.Timeout | undefined;
    const all = Promise.all(proxies.map((p) => this.pending.get(p))).then(() => true);
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), maxMs);
    });
    try {
      return await Promise.race([all, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A run's setup before its first round: waits up to `waitMs` for `minSites` to connect, then up to `waitMs` for the
 * connected sites' preparations, so round 1's clock times the round, not the trunk's first download. A site still
 * preparing after that does not hold the run back: a round waits for it only if it samples it.
 */
export async function prepareConnected(preparation: SitePreparation, registry: SiteRegistry, minSites: number, waitMs: number): Promise<void> {
  await registry.waitFor(minSites, waitMs).catch(() => undefined);
  const t0 = performance.now();
  const sites = registry.available().map((s) => s.proxy);
  const all = await preparation.settle(sites, waitMs);
  const ms = Math.round(performance.now() - t0);
  if (all) log.info({ sites: sites.length, ms }, 'sites prepared');
  else log.warn({ still: sites.filter((p) => !preparation.isPrepared(p)).map((p) => p.siteId), ms }, 'sites still preparing; the rounds go on');
}
