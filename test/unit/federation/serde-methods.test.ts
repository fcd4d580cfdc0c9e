import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { pb } from '../../../shared/federation/serde-fields.js';
import {
  evaluateInsFromBytes,
  evaluateInsToBytes,
  fitInsFromBytes,
  fitInsToBytes,
  registerFromBytes,
  registerToBytes,
  runSpecFromBytes,
  runSpecToBytes,
} from '../../../shared/federation/serde.js';
import type { EvaluateIns, FitIns, RunSpec, SiteRegistration } from '../../../shared/federation/types.js';

const HASH = 'cd'.repeat(32);
const tensors = [{ name: 'head_output/bias', shape: [1], data: Float32Array.from([0.25]) }];
const fitIns: FitIns = {
  runId: 'run-1',
  round: 2,
  level: '+B5',
  trunkHash: HASH,
  tensors,
  config: { localEpochs: 1, batchSize: 8, learningRate: 1e-3, proximalMu: 0, seed: 5, optimizer: 'adam', classWeights: { 0: 2, 1: 0.5 }, localTensors: ['head_output/bias'], logitAdjust: true },
};
const counts = { train: { normal: 0, disease: 9 }, val: { normal: 0, disease: 1 }, test: { normal: 0, disease: 2 } };

describe('serde of the label-skew fields', () => {
  it('round-trips class weights, local tensors and the logit adjustment in FitIns, local tensors in EvaluateIns', () => {
    expect(fitInsFromBytes(fitInsToBytes(fitIns, 'float32'))).toEqual(fitIns);
    const ev: EvaluateIns = { runId: 'run-1', round: 2, level: '+B5', trunkHash: HASH, tensors, split: 'test', threshold: 0.5, histogramBins: 20, localTensors: ['head_output/bias'] };
    expect(evaluateInsFromBytes(evaluateInsToBytes(ev, 'float32'))).toEqual(ev);
  });

  it('round-trips an intensity histogram in Register and a reference in RunSpec', () => {
    const reg: SiteRegistration = { siteId: 'gz', protocolVersion: 1, capabilities: [], counts, intensityHistogram: [3, 0, 7, 1] };
    expect(registerFromBytes(registerToBytes(reg))).toEqual(reg);
    const spec: RunSpec = { runId: 'run-1', level: 'FC', modelConfigJson: '{}', trunkHash: HASH, referenceHistogram: [0.25, 0.25, 0.5] };
    expect(runSpecFromBytes(runSpecToBytes(spec, { updateDType: 'float32', heartbeatTimeoutMs: 60_000, maxChunkBytes: 1 << 22, maxMessageBytes: 1 << 30 })).spec).toEqual(spec);
  });

  it('refuses a class weight ≤ 0 or only one of the two, naming the field', () => {
    const bad = { ...fitIns, config: { ...fitIns.config, classWeights: { 0: 0, 1: 1 } } };
    expect(() => fitInsToBytes(bad, 'float32')).toThrow(/fitIns.config.classWeights must be > 0/);
    const raw = pb.FitIns.encode({
      runId: 'r',
      round: 1,
      level: pb.Level.FC,
      trunkHash: HASH,
      tensors: { tensors: [] },
      config: { localEpochs: 1, batchSize: 1, learningRate: 0.1, proximalMu: 0, seed: 1, optimizer: pb.Optimizer.ADAM, classWeightNormal: 2 },
    }).finish();
    expect(() => fitInsFromBytes(raw)).toThrow(/give both class weights or neither/);
  });

  it('refuses duplicate local tensor names', () => {
    const bad = { ...fitIns, config: { ...fitIns.config, localTensors: ['a/b', 'a/b'] } };
    expect(() => fitInsToBytes(bad, 'float32')).toThrow(/duplicate tensor name/);
  });

  it('refuses a reference histogram that does not sum to 1 or has one bin, and fractional histogram counts', () => {
    const raw = pb.RunSpec.encode({ runId: 'r', level: pb.Level.FC, modelConfigJson: '{}', trunkHash: HASH, updateDtype: pb.DType.FLOAT32, referenceHistogram: [0.5, 0.4] }).finish();
    expect(() => runSpecFromBytes(raw)).toThrow(/runSpec.referenceHistogram must sum to 1/);
    const one = pb.RunSpec.encode({ runId: 'r', level: pb.Level.FC, modelConfigJson: '{}', trunkHash: HASH, updateDtype: pb.DType.FLOAT32, referenceHistogram: [1] }).finish();
    expect(() => runSpecFromBytes(one)).toThrow(ValueError);
    const reg: SiteRegistration = { siteId: 'gz', protocolVersion: 1, capabilities: [], counts, intensityHistogram: [1.5, 2] };
    expect(() => registerToBytes(reg)).toThrow(/register.intensityHistogram\[0\]/);
  });
});
