/**
 * One helper for every proto enum the wire carries: a domain string union ⇄ proto enum number, in a
 * validated pair (Temporal's retry-policy style). Each enum's pairs are written once, as a record.
 */
import { ValueError } from '../domain/errors.js';

/** A two-way, validated map between a domain value and its proto enum number. */
export interface ProtoEnum<D extends string, P extends number> {
  /** Domain value → proto number; ValueError for a value outside the union. */
  toProto(value: D, field: string): P;
  /** Proto number → domain value; ValueError naming `field` for an unknown or missing number. */
  fromProto(value: P | null | undefined, field: string): D;
}

/**
 * Builds the pair of conversions for one enum; `what` names it in errors.
 * @example const SPLIT = protoEnum('split', { val: pb.Split.VAL, test: pb.Split.TEST });
 */
export function protoEnum<D extends string, P extends number>(what: string, pairs: Readonly<Record<D, P>>): ProtoEnum<D, P> {
  const entries = Object.entries(pairs) as [D, P][];
  const names = entries.map(([d]) => d).join(', ');
  return {
    toProto(value, field) {
      const hit = entries.find(([d]) => d === value);
      if (!hit) throw new ValueError(`${field}: unknown ${what} ${String(value)} (one of ${names})`, { field });
      return hit[1];
    },
    fromProto(value, field) {
      const hit = entries.find(([, p]) => p === value);
      if (!hit) throw new ValueError(`${field}: unknown or missing ${what} ${String(value)} (one of ${names})`, { field });
      return hit[0];
    },
  };
}
