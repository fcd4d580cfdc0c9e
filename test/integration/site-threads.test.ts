/**
 * `runSimulation({ siteThreads: true })`: every site in its own worker thread over real socket.io, as separate
 * site processes would run; the same run as the in-process layout, down to the bits of the final global.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEngine } from '../../shared/engine/index.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import { buildModel } from '../../shared/model/vgg16.js';
import { getTensorSet } from '../../shared/model/weights.js';
import { phantomSiteData } from '../../site-client/data.js';
import { runSimulation, type SimSite } from '../../sim/simulation.js';
import { startThreadSites } from '../../sim/thread-sites.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-site-threads-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config = defaultModelConfig({ inputSize: 32, head: { units: [8] } });
const sites: SimSite[] = [
  { id: 'a', data: phantomSiteData({ site: 'a', nNormal: 4, nDisease: 4, inputSize: 32, seed: 1, testFraction: 0.25, valFraction: 0 }) },
  { id: 'b', data: phantomSiteData({ site: 'b', nNormal: 5, nDisease: 3, inputSize: 32, seed: 2, testFraction: 0.25, valFraction: 0 }) },
];

async function simulate(siteThreads: boolean, stateDir: string): ReturnType<typeof runSimulation> {
  const model = buildModel(config, { seed: 1 });
  const initial = { config, tensors: getTensorSet(model), source: 'random-init (test)' };
  model.dispose();
  const deadlines = { fitDeadlineMs: 60_000, evaluateDeadlineMs: 60_000, prepareDeadlineMs: 60_000, waitForSitesMs: 30_000 };
  const run = testRunOptions(stateDir, { rounds: 2, level: 'FC', fit: { localEpochs: 1, batchSize: 4, learningRate: 1e-3, seed: 3, optimizer: 'adam' }, maxUpdateNorm: 1e6, histogramBins: 10, ...deadlines });
  return runSimulation({ transport: 'socket', siteThreads, initial, sites, run, minReportExamples: 1 });
}

describe('sites in worker threads', () => {
  it('runs the same rounds as sites in the coordinator’s thread, to the same bits, and returns each site’s fit log', async () => {
    const threaded = await simulate(true, join(dir, 'threads'));
    const inProcess = await simulate(false, join(dir, 'in-process'));

    expect(threaded.result.status).toBe('finished');
    expect(threaded.executors).toEqual([]);
    expect([...threaded.fitLogs.keys()].sort()).toEqual(['a', 'b']);
    expect(threaded.fitLogs.get('a')?.map((f) => f.round)).toEqual([1, 2]);
    expect(threaded.fitLogs.get('b')?.every((f) => f.trainSeconds > 0)).toBe(true);
    const bits = (r: typeof threaded): number[][] => r.result.global.map((t) => [...new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)]);
    expect(bits(threaded)).toEqual(bits(inProcess));
  }, 120_000);

  it('refuses siteThreads without the socket transport', async () => {
    const model = buildModel(config, { seed: 1 });
    const initial = { config, tensors: getTensorSet(model), source: 'test' };
    model.dispose();

    await expect(runSimulation({ transport: 'memory', siteThreads: true, initial, sites, run: testRunOptions(dir) })).rejects.toThrow('siteThreads needs the socket transport');
  });

  it('names the site whose thread could not connect, and ends every thread it started', async () => {
    const init = { url: 'http://127.0.0.1:9', key: '00', heartbeatIntervalMs: 1000, limits: {}, minReportExamples: 1 };

    const err = await startThreadSites([{ ...init, site: sites[0] as SimSite }]).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^site a could not start in its thread: /);
  }, 60_000);
});
