/**
 * The study's label skew on phantoms for round-loop tests: a disease-only site (km), a normal-only one (nihcc) and a
 * mixed one (niosh) at 32 px, a random init, site executors registered through in-memory proxies, and every FitIns
 * each site was asked and FitRes it answered, in order.
 */
import { vi } from 'vitest';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import type { FitIns, FitRes } from '../../shared/federation/types.js';
import { defaultModelConfig, type ModelConfig } from '../../shared/model/config.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { getTensorSet } from '../../shared/model/weights.js';
import { phantomSiteData } from '../../site-client/data.js';
import { SiteExecutor, type ExecutorOptions, type SiteData } from '../../site-client/executor.js';

/** What `skewedPhantomSites` builds. */
export interface SkewedSites {
  readonly initial: { readonly config: ModelConfig; readonly tensors: TensorSet; readonly source: string };
  /** Each site's phantom splits, in site order (km, nihcc, niosh), as the executors were given them. */
  readonly data: readonly SiteData[];
  readonly executors: readonly SiteExecutor[];
  readonly registry: SiteRegistry;
  readonly asked: FitIns[];
  readonly answered: FitRes[];
}

/** Options of `skewedPhantomSites`. */
export interface SkewedSitesOptions {
  /** Seed of the random init. @default 4 */
  readonly modelSeed?: number;
  /** Executor options beyond id, data and `minReportExamples: 2`, per site id. @default none */
  readonly executor?: (siteId: string) => Partial<ExecutorOptions>;
}

/** Builds the three sites; `mixed` sets the mixed site's counts (the one-class sites hold 10 disease and 14 normal). */
export async function skewedPhantomSites(mixed: { readonly nNormal: number; readonly nDisease: number }, o: SkewedSitesOptions = {}): Promise<SkewedSites> {
  const config = defaultModelConfig({ inputSize: 32, head: { units: [8] } });
  const model = buildModel(config, { seed: o.modelSeed ?? 4 });
  const initial = { config, tensors: getTensorSet(model), source: 'random-init (test)' };
  model.dispose();
  const specs = [
    { site: 'km', nNormal: 0, nDisease: 10 },
    { site: 'nihcc', nNormal: 14, nDisease: 0 },
    { site: 'niosh', ...mixed },
  ];
  const data = specs.map((s, i) => phantomSiteData({ ...s, inputSize: 32, seed: i + 5, testFraction: 0.25, valFraction: 0 }));
  const executors = specs.map((s, i) => new SiteExecutor({ siteId: s.site, data: data[i] as SiteData, minReportExamples: 2, ...o.executor?.(s.site) }));
  const registry = new SiteRegistry();
  for (const e of executors) registry.add(new InMemoryProxy(e), { siteId: e.siteId, protocolVersion: 1, ...(await e.describe()) });
  const asked: FitIns[] = [];
  const answered: FitRes[] = [];
  for (const e of executors) {
    const fit = e.fit.bind(e);
    vi.spyOn(e, 'fit').mockImplementation(async (ins, hb) => {
      asked.push(ins);
      const res = await fit(ins, hb);
      answered.push(res);
      return res;
    });
  }
  return { initial, data, executors, registry, asked, answered };
}
