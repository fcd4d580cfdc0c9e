/**
 * Coordinator SIGKILL at random points (mid-fit, mid-aggregation, mid-checkpoint, mid-retry: the kill time is
 * uniform over the run), each run then resumed to the end: every run resumes, no committed round is lost or
 * repeated, and the final global is bit-identical to an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../coordinator/ledger.js';
import { FederatedRun } from '../../coordinator/run.js';
import { faultRegistry, faultRunOptions, initialModel } from './coordinator-fixture.js';
import { TRIALS } from './scale.js';

let dir: string;
let want: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-ckill-'));
  const ref = await FederatedRun.create(faultRunOptions(join(dir, 'ref')), initialModel(), faultRegistry(0));
  want = (await ref.execute()).globalHash;
  ref.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spawns the coordinator child and SIGKILLs it `ms` after its run appears in the ledger (or lets it finish). */
async function killAfter(state: string, ms: number): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/faults/coordinator-child.ts', state], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // Wait for the run to exist, so the kill lands inside it (process start-up time varies with load).
  for (let i = 0; i < 600 && !existsSync(join(state, 'ledger.sqlite')); i++) await new Promise((r) => setTimeout(r, 25));
  const timer = new Promise<'timer'>((r) => setTimeout(() => r('timer'), ms));
  const first = await Promise.race([exited, timer]);
  if (first !== 'timer') return 'finished';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

describe(`coordinator SIGKILL at random points × ${TRIALS}`, () => {
  it('resumes every killed run to the uninterrupted result', async () => {
    const summary = { trials: 0, killed: 0, resumed: 0, roundsLost: 0, unresumable: 0, committedAtKill: [] as number[], failedAttemptsAtKill: [] as number[] };
    for (let t = 0; t < TRIALS; t++) {
      const state = join(dir, `t${t}`);
      const outcome = await killAfter(state, Math.random() * 2000);
      summary.trials++;
      let committed = 0;
      let failed = 0;
      try {
        const l = Ledger.open(join(state, 'ledger.sqlite'), { readonly: true });
        committed = l.lastCommitted('k')?.round ?? 0;
        failed = l.rounds('k').filter((r) => r.state === 'failed').length;
        l.close();
      } catch {
        // killed before the ledger existed
      }
      if (outcome === 'killed') summary.killed++;
      summary.committedAtKill.push(committed);
      summary.failedAttemptsAtKill.push(failed);
      try {
        const opts = faultRunOptions(state);
        let exists = false;
        try {
          const l = Ledger.open(join(state, 'ledger.sqlite'), { readonly: true });
          exists = l.getRun('k') !== undefined;
          l.close();
        } catch {
          // no ledger yet
        }
        const run = exists ? await FederatedRun.resume(opts, faultRegistry(0.3), 'k') : await FederatedRun.create(opts, initialModel(), faultRegistry(0.3));
        const res = await run.execute();
        const rounds = run.ledger.rounds('k').filter((r) => r.state === 'committed').map((r) => r.round);
        run.close();
        if (res.status !== 'finished' || res.globalHash !== want) summary.unresumable++;
        else summary.resumed++;
        if (rounds.join() !== '1,2,3,4,5,6,7,8,9,10') summary.roundsLost++;
      } catch (err) {
        summary.unresumable++;
        process.stderr.write(`trial ${t}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
    process.stdout.write(`coordinator-kill: ${JSON.stringify(summary)}\n`);
    expect(summary.unresumable).toBe(0);
    expect(summary.roundsLost).toBe(0);
    expect(summary.resumed).toBe(TRIALS);
  }, 600_000);
});
