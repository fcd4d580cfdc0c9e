/**
 * Patient-disjoint carving of several named subsets (sites, pretraining sets) from one pool of images:
 * each request takes whole patients no earlier request touched, so no patient is ever in two sites, or in a
 * site and a pretraining set. Pure and seeded.
 */
import { ConfigError } from '../shared/domain/errors.js';
import { carveBalanced, type CarveSpec, type Labelled, type Splits } from '../shared/data/split.js';

/** One named subset to carve: exact per-class image counts per split (train only for a plain site). */
export interface CarveRequest {
  readonly name: string;
  readonly spec: CarveSpec;
}

/**
 * Carves the requests in order from `items`; a patient used by one request (any of their images, either
 * class) is unavailable to every later one. Throws ConfigError naming the request (and carveBalanced's reason)
 * when a class runs out.
 * @example carveDisjoint(entries, [{ name: 'gz', spec: { train: { 0: 0, 1: 91 } } }], 7)
 */
export function carveDisjoint<T extends Labelled>(items: readonly T[], requests: readonly CarveRequest[], seed: number): Map<string, Splits<T>> {
  const used = new Set<string>();
  const out = new Map<string, Splits<T>>();
  requests.forEach((r, i) => {
    const free = items.filter((it) => !used.has(it.patient));
    let got: Splits<T>;
    try {
      got = carveBalanced(free, r.spec, seed * 101 + i);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const before = requests.slice(0, i).map((q) => q.name);
      throw new ConfigError(`carve ${r.name}${before.length > 0 ? `, from the patients ${before.join(', ')} left` : ''}: ${err.message}`, { cause: err });
    }
    for (const s of [got.train, got.val, got.test]) for (const it of s) used.add(it.patient);
    out.set(r.name, got);
  });
  return out;
}

/** Patients that appear in more than one of the named subsets (empty when they are disjoint). */
export function sharedPatients<T extends { readonly patient: string }>(subsets: ReadonlyMap<string, readonly T[]>): string[] {
  const owner = new Map<string, string>();
  const shared = new Set<string>();
  for (const [name, items] of subsets) {
    for (const it of items) {
      const prev = owner.get(it.patient);
      if (prev !== undefined && prev !== name) shared.add(it.patient);
      owner.set(it.patient, name);
    }
  }
  return [...shared].sort();
}

/** All items of a carve's splits in one list. */
export function allOf<T>(s: Splits<T>): T[] {
  return [...s.train, ...s.val, ...s.test];
}
