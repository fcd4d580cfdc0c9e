import { describe, expect, it } from 'vitest';
import { layoutMismatch, type NamedTensor, type TensorSet } from '../../../shared/domain/tensor-set.js';

const t = (name: string, shape: number[]): NamedTensor => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const expected: TensorSet = [t('fc/kernel', [2, 2]), t('fc/bias', [2])];

describe('layoutMismatch', () => {
  it('is null for the same names, order and shapes, whatever the values', () => {
    const actual = [{ ...t('fc/kernel', [2, 2]), data: Float32Array.from([1, 2, 3, 4]) }, t('fc/bias', [2])];

    expect(layoutMismatch(actual, expected)).toBeNull();
    expect(layoutMismatch([], [])).toBeNull();
  });

  it.each([
    ['one tensor missing', [expected[0]!], 1],
    ['one tensor extra', [...expected, t('extra', [1])], 3],
  ])('reports the counts when %s', (_label, actual, count) => {
    expect(layoutMismatch(actual, expected)).toEqual({ kind: 'count', actual: count, expected: 2 });
  });

  it('reports the first renamed tensor with both tensors', () => {
    const actual = [expected[0]!, t('x/bias', [2])];

    expect(layoutMismatch(actual, expected)).toEqual({ kind: 'name', index: 1, actual: actual[1], expected: expected[1] });
  });

  it('treats a swapped order as a name mismatch at the first position', () => {
    const swapped = [expected[1]!, expected[0]!];

    expect(layoutMismatch(swapped, expected)).toMatchObject({ kind: 'name', index: 0 });
  });

  it.each([
    ['other dims', [4, 1]],
    ['flattened (same size, fewer dims)', [4]],
    ['an extra trailing dim', [2, 2, 1]],
    ['a missing trailing dim', [2]],
  ])('reports a shape with %s', (_label, shape) => {
    const actual = [t('fc/kernel', shape), expected[1]!];

    expect(layoutMismatch(actual, expected)).toEqual({ kind: 'shape', index: 0, actual: actual[0], expected: expected[0] });
  });

  it('reports the first mismatch when several tensors differ', () => {
    const actual = [t('fc/kernel', [1, 4]), t('other/bias', [3])];

    expect(layoutMismatch(actual, expected)).toMatchObject({ kind: 'shape', index: 0 });
  });
});
