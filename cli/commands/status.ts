/** `fedcxr status --ledger FILE [--json]`: runs, rounds, participation and metrics from a coordinator's ledger. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ConfigError } from '../../shared/domain/errors.js';
import { Ledger } from '../../coordinator/ledger.js';

/** Everything `status --json` prints for one run. */
export interface RunStatus {
  readonly runId: string;
  readonly status: string;
  readonly reason: string | null;
  readonly level: string;
  readonly strategy: string;
  readonly createdAt: string;
  readonly lastCommittedRound: number;
  readonly globalHash: string | null;
  readonly rounds: ReturnType<Ledger['rounds']>;
  readonly metrics: Record<string, Record<string, Record<string, number | null>>>;
  readonly failures: { round: number; siteId: string; role: string; status: string; reason: string | null }[];
}

/** Reads a run's status from the ledger (pure read). */
export function runStatus(l: Ledger, runId: string): RunStatus {
  const run = l.getRun(runId);
  if (!run) throw new ConfigError(`no run ${runId} in the ledger`);
  const last = l.lastCommitted(runId);
  const metrics: RunStatus['metrics'] = {};
  for (const m of l.metrics(runId)) {
    const r = (metrics[String(m.round)] ??= {});
    (r[m.scope] ??= {})[m.name] = m.value;
  }
  return {
    runId,
    status: run.status,
    reason: run.reason,
    level: run.level,
    strategy: run.strategy,
    createdAt: run.createdAt,
    lastCommittedRound: last?.round ?? 0,
    globalHash: last?.globalHash ?? null,
    rounds: l.rounds(runId),
    metrics,
    failures: l.participation(runId).filter((p) => p.status !== 'ok'),
  };
}

/** Registers `fedcxr status`. */
export function register(program: Command): void {
  program
    .command('status')
    .description("show a coordinator ledger's runs, rounds and federated metrics")
    .requiredOption('--ledger <file>', 'ledger.sqlite in the coordinator state dir')
    .option('--run <id>', 'one run (default: all)')
    .option('--json', 'machine-readable output')
    .action((flags: { ledger: string; run?: string; json?: boolean }) => {
      if (!existsSync(flags.ledger)) throw new ConfigError(`no ledger at ${flags.ledger}`);
      const l = Ledger.open(flags.ledger, { readonly: true });
      try {
        const ids = flags.run ? [flags.run] : l.listRuns().map((r) => r.runId);
        const all = ids.map((id) => runStatus(l, id));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ schemaVersion: l.schemaVersion(), runs: all }, null, 2)}\n`);
          return;
        }
        if (all.length === 0) process.stdout.write('no runs\n');
        for (const s of all) {
          process.stdout.write(`${s.runId}  ${s.status}${s.reason ? ` (${s.reason})` : ''}  level ${s.level}  ${s.strategy}  committed ${s.lastCommittedRound} rounds  ${s.globalHash?.slice(0, 16) ?? ''}\n`);
          for (const [round, scopes] of Object.entries(s.metrics)) {
            const g = scopes.global;
            const p = scopes.privacy;
            const f = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));
            if (g) process.stdout.write(`  round ${round.padStart(3)}  sens ${f(g.sensitivity)}  spec ${f(g.specificity)}  acc ${f(g.accuracy)}  auc ${f(g.auc)}  n=${g.num_examples ?? 0}\n`);
            if (p) process.stdout.write(`  round ${round.padStart(3)}  privacy ε ${f(p.epsilon)} at δ ${p.delta ?? 'n/a'}\n`);
          }
          for (const x of s.failures) process.stdout.write(`  round ${x.round} ${x.siteId} ${x.role}: ${x.status}${x.reason ? ` — ${x.reason}` : ''}\n`);
        }
      } finally {
        l.close();
      }
    });
}
