/** RunOptions for fast round-loop tests. */
import type { RunOptions } from '../../coordinator/run.js';

/** Small deadlines, three rounds, FedAvg at +B5. */
export function testRunOptions(stateDir: string, over: Partial<RunOptions> = {}): RunOptions {
  return {
    stateDir,
    level: '+B5',
    rounds: 3,
    strategy: { name: 'fedavg' },
    fit: { localEpochs: 1, batchSize: 4, learningRate: 0.01, seed: 1, optimizer: 'adam' },
    seed: 42,
    fraction: 1,
    minFitSites: 2,
    minAvailableSites: 2,
    threshold: 0.5,
    histogramBins: 20,
    fitDeadlineMs: 2_000,
    evaluateDeadlineMs: 2_000,
    prepareDeadlineMs: 2_000,
    waitForSitesMs: 50,
    evaluateEvery: 1,
    maxRoundAttempts: 2,
    maxUpdateNorm: 100,
    keepCheckpoints: 0,
    ...over,
  };
}
