import { describe, expect, it } from 'vitest';
import { hashTensorSet } from '../../../shared/model/hash.js';

describe('hashTensorSet (the trunk hash of docs/protocol.md)', () => {
  it('matches the published test vector', () => {
    expect(hashTensorSet([{ name: 'w/kernel', shape: [2, 1], data: Float32Array.from([1, -0.5]) }])).toBe(
      '482502b750f4bed28d9fa0e1acfab8e6b93fe89a380a70631facd836c0f272c9',
    );
  });

  it('changes with the order, a name, a shape or a value', () => {
    const a = { name: 'a', shape: [2], data: Float32Array.from([1, 2]) };
    const b = { name: 'b', shape: [1], data: Float32Array.from([3]) };
    const h = hashTensorSet([a, b]);
    expect(hashTensorSet([b, a])).not.toBe(h);
    expect(hashTensorSet([{ ...a, name: 'c' }, b])).not.toBe(h);
    expect(hashTensorSet([{ ...a, shape: [2, 1] }, b])).not.toBe(h);
    expect(hashTensorSet([a, { ...b, data: Float32Array.from([3.5]) }])).not.toBe(h);
  });
});
