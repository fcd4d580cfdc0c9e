import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluateIns, FitIns, RunSpec, SiteDescription } from '../../shared/federation/types.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { FakeHandler, RUN, SMALL, connectSite, evaluateIns, fitIns, startServer } from './transport-helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A fake site that shares an intensity histogram and records what the label-skew fields delivered. */
class RecordingHandler extends FakeHandler {
  spec: RunSpec | null = null;
  fitIns: FitIns | null = null;
  evalIns: EvaluateIns | null = null;

  override async describe(): Promise<SiteDescription> {
    return { ...(await super.describe()), intensityHistogram: [5, 0, 12, 3] };
  }
  override async prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void> {
    this.spec = spec;
    await super.prepareRun(spec, frozen);
  }
  override async fit(ins: FitIns, hb?: (p: number) => void) {
    this.fitIns = ins;
    return super.fit(ins, hb);
  }
  override async evaluate(ins: EvaluateIns) {
    this.evalIns = ins;
    return super.evaluate(ins);
  }
}

describe('socket transport: label-skew fields', () => {
  it('carries the intensity histogram, the reference, class weights and local tensors over socket.io', async () => {
    // Prepare
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const site = new RecordingHandler('KM');
    const { client, proxy } = await connectSite(srv, site);
    cleanup.push(() => client.stop());
    const spec: RunSpec = { ...RUN, referenceHistogram: [0.25, 0.25, 0.125, 0.375] };
    const local = ['head_output/kernel'];
    const ins: FitIns = { ...fitIns(1), config: { ...fitIns(1).config, classWeights: { 0: 1.5, 1: 0.75 }, localTensors: local } };
    // Execute
    await proxy.prepare(spec, SMALL, 5_000);
    await proxy.fit(ins, 5_000);
    await proxy.evaluate({ ...evaluateIns(1), localTensors: local }, 5_000);
    // Assert
    expect(srv.sites()[0]?.intensityHistogram).toEqual([5, 0, 12, 3]);
    expect(site.spec?.referenceHistogram).toEqual([0.25, 0.25, 0.125, 0.375]);
    expect(site.fitIns?.config.classWeights).toEqual({ 0: 1.5, 1: 0.75 });
    expect(site.fitIns?.config.localTensors).toEqual(local);
    expect(site.evalIns?.localTensors).toEqual(local);
  });

  it('plain runs carry none of them (absent stays absent)', async () => {
    const srv = await startServer();
    cleanup.push(() => srv.close());
    const site = new RecordingHandler('NIHCC');
    const { client, proxy } = await connectSite(srv, site);
    cleanup.push(() => client.stop());
    await proxy.prepare(RUN, SMALL, 5_000);
    await proxy.fit(fitIns(1), 5_000);
    await proxy.evaluate(evaluateIns(1), 5_000);
    expect(site.spec?.referenceHistogram).toBeUndefined();
    expect(site.fitIns?.config.classWeights).toBeUndefined();
    expect(site.fitIns?.config.localTensors).toBeUndefined();
    expect(site.evalIns?.localTensors).toBeUndefined();
  });
});
