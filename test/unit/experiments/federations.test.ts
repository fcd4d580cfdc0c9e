import { describe, expect, it } from 'vitest';
import { federations } from '../../../experiments/federated.js';
import { methodSpec } from '../../../experiments/methods.js';
import type { ExpSite } from '../../../experiments/sites.js';
import type { Sample } from '../../../shared/data/sample.js';

/** VGG input of a uniform gray film (BGR, ImageNet means subtracted): what the histogram of a site sees. */
const film = (gray: number, y: 0 | 1, patient: string): Sample => {
  const x = new Float32Array(4 * 4 * 3);
  for (let i = 0; i < 16; i++) {
    x[i * 3] = gray - 103.939;
    x[i * 3 + 1] = gray - 116.779;
    x[i * 3 + 2] = gray - 123.68;
  }
  return { x, y, patient };
};

const site = (id: string, role: ExpSite['role'], grays: readonly number[], y: (i: number) => 0 | 1): ExpSite => {
  const train = grays.map((g, i) => film(g, y(i), `${id}-${i}`));
  return { id, role, institution: id, data: { train, val: train.slice(0, 1), test: train.slice(0, 1) } } as unknown as ExpSite;
};

describe('federations', () => {
  // Two sites of dark films (one disease-only, one mixed) and one of bright films (normal-only).
  const gz = site('gz', 'disease-only', [40, 50, 60], () => 1);
  const mixed = site('mixed', 'mixed', [45, 55, 65, 50], (i) => (i % 2 ? 1 : 0));
  const nihcc = site('nihcc', 'normal-only', [200, 210, 220], () => 0);

  it('without clusters: one federation of every site, in site order', () => {
    expect(federations([gz, mixed, nihcc], null).map((g) => g.map((s) => s.id))).toEqual([['gz', 'mixed', 'nihcc']]);
  });

  it('clustered: the sites whose training films look alike federate together, from the histograms alone (labels play no part)', () => {
    expect(federations([gz, mixed, nihcc], 2).map((g) => g.map((s) => s.id))).toEqual([['gz', 'mixed'], ['nihcc']]);
    const flipped = site('gz', 'disease-only', [200, 205, 215], () => 1);
    expect(federations([flipped, mixed, nihcc], 2).map((g) => g.map((s) => s.id))).toEqual([['gz', 'nihcc'], ['mixed']]);
  });

  it("the 'clustered' method is FedAvg within each federation, with the config's number of clusters", () => {
    const s = methodSpec('clustered', { clusters: 3 });
    expect(s.strategy).toEqual({ name: 'fedavg' });
    expect(s.clusters).toBe(3);
    expect(methodSpec('clustered').clusters).toBe(2);
    expect(methodSpec('fedavg').clusters).toBeNull();
  });
});
