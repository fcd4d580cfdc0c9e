import { describe, expect, it } from 'vitest';
import { aggregateProbes, aggregateRows, pairedDifference, type StoredCell } from '../../../experiments/aggregate.js';
import { mulberry32 } from '../../../shared/domain/random.js';

/** A federated cell of `seed`: two models scored on the mixed site, with scores that rank imperfectly. */
const cell = (seed: number): StoredCell => {
  const r = mulberry32(seed);
  const labels = Array.from({ length: 24 }, (_, i) => i % 2);
  const scores = (lift: number) => labels.map((y) => r.next() + lift * y);
  return {
    key: `federated/random/study/s${seed}/fedavg`,
    meta: { section: 'federated', init: 'random', size: 'study', seed, method: 'fedavg' },
    result: {
      evals: [
        { model: 'fedavg', evalOn: 'mixed', labels, scores: scores(0.3), threshold: 0.6 },
        { model: 'mixed alone', evalOn: 'mixed', labels, scores: scores(0.1), threshold: 0.5 },
      ],
      probes: [{ model: 'fedavg', institutionAuc: 0.5 + seed / 10, shortcutReliance: seed / 7 }],
      seconds: 1,
    },
  };
};

describe('aggregation does not depend on the order cells finished in', () => {
  const cells = [1, 2, 3].map(cell);
  const orders = [cells, [cells[2]!, cells[0]!, cells[1]!], [cells[1]!, cells[2]!, cells[0]!]];
  it('gives every row the same CIs and spreads, whichever cell came first (a resumed run, --report-only)', () => {
    const byKey = (cs: StoredCell[]) => Object.fromEntries(aggregateRows(cs, 200).map((r) => [`${r.model}|${r.evalOn}`, r]));
    const first = byKey(orders[0]!);
    for (const o of orders.slice(1)) expect(byKey(o)).toEqual(first);
    expect(first['fedavg|mixed']!.auc.lo).not.toBeNull();
  });
  it('gives the same paired difference and probe means', () => {
    const paired = orders.map((o) => pairedDifference(o, 'random', 'study', 'fedavg', 'mixed alone', 'mixed', 200));
    expect(paired[1]).toEqual(paired[0]);
    expect(paired[2]).toEqual(paired[0]);
    const probes = orders.map((o) => aggregateProbes(o));
    expect(probes[1]).toEqual(probes[0]);
    expect(probes[2]).toEqual(probes[0]);
  });
});
