import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildLedger } from '../../coordinator/ledger-rebuild.js';
import { FederatedRun } from '../../coordinator/run.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { InMemoryProxy } from '../../sim/in-memory-proxy.js';
import { IntegrityError } from '../../shared/domain/errors.js';
import { hashTensorSet } from '../../shared/model/hash.js';
import { FakeSite, fakeConfig, fakeModel } from './fake-site.js';
import { testRunOptions } from './run-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-state-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const registry = (): SiteRegistry => {
  const r = new SiteRegistry();
  for (const s of [new FakeSite('a', 7, 0.3), new FakeSite('b', 13, 0.2)]) r.add(new InMemoryProxy(s), s.registration());
  return r;
};
const initial = { config: fakeConfig, tensors: fakeModel(), source: 'test' };

/** Three committed FedAdam rounds in `state`; returns the reference hash after 5 uninterrupted rounds. */
async function threeRounds(state: string, keep = 0): Promise<string> {
  const ref = await FederatedRun.create(testRunOptions(join(dir, 'ref'), { rounds: 5, runId: 'r', strategy: { name: 'fedadam' } }), initial, registry());
  const want = (await ref.execute()).globalHash;
  ref.close();
  const run = await FederatedRun.create(testRunOptions(state, { rounds: 3, runId: 'r', strategy: { name: 'fedadam' }, keepCheckpoints: keep }), initial, registry());
  await run.execute();
  run.close();
  return want;
}

describe('state that survives operators (issue 11, finding 5)', () => {
  it('resumes a state dir moved elsewhere (ledger paths are relative)', async () => {
    const want = await threeRounds(join(dir, 'a'));
    renameSync(join(dir, 'a'), join(dir, 'moved'));
    const run = await FederatedRun.resume(testRunOptions(join(dir, 'moved'), { rounds: 5 }), registry(), 'r');
    expect(run.startRound).toBe(4);
    expect((await run.execute()).globalHash).toBe(want);
    expect(run.ledger.checkpoints('r').every((c) => !c.dir.startsWith('/'))).toBe(true);
    run.close();
  });

  it('rebuilds a corrupt ledger from the checkpoints, bridging pruned rounds, and the run resumes bit-identically', async () => {
    const state = join(dir, 's');
    const want = await threeRounds(state, 2); // round 1's checkpoint is pruned
    writeFileSync(join(state, 'ledger.sqlite'), 'this is not a database');
    rmSync(join(state, 'ledger.sqlite-wal'), { force: true });
    const opts = testRunOptions(state, { rounds: 5, strategy: { name: 'fedadam' } });
    const r = await rebuildLedger(state, opts);
    expect(r.keptAside).toMatch(/ledger\.sqlite\.broken-/);
    expect(r.runs).toEqual([{ runId: 'r', lastRound: 3, checkpoints: 2, skipped: [] }]);
    const run = await FederatedRun.resume(opts, registry(), 'r');
    expect(run.startRound).toBe(4);
    expect(run.ledger.rounds('r').map((x) => [x.round, x.state, x.globalHash !== null])).toEqual([[1, 'committed', true], [2, 'committed', true], [3, 'committed', true]]);
    expect((await run.execute()).globalHash).toBe(want);
    run.close();
  });

  it('verifies every checkpoint on resume: a corrupt older one is reported, a corrupt last one refuses', async () => {
    const state = join(dir, 'v');
    await threeRounds(state);
    const ckDir = join(state, 'runs', 'r', 'checkpoints');
    const rounds = readdirSync(ckDir).filter((n) => n.startsWith('round-')).sort();
    const corrupt = (name: string): void => {
      const m = JSON.parse(readFileSync(join(ckDir, name, 'manifest.json'), 'utf8')) as { weightsFile: string };
      const p = join(ckDir, name, m.weightsFile);
      const b = readFileSync(p);
      b[b.length - 1] = (b[b.length - 1] as number) ^ 0xff;
      writeFileSync(p, b);
    };
    corrupt(rounds[0]!);
    const ok = await FederatedRun.resume(testRunOptions(state, { rounds: 3 }), registry(), 'r');
    expect(hashTensorSet(ok.currentGlobal())).toBe(ok.ledger.lastCommitted('r')!.globalHash);
    expect(ok.checkpointProblems).toEqual([expect.stringMatching(/^round 1: .*round-0001-.*fails its SHA-256 check/)]);
    ok.close();
    corrupt(rounds[2]!);
    await expect(FederatedRun.resume(testRunOptions(state, { rounds: 3 }), registry(), 'r')).rejects.toBeInstanceOf(IntegrityError);
  });
});
