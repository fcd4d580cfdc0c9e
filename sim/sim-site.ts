/** One simulated site: its id, its data and its operator's settings (`simulation.ts`, `thread-sites.ts`). */
import type { ExecutorOptions, SiteCaps, SiteData } from '../site-client/executor.js';

/** One simulated site. */
export interface SimSite {
  readonly id: string;
  readonly data: SiteData;
  readonly caps?: Partial<SiteCaps>;
  /** Further site options (e.g. harmonisation's `intensityBins`, personalisation's `fineTune`). @default none */
  readonly options?: Omit<Partial<ExecutorOptions>, 'siteId' | 'data' | 'caps'>;
}
