import { describe, expect, it } from 'vitest';
import { BROADCASTS_KEPT, BroadcastBytes } from '../../../coordinator/broadcast-bytes.js';
import { evaluateInsFromBytes, evaluateInsToBytes, fitInsFromBytes, fitInsToBytes, trunkFromBytes, trunkToBytes } from '../../../shared/federation/serde.js';
import type { EvaluateIns, FitIns } from '../../../shared/federation/types.js';
import { set6 } from '../federation/helpers.js';

const HASH = 'a'.repeat(64);
const config = { localEpochs: 1, batchSize: 8, learningRate: 0.01, proximalMu: 0, seed: 7, optimizer: 'adam' as const };
const fitIns = (round: number, tensors = set6([1, 2, 3, 4, 5, 6]), seed = 7): FitIns => ({ runId: 'run', round, level: '+B5', trunkHash: HASH, tensors, config: { ...config, seed } });

describe('BroadcastBytes: one encoding per broadcast', () => {
  it('encodes the instruction every sampled site gets once, with the bytes the plain encoder makes', () => {
    // Prepare: three sites' FitIns — separate objects, same global tensors and header (what configureFit builds)
    const global = set6([0.5, -1, 2, 3e-8, 7, 0]);
    const perSite = ['km', 'nihcc', 'niosh'].map(() => fitIns(3, global));
    const cache = new BroadcastBytes();
    // Execute
    const bytes = perSite.map((ins) => cache.fitIns(ins, 'float32'));
    // Assert
    expect(cache.hits).toBe(2);
    expect(bytes[1]).toBe(bytes[0]);
    expect(Buffer.from(bytes[0] as Uint8Array).equals(Buffer.from(fitInsToBytes(perSite[0] as FitIns, 'float32')))).toBe(true);
    expect(fitInsFromBytes(bytes[2]).tensors).toEqual(global);
  });

  it('encodes the trunk every site lacking it gets once, per run and trunk hash', () => {
    const frozen = set6([1, 2, 3, 4, 5, 6]);
    const cache = new BroadcastBytes();
    const trunk = { runId: 'run', trunkHash: HASH, tensors: frozen };

    const a = cache.trunk(trunk);
    const b = cache.trunk({ ...trunk });
    const other = cache.trunk({ ...trunk, runId: 'run-2' });

    expect(b).toBe(a);
    expect(other).not.toBe(a);
    expect(Buffer.from(a).equals(Buffer.from(trunkToBytes(trunk)))).toBe(true);
    expect(trunkFromBytes(new Uint8Array(a), { adopt: true })).toEqual(trunkFromBytes(a));
  });

  it('never serves one message for another: other round, config, dtype, kind or tensor set means a new encoding', () => {
    const global = set6([1, 2, 3, 4, 5, 6]);
    const cache = new BroadcastBytes();
    const a = cache.fitIns(fitIns(1, global), 'float32');
    const decoded = [cache.fitIns(fitIns(2, global), 'float32'), cache.fitIns(fitIns(1, global, 8), 'float32')].map((b) => fitInsFromBytes(b));
    expect(decoded.map((d) => [d.round, d.config.seed])).toEqual([[2, 7], [1, 8]]);
    expect(cache.fitIns(fitIns(1, global), 'float16')).not.toBe(a);
    expect(cache.fitIns(fitIns(1, set6([1, 2, 3, 4, 5, 6])), 'float32')).not.toBe(a); // equal values, another set
    const ev: EvaluateIns = { runId: 'run', round: 1, level: '+B5', trunkHash: HASH, tensors: global, split: 'test', threshold: 0.5, histogramBins: 20 };
    const e = cache.evaluateIns(ev, 'float32');
    expect(evaluateInsFromBytes(e).split).toBe('test');
    expect(Buffer.from(e).equals(Buffer.from(evaluateInsToBytes(ev, 'float32')))).toBe(true);
    expect(cache.hits).toBe(0);
  });

  it(`keeps only the last ${BROADCASTS_KEPT} encodings (memory stays bounded however long old globals live)`, () => {
    const cache = new BroadcastBytes();
    const sets = [1, 2, 3].map((r) => [r, set6([r, r, r, r, r, r])] as const);
    const first = sets.map(([r, s]) => cache.fitIns(fitIns(r, s), 'float32'));
    expect(cache.fitIns(fitIns(3, sets[2]?.[1]), 'float32')).toBe(first[2]);
    expect(cache.fitIns(fitIns(1, sets[0]?.[1]), 'float32')).not.toBe(first[0]);
  });
});
