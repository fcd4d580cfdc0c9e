import { describe, expect, it } from 'vitest';
import { toRunOptions } from '../../../coordinator/config.js';
import { skewOptions } from '../../../coordinator/strategies.js';
import { FederationSchema } from '../../../shared/config/federation.js';
import { SimSiteSchema } from '../../../shared/config/sim.js';
import { siteMethodOptions, SiteMethodsSchema } from '../../../shared/config/site.js';

describe('label-skew config', () => {
  it('federation: strategy fields and harmonise reach the run options; plain configs stay plain', () => {
    const fed = FederationSchema.parse({ harmonise: true, strategy: { name: 'fedprox', siteWeighting: 'capped', maxShare: 0.6, classPrior: true, localHead: true } });
    const run = toRunOptions(fed);
    expect(run.harmonise).toBe(true);
    expect(skewOptions(run.strategy)).toEqual({ siteWeighting: 'capped', maxShare: 0.6, classPrior: true, localHead: true });
    const plain = toRunOptions(FederationSchema.parse({}));
    expect(plain.harmonise).toBe(false);
    expect(skewOptions(plain.strategy)).toBeUndefined();
  });

  it('federation: refuses an unknown site weighting and a share above 1', () => {
    expect(() => FederationSchema.parse({ strategy: { siteWeighting: 'biggest' } })).toThrow(/siteWeighting/);
    expect(() => FederationSchema.parse({ strategy: { maxShare: 1.5 } })).toThrow(/maxShare/);
  });

  it('site methods: fine-tuning and histogram bins map to executor options; bad bins are refused', () => {
    const m = SiteMethodsSchema.parse({ fineTune: { epochs: 5, learningRate: 1e-3 }, intensityBins: 64 });
    expect(siteMethodOptions(m)).toEqual({ fineTune: { epochs: 5, learningRate: 1e-3 }, intensityBins: 64 });
    expect(siteMethodOptions(undefined)).toEqual({});
    expect(() => SiteMethodsSchema.parse({ intensityBins: 300 })).toThrow();
    expect(() => SiteMethodsSchema.parse({ fineTune: { epochs: 0, learningRate: 1e-3 } })).toThrow();
    const sim = SimSiteSchema.parse({ id: 'gz', data: { phantom: { nNormal: 0, nDisease: 4 } }, methods: { intensityBins: 32 } });
    expect(sim.methods).toEqual({ intensityBins: 32 });
  });
});
