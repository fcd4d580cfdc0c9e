import { describe, expect, it } from 'vitest';
import { ATTACKS, HOSTILE_SITE, poisoningTable } from '../../../sim/poisoning.js';

describe('one poisoned site of three (the demonstration table, npm run bench -- poisoning)', () => {
  const rows = poisoningTable();

  it('keeps the default strategy within 1.0 median honest update norm of the honest-only aggregate under every attack', () => {
    for (const attack of ATTACKS) {
      const d = rows.find((r) => r.attack === attack && r.aggregator === 'default (screened fedavg)')!;
      expect(d.relDistance, attack).toBeLessThan(1);
      expect(rows.find((r) => r.attack === attack && r.aggregator === 'default, unenrolled')!.relDistance, attack).toBeLessThan(1);
    }
  });

  it('is an attack plain FedAvg does not survive (the test can fail)', () => {
    const plain = (a: string) => rows.find((r) => r.attack === a && r.aggregator === 'fedavg (no screen)')!.relDistance;
    expect(plain('model-replacement')).toBeGreaterThan(100);
    expect(plain('scaled')).toBeGreaterThan(5);
    expect(plain('inflated-counts')).toBeGreaterThan(1);
  });

  it('names the hostile site, and only it, in the anomalies of every attack', () => {
    for (const attack of ATTACKS) {
      const d = rows.find((r) => r.attack === attack && r.aggregator === 'default (screened fedavg)')!;
      expect(d.anomalies.length, attack).toBeGreaterThan(0);
      expect(new Set(d.anomalies.map((a) => a.siteId))).toEqual(new Set([HOSTILE_SITE]));
    }
  });
});
