import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_SITES, paperSites, runDemo } from '../../sim/demo.js';
import { initEngine } from '../../shared/engine/index.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-demo-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('fedcxr demo', () => {
  it("builds the paper's three institutions with their counts and label skew", () => {
    const sites = paperSites(32, 0.2, 7, 1);
    const count = (i: number, y: 0 | 1) => [...sites[i]!.data.train, ...sites[i]!.data.test].filter((s) => s.y === y).length;
    expect(sites.map((s) => s.id)).toEqual(['km', 'nihcc', 'niosh']);
    expect([0, 1, 2].map((i) => [count(i, 0), count(i, 1)])).toEqual(PAPER_SITES.map((s) => [s.nNormal, s.nDisease]));
    // NIOSH keeps a held-out test fold with both classes
    expect(new Set(sites[2]!.data.test.map((s) => s.y))).toEqual(new Set([0, 1]));
  });

  it('runs a federated round end to end (counts scaled to 1/4 for speed), says synthetic, and prints n/a for one-class sites', async () => {
    const lines: string[] = [];
    const r = await runDemo({
      inputSize: 32, rounds: 1, localEpochs: 1, level: 'FC', transport: 'memory', testFraction: 0.2, learningRate: 1e-3,
      batchSize: 16, seed: 7, stateDir: dir, localBaseline: false, scale: 0.25, minReportExamples: 2, log: (l) => lines.push(l),
    });
    const text = lines.join('\n');
    expect(r.synthetic).toBe(true);
    expect(text).toMatch(/SYNTHETIC/);
    expect(text).toMatch(/settings: input 32×32 px, level FC, 1 rounds × 1 local epoch\(s\), FedAvg, Adam lr 0\.001, batch 16, phantom difficulty 'moderate'/);
    // the start is named honestly: pretrained checkpoint, or an explicit RANDOM INIT notice
    expect(text).toMatch(r.start.pretrained ? /start: pneumonia-pretrained/ : /RANDOM INIT/);
    expect(r.rounds).toHaveLength(1);
    const km = r.rounds[0]!.sites.find((s) => s.scope === 'km')!;
    expect(km.specificity).toBeNull();
    expect(km.note).toMatch(/only one class/);
    expect(text).toMatch(/km .*spec +n\/a.*only one class/);
    // scale 0.25: km 23 → test 5, nihcc 24 → test 5, niosh 6 + 7 → test 1 + 1
    expect(r.rounds[0]!.global?.n).toBe(12);
    expect(r.pooled.map((p) => p.model)).toEqual(['start (round 0)', 'federated']);
    // the headline comparison is on the held-out NIOSH fold: here the federated model's NIOSH evaluation
    expect(r.nioshFold.map((p) => [p.model, p.metrics.n])).toEqual([['federated', 2]]);
    expect(text).toMatch(/held-out NIOSH test fold \(2 synthetic images/);
  }, 240_000);
});
