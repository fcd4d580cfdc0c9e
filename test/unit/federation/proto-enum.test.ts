import { describe, expect, it } from 'vitest';
import { ValueError } from '../../../shared/domain/errors.js';
import { protoEnum } from '../../../shared/federation/proto-enum.js';
import { DTYPE, LEVEL, SPLIT, TASK_KIND, pb } from '../../../shared/federation/serde-fields.js';

describe('protoEnum', () => {
  const COLOR = protoEnum<'red' | 'blue', number>('color', { red: 1, blue: 2 });

  it('maps both ways', () => {
    expect(COLOR.toProto('blue', 'x.color')).toBe(2);
    expect(COLOR.fromProto(1, 'x.color')).toBe('red');
  });

  it('rejects an unknown or missing number, naming the field and the allowed values', () => {
    expect(() => COLOR.fromProto(0, 'x.color')).toThrow(ValueError);
    expect(() => COLOR.fromProto(undefined, 'x.color')).toThrow('x.color: unknown or missing color undefined (one of red, blue)');
    expect(() => COLOR.toProto('green' as 'red', 'x.color')).toThrow('x.color: unknown color green (one of red, blue)');
  });

  it('covers every domain value of the wire enums, round trip', () => {
    for (const l of ['FC', '+B5', '+B4', '+B3', '+B2', '+B1'] as const) expect(LEVEL.fromProto(LEVEL.toProto(l, 'f'), 'f')).toBe(l);
    for (const d of ['float32', 'float16'] as const) expect(DTYPE.fromProto(DTYPE.toProto(d, 'f'), 'f')).toBe(d);
    for (const s of ['val', 'test'] as const) expect(SPLIT.fromProto(SPLIT.toProto(s, 'f'), 'f')).toBe(s);
    for (const k of ['fit', 'evaluate'] as const) expect(TASK_KIND.fromProto(TASK_KIND.toProto(k, 'f'), 'f')).toBe(k);
    expect(() => DTYPE.fromProto(pb.DType.DTYPE_UNSPECIFIED, 'f')).toThrow(/unknown or missing dtype/);
  });
});
