/** Turns validated config files into the coordinator's runtime options (the only seconds → ms conversion). */
import type { FederationConfig } from '../shared/config/federation.js';
import type { RunOptions } from './run.js';

/** Converts the file's settings into the run loop's options (seconds → ms). */
export function toRunOptions(c: FederationConfig): RunOptions {
  return {
    runId: c.runId,
    stateDir: c.stateDir,
    level: c.level,
    rounds: c.rounds,
    strategy: c.strategy,
    fit: { localEpochs: c.localEpochs, batchSize: c.batchSize, learningRate: c.learningRate, seed: c.seed, optimizer: c.optimizer },
    seed: c.seed,
    fraction: c.fraction,
    minFitSites: c.minFitSites,
    minAvailableSites: c.minAvailableSites,
    threshold: c.threshold,
    histogramBins: c.histogramBins,
    fitDeadlineMs: c.roundDeadlineSeconds * 1000,
    evaluateDeadlineMs: c.evaluateDeadlineSeconds * 1000,
    prepareDeadlineMs: c.prepareDeadlineSeconds * 1000,
    waitForSitesMs: c.waitForSitesSeconds * 1000,
    evaluateEvery: c.evaluateEvery,
    maxRoundAttempts: c.maxRoundAttempts,
    retryBackoffMs: c.retryBackoffSeconds * 1000,
    retryBackoffMaxMs: c.retryBackoffMaxSeconds * 1000,
    maxUpdateNorm: c.maxUpdateNorm,
    robust: c.robust,
    keepCheckpoints: c.keepCheckpoints,
    harmonise: c.harmonise,
  };
}
