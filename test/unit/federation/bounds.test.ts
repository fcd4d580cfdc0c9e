import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../shared/domain/errors.js';
import { ByteBudget, Reassembler, splitIntoChunks } from '../../../shared/federation/chunks.js';
import { pb } from '../../../shared/federation/serde-fields.js';
import { evaluateResToBytes, fitResToBytes } from '../../../shared/federation/serde.js';
import { fitExpectation, scanEvaluateRes, scanFitRes } from '../../../shared/federation/wire-scan.js';
import { WireLimitError } from '../../../shared/domain/errors.js';
import { fitRes, set6 } from './helpers.js';

const limits = { chunkBytes: 1024, maxTransferBytes: 64 * 1024, maxConcurrentTransfers: 4, transferTimeoutMs: 1000 };
const announce = (bytes: number, id: string) => splitIntoChunks(new Uint8Array(bytes), 1024, id)[0]!;

describe('bounded reassembly', () => {
  it('asks the guard before allocating, and refuses what it refuses', () => {
    const seen: number[] = [];
    const r = new Reassembler(limits, Date.now, {
      admit: (n) => {
        seen.push(n);
        if (n > 2048) throw new WireLimitError(`upload of ${n} bytes refused: no fit is pending`);
      },
    });
    expect(() => r.accept(announce(60_000, 'a'))).toThrow(/no fit is pending/);
    expect(r.size).toBe(0);
    expect(r.accept(announce(1000, 'b'))).toBe(true);
    expect(seen).toEqual([60_000, 1000]);
  });

  it('bounds the bytes one peer holds across concurrent transfers', () => {
    const r = new Reassembler({ ...limits, maxHeldBytes: 40_000 });
    r.accept(announce(30_000, 'a'));
    expect(() => r.accept(announce(30_000, 'b'))).toThrow(/this peer's transfers would hold 60000 bytes, the limit is 40000/);
    expect(r.heldBytes).toBe(30_000);
  });

  it('shares one budget across peers and returns it when transfers end', () => {
    const budget = new ByteBudget(50_000);
    const a = new Reassembler(limits, Date.now, { budget });
    const b = new Reassembler(limits, Date.now, { budget });
    a.accept(announce(30_000, 'a1'));
    expect(() => b.accept(announce(30_000, 'b1'))).toThrow(/all peers' transfers would hold 60000 bytes, the limit is 50000/);
    expect(budget.held).toBe(30_000);
    a.clear();
    expect(budget.held).toBe(0);
    b.accept(announce(30_000, 'b2')); // a retry is a new transfer: 'b1' was refused, its later chunks stay refused
    expect(budget.held).toBe(30_000);
    // A transfer that fails verification gives its bytes back too
    const bad = { ...announce(1000, 'x'), sha256: new Uint8Array(32) };
    expect(() => b.accept(bad)).toThrow();
    expect(budget.held).toBe(30_000);
  });
});

describe('pre-decode scan', () => {
  const sent = set6([1, 2, 3, 4, 5, 6]);
  const exp = fitExpectation(sent);

  it('passes a well-formed answer (float32 and float16)', () => {
    expect(() => scanFitRes(fitResToBytes(fitRes('a', 3, sent), 'float32'), exp)).not.toThrow();
    expect(() => scanFitRes(fitResToBytes(fitRes('a', 3, sent), 'float16'), exp)).not.toThrow();
  });

  it('refuses amplification before decoding: many empty tensors, many dimensions, extra data, oversize', () => {
    const base = { runId: 'r', round: 1, siteId: 'a', numExamples: 3, metrics: { trainLoss: 1 } };
    const many = pb.FitRes.encode({ ...base, tensors: { tensors: Array.from({ length: 5000 }, () => ({ name: '' })) } }).finish();
    expect(() => scanFitRes(many, { ...exp, maxBytes: 1e9 })).toThrow(/more than the 2 tensors/);
    const dims = pb.FitRes.encode({ ...base, tensors: { tensors: [{ name: 'a/kernel', shape: Array.from({ length: 100 }, () => 1) }, { name: 'a/bias' }] } }).finish();
    expect(() => scanFitRes(dims, exp)).toThrow(/more than 8 dimensions/);
    const fat = pb.FitRes.encode({ ...base, tensors: { tensors: [{ name: 'a/kernel', data: new Uint8Array(64) }, { name: 'a/bias' }] } }).finish();
    expect(() => scanFitRes(fat, exp)).toThrow(/tensor data of 64 bytes exceeds the 24/);
    expect(() => scanFitRes(new Uint8Array(exp.maxBytes + 1), exp)).toThrow(WireLimitError);
    expect(() => scanFitRes(Uint8Array.from([0x2a, 0xff, 0xff, 0xff, 0x0f]), exp)).toThrow(ProtocolError);
  });

  it('bounds EvaluateRes histograms', () => {
    const ok = evaluateResToBytes({
      runId: 'r', round: 1, siteId: 'a', numExamples: 2, loss: 0.1, withheld: false,
      confusion: { tp: 1, fn: 0, tn: 1, fp: 0 }, positiveHistogram: [0, 1], negativeHistogram: [1, 0],
    });
    expect(() => scanEvaluateRes(ok)).not.toThrow();
    const big = pb.EvaluateRes.encode({ runId: 'r', positiveHistogram: Array.from({ length: 5000 }, () => 1) }).finish();
    expect(() => scanEvaluateRes(big)).toThrow(/more than 4096 bins/);
  });
});
