/**
 * Instructions by reference (protocol 3) and in-place decoding of instructions: FitIns/EvaluateIns carry either
 * tensors or a 32-byte `tensorsRef`, never both; the receiver resolves a reference from what it holds or refuses
 * it on the `…tensorsRef` field; a reassembled instruction decodes in place to what the copying decoder gives.
 */
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import type { TensorSet } from '../../../shared/domain/tensor-set.js';
import { sha256 } from '../../../shared/federation/chunks.js';
import { errorFromProto, errorToProto } from '../../../shared/federation/serde-control.js';
import { evaluateInsFromBytes, evaluateInsToBytes, fitInsFromBytes, fitInsToBytes } from '../../../shared/federation/serde.js';
import { HELD_TENSOR_SETS, HeldTensors, isTensorsRefRefusal } from '../../../shared/federation/tensors-ref.js';
import type { EvaluateIns, FitIns } from '../../../shared/federation/types.js';

const HASH = 'ab'.repeat(32);

/** Tensors of odd lengths, so their data start at unaligned offsets of the message. */
function tensors(offset = 0): TensorSet {
  return [7, 1, 13, 250].map((n, k) => ({ name: `block${k}_conv${'x'.repeat(k)}/kernel`, shape: [n], data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 3 + k) + offset) }));
}
const fit = (t: TensorSet): FitIns => ({ runId: 'run', round: 2, level: '+B5', trunkHash: HASH, tensors: t, config: { localEpochs: 1, batchSize: 4, learningRate: 0.01, proximalMu: 0, seed: 3, optimizer: 'adam' } });
const evaluate = (t: TensorSet): EvaluateIns => ({ runId: 'run', round: 1, level: '+B5', trunkHash: HASH, tensors: t, split: 'test', threshold: 0.5, histogramBins: 20 });

describe('instructions by reference', () => {
  it('round-trips a FitIns and an EvaluateIns that name held tensors instead of carrying them', () => {
    const global = tensors();
    const full = evaluateInsToBytes(evaluate(global), 'float32');
    const held = new HeldTensors();
    held.remember(sha256(full), evaluateInsFromBytes(full).tensors);

    const byRef = fitInsToBytes(fit(global), 'float32', sha256(full));
    const back = fitInsFromBytes(byRef, { held: (r, f) => held.resolve(r, f) });
    const ev = evaluateInsFromBytes(evaluateInsToBytes(evaluate(global), 'float32', sha256(full)), { held: (r, f) => held.resolve(r, f) });

    expect(byRef.length).toBeLessThan(200);
    expect(full.length).toBeGreaterThan(1000);
    expect(back).toEqual(fit(global));
    expect(ev).toEqual(evaluate(global));
  });

  it('refuses a reference it cannot resolve, on the tensorsRef field, and the refusal survives the wire', () => {
    const bytes = fitInsToBytes(fit(tensors()), 'float32', sha256(new Uint8Array([1, 2, 3])));
    const noResolver = (): unknown => fitInsFromBytes(bytes);
    const unknown = (): unknown => fitInsFromBytes(bytes, { held: (r, f) => new HeldTensors().resolve(r, f) });

    expect(noResolver).toThrow(ValueError);
    expect(noResolver).toThrow(/fitIns.tensorsRef refused: this receiver holds no referenced tensors/);
    expect(unknown).toThrow(/fitIns.tensorsRef names tensors [0-9a-f]{64} that this site does not hold \(held: 0\)/);
    let err: unknown;
    try {
      unknown();
    } catch (e) {
      err = e;
    }
    expect(isTensorsRefRefusal(err)).toBe(true);
    expect(isTensorsRefRefusal(errorFromProto(errorToProto(err)))).toBe(true);
    expect(isTensorsRefRefusal(new ValueError('other', { field: 'fitIns.tensors' }))).toBe(false);
  });

  it('refuses a reference that is not 32 bytes, at encode and at decode', () => {
    expect(() => fitInsToBytes(fit(tensors()), 'float32', new Uint8Array(31))).toThrow(/fitIns.tensorsRef must have 32 bytes, got 31/);
    expect(() => evaluateInsToBytes(evaluate(tensors()), 'float32', new Uint8Array(33))).toThrow(/evaluateIns.tensorsRef must have 32 bytes, got 33/);
  });

  it('holds the last two sets, the newest first, and forgets on clear', () => {
    const held = new HeldTensors();
    const sets = [0, 1, 2].map((k) => tensors(k));
    const keys = sets.map((_, k) => sha256(new Uint8Array([k])));
    sets.forEach((s, k) => held.remember(keys[k]!, s));

    expect(HELD_TENSOR_SETS).toBe(2);
    expect(held.size).toBe(2);
    expect(held.resolve(keys[2]!, 'f')).toBe(sets[2]);
    expect(held.resolve(keys[1]!, 'f')).toBe(sets[1]);
    expect(() => held.resolve(keys[0]!, 'fitIns.tensorsRef')).toThrow(ValueError);
    held.clear();
    expect(() => held.resolve(keys[2]!, 'f')).toThrow(/does not hold \(held: 0\)/);
  });
});

describe('held tensors moved away', () => {
  it('refuses a reference to a set whose data was transferred (detached), so the coordinator sends it in full', () => {
    const held = new HeldTensors();
    const set = tensors();
    const key = sha256(new Uint8Array([9]));
    held.remember(key, set);
    structuredClone(set[2]!.data.buffer, { transfer: [set[2]!.data.buffer as ArrayBuffer] }); // what postMessage with a transfer list does

    let err: unknown;
    try {
      held.resolve(key, 'fitIns.tensorsRef');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(/whose block2_convxx\/kernel this site no longer holds \(its data was moved\)/);
    expect(isTensorsRefRefusal(err)).toBe(true);
  });
});

describe('instructions decoded in place', () => {
  for (const dtype of ['float32', 'float16'] as const) {
    it(`decodes a reassembled ${dtype} FitIns and EvaluateIns to exactly what the copying decoder gives`, () => {
      const f = fitInsToBytes(fit(tensors()), dtype);
      const e = evaluateInsToBytes(evaluate(tensors()), dtype);

      expect(fitInsFromBytes(new Uint8Array(f), { adopt: true })).toEqual(fitInsFromBytes(new Uint8Array(f)));
      expect(evaluateInsFromBytes(new Uint8Array(e), { adopt: true })).toEqual(evaluateInsFromBytes(new Uint8Array(e)));
    });
  }

  it('views float32 tensors in the message buffer instead of copying them', () => {
    const owned = new Uint8Array(fitInsToBytes(fit(tensors()), 'float32'));
    const ins = fitInsFromBytes(owned, { adopt: true });
    for (const t of ins.tensors) {
      expect(t.data.buffer).toBe(owned.buffer);
      expect(t.data.byteOffset % 4).toBe(0);
    }
  });

  it('still refuses a non-finite value when decoding in place', () => {
    const t = tensors()[3]!;
    const wire = new Uint8Array(fitInsToBytes(fit(tensors()), 'float32'));
    // Overwrite tensor 3's value 5 with NaN on the wire.
    const at = Buffer.from(wire).indexOf(Buffer.from(t.data.buffer, t.data.byteOffset + 20, 8));
    expect(at).toBeGreaterThan(0);
    wire.set([0x00, 0x00, 0xc0, 0x7f], at);
    expect(() => fitInsFromBytes(wire, { adopt: true })).toThrow(/fitIns.tensors\[3\]\(block3_convxxx\/kernel\) holds a non-finite value at index 5/);
  });
});
