/**
 * Decoding a FitRes in place (`fitResFromBytes(bytes, { adopt: true })`, used by the coordinator for reassembled
 * results): the same tensors as the copying decoder, float32 ones viewed in the message's own buffer (no second
 * copy), every validation still applied.
 */
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import type { FitRes } from '../../../shared/federation/types.js';
import { fitResFromBytes, fitResToBytes } from '../../../shared/federation/serde.js';

/** Tensors of odd lengths and names, so their data fields start at unaligned offsets of the message. */
function result(): FitRes {
  const tensors = [7, 1, 13, 250, 3].map((n, k) => ({
    name: `block${k}_conv${'x'.repeat(k)}/kernel`,
    shape: [n],
    data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 7 + k) * 0.5),
  }));
  return { runId: 'run-1', round: 3, siteId: 'KM', numExamples: 11, tensors, metrics: { trainLoss: 0.25 } };
}

/** The encoded message copied into a fresh buffer of its own (as the Reassembler hands one over). */
function owned(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

describe('fitResFromBytes in place', () => {
  for (const dtype of ['float32', 'float16'] as const) {
    it(`decodes ${dtype} to exactly what the copying decoder gives`, () => {
      const bytes = fitResToBytes(result(), dtype);
      const copied = fitResFromBytes(owned(bytes));
      const adopted = fitResFromBytes(owned(bytes), { adopt: true });
      expect(adopted).toEqual(copied);
    });
  }

  it('views float32 tensors in the message buffer, 4-byte aligned, in disjoint regions', () => {
    const bytes = owned(fitResToBytes(result(), 'float32'));
    const res = fitResFromBytes(bytes, { adopt: true });
    let end = 0;
    for (const t of res.tensors) {
      expect(t.data.buffer).toBe(bytes.buffer);
      expect(t.data.byteOffset % 4).toBe(0);
      expect(t.data.byteOffset).toBeGreaterThanOrEqual(end);
      end = t.data.byteOffset + t.data.byteLength;
    }
    // Some data fields were unaligned on the wire, so the in-place move was exercised.
    const wire = Buffer.from(fitResToBytes(result(), 'float32'));
    const offsets = result().tensors.map((t) => wire.indexOf(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
    expect(offsets.some((o) => o % 4 !== 0)).toBe(true);
    expect(res.tensors).toEqual(fitResFromBytes(owned(wire)).tensors);
  });

  it('copies when the bytes are a view it was not given (e.g. inline frames), and without adopt', () => {
    const bytes = fitResToBytes(result(), 'float32');
    const frame = new Uint8Array(bytes.length + 3);
    frame.set(bytes, 3);
    const view = frame.subarray(3);
    const before = Uint8Array.from(frame);
    const res = fitResFromBytes(view);
    expect(res.tensors.every((t) => t.data.buffer !== frame.buffer)).toBe(true);
    expect(frame).toEqual(before); // untouched
  });

  it('still refuses a non-finite value', () => {
    const bad = result();
    const t = bad.tensors[3]!;
    const wire = owned(fitResToBytes(bad, 'float32'));
    // Find tensor 3's first value on the wire and overwrite it with NaN (0x7fc00000 little-endian).
    const needle = new Uint8Array(t.data.buffer, t.data.byteOffset, 8);
    const at = Buffer.from(wire).indexOf(Buffer.from(needle));
    expect(at).toBeGreaterThan(0);
    wire.set([0x00, 0x00, 0xc0, 0x7f], at);
    // Each decode gets its own copy: an in-place decode consumes the buffer it is given.
    expect(() => fitResFromBytes(owned(wire), { adopt: true })).toThrow(ValueError);
    expect(() => fitResFromBytes(owned(wire), { adopt: true })).toThrow(/fitRes.tensors\[3\]\(block3_convxxx\/kernel\) holds a non-finite value at index 0/);
  });
});
