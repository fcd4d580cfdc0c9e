import { describe, expect, it } from 'vitest';
import { AuthError, ProtocolError, TimeoutError, ValueError, StaleResultError } from '../../../shared/domain/errors.js';
import { pb } from '../../../shared/federation/serde-fields.js';
import {
  evaluateInsFromBytes,
  evaluateInsToBytes,
  evaluateResFromBytes,
  evaluateResToBytes,
  failureFromBytes,
  failureToBytes,
  fitInsFromBytes,
  fitInsToBytes,
  fitResFromBytes,
  fitResToBytes,
  heartbeatFromBytes,
  heartbeatToBytes,
  registerFromBytes,
  registerToBytes,
  runSpecFromBytes,
  runSpecToBytes,
  trunkFromBytes,
  trunkToBytes,
} from '../../../shared/federation/serde.js';
import { challengeResponseFromBytes, challengeResponseToBytes, chunkFromBytes, chunkToBytes, envelopeFromBytes, envelopeToBytes, errorFromBytes, errorToBytes, expectReply, helloFromBytes, helloToBytes, replyFromBytes, replyToBytes } from '../../../shared/federation/serde-control.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteRegistration } from '../../../shared/federation/types.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';

const HASH = 'ab'.repeat(32);

function tensors(): TensorSet {
  return [
    { name: 'block5_conv3/kernel', shape: [2, 3], data: Float32Array.from([0.5, -1, 2, 3.25, -0.125, 7]) },
    { name: 'head_output/bias', shape: [1], data: Float32Array.from([0.1]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
  ];
}

const fitIns: FitIns = {
  runId: 'run-1',
  round: 3,
  level: '+B5',
  trunkHash: HASH,
  tensors: tensors(),
  config: { localEpochs: 2, batchSize: 16, learningRate: 1e-4, proximalMu: 0.01, seed: 2 ** 40 + 7, optimizer: 'sgd' },
};
const fitRes: FitRes = { runId: 'run-1', round: 3, siteId: 'KM', numExamples: 91, tensors: tensors(), metrics: { trainLoss: 0.42, trainAccuracy: 0.9, trainSeconds: 12.5 } };
const evalIns: EvaluateIns = { runId: 'run-1', round: 3, level: 'FC', trunkHash: HASH, tensors: tensors(), split: 'val', threshold: 0.5, histogramBins: 20 };
const evalRes: EvaluateRes = {
  runId: 'run-1',
  round: 3,
  siteId: 'NIOSH',
  numExamples: 51,
  loss: 0.3,
  confusion: { tp: 20, fp: 3, tn: 20, fn: 8 },
  positiveHistogram: [0, 1, 2, 25],
  negativeHistogram: [19, 2, 1, 1],
  withheld: false,
};

/** Encodes a hand-built proto FitRes, for malformed-field cases the domain encoder would refuse. */
function rawFitRes(tensor: { name: string; dtype: number; shape: number[]; data: Uint8Array }): Uint8Array {
  return pb.FitRes.encode({ runId: 'r', round: 1, siteId: 'KM', numExamples: 1, tensors: { tensors: [tensor] }, metrics: { trainLoss: 1 } }).finish();
}

describe('serde round trips', () => {
  it('round-trips FitIns, FitRes, EvaluateIns, EvaluateRes exactly in float32', () => {
    expect(fitInsFromBytes(fitInsToBytes(fitIns, 'float32'))).toEqual(fitIns);
    expect(fitResFromBytes(fitResToBytes(fitRes, 'float32'))).toEqual(fitRes);
    expect(evaluateInsFromBytes(evaluateInsToBytes(evalIns, 'float32'))).toEqual(evalIns);
    expect(evaluateResFromBytes(evaluateResToBytes(evalRes))).toEqual(evalRes);
  });

  it('round-trips float16 tensors to the nearest half and halves the tensor bytes', () => {
    const f32 = fitResToBytes(fitRes, 'float32');
    const f16 = fitResToBytes(fitRes, 'float16');
    const back = fitResFromBytes(f16);
    expect(Array.from(back.tensors[0]?.data ?? [])).toEqual([0.5, -1, 2, 3.25, -0.125, 7]); // all exact in binary16
    expect(back.tensors[1]?.data[0]).toBeCloseTo(0.1, 3);
    expect(f32.length - f16.length).toBe(7 * 2); // 7 values × 2 bytes saved
  });

  it('omits an absent trainAccuracy rather than inventing 0', () => {
    const res: FitRes = { ...fitRes, metrics: { trainLoss: 1 } };
    expect(fitResFromBytes(fitResToBytes(res, 'float32')).metrics).toEqual({ trainLoss: 1 });
  });

  it('round-trips RunSpec, Trunk, Register, Heartbeat, Failure', () => {
    const spec: RunSpec = { runId: 'run-1', level: '+B1', modelConfigJson: '{"inputSize":32}', trunkHash: HASH };
    const terms = { updateDType: 'float16' as const, heartbeatTimeoutMs: 60_000, maxChunkBytes: 4 << 20, maxMessageBytes: 1 << 30 };
    expect(runSpecFromBytes(runSpecToBytes(spec, terms))).toEqual({ spec, terms });
    // A v1 RunSpec (no terms) is refused naming the missing field, not read as "no heartbeat timeout".
    const v1 = pb.RunSpec.encode({ runId: 'run-1', level: pb.Level.B1, modelConfigJson: '{}', trunkHash: HASH, updateDtype: pb.DType.FLOAT32 }).finish();
    expect(() => runSpecFromBytes(v1)).toThrow(/missing field runSpec.heartbeatTimeoutMs/);
    const trunk = { runId: 'run-1', trunkHash: HASH, tensors: tensors() };
    expect(trunkFromBytes(trunkToBytes(trunk))).toEqual(trunk);
    const reg: SiteRegistration = {
      siteId: 'NIHCC',
      protocolVersion: 1,
      capabilities: ['float16', 'backend:cpu'],
      counts: { train: { normal: 94, disease: 0 }, val: { normal: 5, disease: 0 }, test: { normal: 0, disease: 0 } },
    };
    expect(registerFromBytes(registerToBytes(reg))).toEqual(reg);
    const hb = { runId: 'run-1', round: 2, siteId: 'KM', progress: 0.25 };
    expect(heartbeatFromBytes(heartbeatToBytes(hb))).toEqual(hb);
    const failure = failureFromBytes(failureToBytes({ runId: 'run-1', round: 2, kind: 'fit', error: new ValueError('bad', { field: 'x' }) }));
    expect(failure.kind).toBe('fit');
    expect(failure.error).toBeInstanceOf(ValueError);
    expect((failure.error as ValueError).field).toBe('x');
  });

  it('round-trips the handshake, replies, errors, chunks and envelopes', () => {
    expect(helloFromBytes(helloToBytes({ siteId: 'KM', protocolVersion: 1 }))).toEqual({ siteId: 'KM', protocolVersion: 1 });
    const cr = { siteId: 'KM', siteNonce: new Uint8Array(32).fill(7), siteProof: new Uint8Array(32).fill(9) };
    expect(challengeResponseFromBytes(challengeResponseToBytes(cr))).toEqual(cr);
    const nonce = new Uint8Array(32).fill(3);
    expect(expectReply(replyToBytes({ kind: 'challenge', protocolVersion: 1, serverNonce: nonce }), 'challenge', 't').serverNonce).toEqual(nonce);
    expect(replyFromBytes(replyToBytes({ kind: 'prepare', hasTrunk: true }))).toEqual({ kind: 'prepare', hasTrunk: true });
    const proof = new Uint8Array(32).fill(5);
    expect(replyFromBytes(replyToBytes({ kind: 'serverProof', coordinatorProof: proof }))).toEqual({ kind: 'serverProof', coordinatorProof: proof });
    expect(() => replyFromBytes(replyToBytes({ kind: 'serverProof', coordinatorProof: new Uint8Array(31) }))).toThrow(/must hold 32 bytes/);
    expect(replyFromBytes(replyToBytes({ kind: 'ok' }))).toEqual({ kind: 'ok' });
    expect(errorFromBytes(errorToBytes(new AuthError('no')))).toBeInstanceOf(AuthError);
    expect(errorFromBytes(errorToBytes(new StaleResultError('old')))).toBeInstanceOf(StaleResultError);
    expect(errorFromBytes(errorToBytes(new TimeoutError('slow'))).message).toBe('peer: slow');
    const chunk = { transferId: 'abc', index: 1, count: 2, totalBytes: 10, sha256: new Uint8Array(32).fill(1), offset: 5, data: Uint8Array.from([1, 2, 3, 4, 5]) };
    const back = chunkFromBytes(chunkToBytes(chunk));
    expect({ ...back, sha256: Uint8Array.from(back.sha256), data: Uint8Array.from(back.data) }).toEqual(chunk);
    expect(envelopeFromBytes(envelopeToBytes({ transferId: 't1' }))).toEqual({ transferId: 't1' });
    expect(Uint8Array.from((envelopeFromBytes(envelopeToBytes({ inline: Uint8Array.from([4, 5]) })) as { inline: Uint8Array }).inline)).toEqual(Uint8Array.from([4, 5]));
  });

  it('throws the carried error from an error reply and a ProtocolError for the wrong kind', () => {
    expect(() => expectReply(replyToBytes({ kind: 'error', error: new AuthError('wrong key') }), 'ok', 't')).toThrow(AuthError);
    expect(() => expectReply(replyToBytes({ kind: 'ok' }), 'challenge', 'hello')).toThrow(/expected a challenge reply/);
  });
});

describe('serde rejects bad input with named fields', () => {
  it('turns malformed bytes into ProtocolError, never a crash', () => {
    const garbage = [Uint8Array.from([0xff, 0xff, 0xff]), Uint8Array.from([0x0a, 0x80]), Uint8Array.from([0x22, 0x05, 1])];
    for (const g of garbage) {
      for (const decode of [fitResFromBytes, fitInsFromBytes, evaluateResFromBytes, registerFromBytes, chunkFromBytes, replyFromBytes]) {
        expect(() => decode(g)).toThrow(ProtocolError);
      }
    }
    expect(() => fitResFromBytes('not bytes')).toThrow(/must be binary/);
  });

  it('reports a missing field (empty bytes decode to an empty message)', () => {
    expect(() => fitResFromBytes(new Uint8Array(0))).toThrow(ValueError);
    expect(() => fitInsFromBytes(new Uint8Array(0))).toThrow(/missing field fitIns.config/);
    try {
      fitResFromBytes(pb.FitRes.encode({ runId: 'r', round: 1, siteId: 'KM', metrics: { trainLoss: 1 } }).finish());
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValueError);
      expect((err as ValueError).field).toBe('fitRes.tensors');
    }
  });

  it('rejects data length ≠ product(shape) × bytes per value, naming the tensor', () => {
    const bytes = rawFitRes({ name: 'w', dtype: pb.DType.FLOAT32, shape: [3, 3], data: new Uint8Array(32) });
    expect(() => fitResFromBytes(bytes)).toThrow(/fitRes\.tensors\[0\]\(w\): 32 data bytes, expected 9 × 4/);
  });

  it('rejects an unsupported dtype and non-finite float32 values', () => {
    expect(() => fitResFromBytes(rawFitRes({ name: 'w', dtype: 0, shape: [1], data: new Uint8Array(4) }))).toThrow(/dtype/);
    const nan = new Uint8Array(Float32Array.from([1, Number.NaN]).buffer);
    expect(() => fitResFromBytes(rawFitRes({ name: 'w', dtype: pb.DType.FLOAT32, shape: [2], data: nan }))).toThrow(/non-finite value at index 1/);
    const inf16 = new Uint8Array(Uint16Array.from([0x7c00]).buffer); // +Inf in binary16
    expect(() => fitResFromBytes(rawFitRes({ name: 'w', dtype: pb.DType.FLOAT16, shape: [1], data: inf16 }))).toThrow(/non-finite/);
  });

  it('refuses to encode invalid domain values', () => {
    const bad: FitRes = { ...fitRes, tensors: [{ name: 'w', shape: [2, 2], data: new Float32Array(3) }] };
    expect(() => fitResToBytes(bad, 'float32')).toThrow(/3 values do not fill shape \[2,2\]/);
    const inf: FitRes = { ...fitRes, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([Infinity]) }] };
    expect(() => fitResToBytes(inf, 'float32')).toThrow(ValueError);
    const big: FitRes = { ...fitRes, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([1e6]) }] };
    expect(() => fitResToBytes(big, 'float16')).toThrow(/float16 range/);
    const dup: FitRes = { ...fitRes, tensors: [tensors()[1]!, tensors()[1]!] };
    expect(() => fitResToBytes(dup, 'float32')).toThrow(/duplicate tensor name/);
    expect(() => fitResToBytes({ ...fitRes, siteId: '../etc' }, 'float32')).toThrow(/not a valid site id/);
    expect(() => evaluateResToBytes({ ...evalRes, negativeHistogram: [1, 2] })).toThrow(/histograms differ/);
    expect(() => fitInsToBytes({ ...fitIns, trunkHash: 'nothex' }, 'float32')).toThrow(/SHA-256 hex/);
  });

  it('copies only schema fields: extra properties on a result never reach the bytes', () => {
    const leaky = { ...fitRes, fileNames: ['patient-0042.dcm'], metrics: { trainLoss: 1, rows: 'patient-0042.dcm' } } as FitRes;
    const bytes = Buffer.from(fitResToBytes(leaky, 'float32'));
    expect(bytes.includes(Buffer.from('patient-0042'))).toBe(false);
  });
});
