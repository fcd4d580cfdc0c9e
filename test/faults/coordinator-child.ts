/**
 * A coordinator process for the SIGKILL trials: creates run 'k' (or resumes it when the ledger has it) over three
 * in-memory sites, one of which fails ~30% of its fits so rounds are retried (minFitSites 3: a round commits only
 * with all three, so the committed globals are deterministic). Usage: run-ts coordinator-child.ts STATE_DIR
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger } from '../../coordinator/ledger.js';
import { FederatedRun } from '../../coordinator/run.js';
import { faultRegistry, faultRunOptions, initialModel } from './coordinator-fixture.js';

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: coordinator-child.ts STATE_DIR');
const ledgerPath = join(stateDir, 'ledger.sqlite');
let exists = false;
if (existsSync(ledgerPath)) {
  const l = Ledger.open(ledgerPath);
  exists = l.getRun('k') !== undefined;
  l.close();
}
const opts = faultRunOptions(stateDir);
const run = exists ? await FederatedRun.resume(opts, faultRegistry(0.3), 'k') : await FederatedRun.create(opts, initialModel(), faultRegistry(0.3));
await run.execute();
run.close();
