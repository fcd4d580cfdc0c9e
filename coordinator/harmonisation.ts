/**
 * The coordinator's half of federated harmonisation: once per run, the reference intensity distribution
 * from the histograms the sites shared at registration (counts only). It travels in the RunSpec; each
 * site maps its own images to it. Sites that did not share still receive (and apply) the reference.
 */
import { referenceHistogram } from '../shared/data/harmonise.js';
import { ConfigError } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import type { SiteRegistration } from '../shared/federation/types.js';

const log = logger('coordinator.harmonisation');

/** The reference (probabilities per bin) from the registrations that carry a histogram. */
export function harmonisationReference(registrations: readonly SiteRegistration[]): number[] {
  const shared = registrations.filter((r) => (r.intensityHistogram?.length ?? 0) > 0);
  if (shared.length === 0) {
    throw new ConfigError(
      `harmonise is on but none of the ${registrations.length} connected sites shared an intensity histogram (site option intensityBins)`,
    );
  }
  const bins = new Set(shared.map((r) => r.intensityHistogram?.length));
  if (bins.size > 1) {
    throw new ConfigError(`sites shared intensity histograms with different bin counts (${[...bins].join(', ')}): configure one intensityBins for all`);
  }
  const missing = registrations.filter((r) => !shared.includes(r)).map((r) => r.siteId);
  if (missing.length > 0) log.warn({ missing }, 'sites without an intensity histogram: the reference is built from the others');
  log.info({ sites: shared.map((r) => r.siteId), bins: [...bins][0] }, 'harmonisation reference built');
  return referenceHistogram(shared.map((r) => r.intensityHistogram as readonly number[]));
}
