/** Messages between the simulation and a site running in its own worker thread (`site-thread.ts`). */
import type { WireLimits } from '../shared/federation/wire-limits.js';
import type { SimSite } from './sim-site.js';

/** What a site thread is started with (structured-cloned into the worker). */
export interface SiteThreadInit {
  readonly url: string;
  readonly key: string;
  readonly site: SimSite;
  readonly heartbeatIntervalMs: number;
  readonly limits: Partial<WireLimits>;
  readonly minReportExamples: number;
}

/** One fit's training time, as the site's executor logged it. */
export interface ThreadFitLog {
  readonly runId: string;
  readonly round: number;
  readonly trainSeconds: number;
}

/** What a site thread reports: connected, stopped (with its fit log), or why it failed. */
export type SiteThreadReply = { readonly kind: 'ready' } | { readonly kind: 'stopped'; readonly fitLog: readonly ThreadFitLog[] } | { readonly kind: 'error'; readonly message: string };
