/** `fedcxr status --ledger FILE [--json]`: runs, rounds, participation and metrics from a coordinator's ledger. */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../../shared/domain/errors.js';
import { Ledger } from '../../coordinator/ledger.js';
import { fetchSummary, summaryLines } from '../output/dashboard-summary.js';

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
  /** Per round: the federation's metrics (`global`) and each site's (`sites[siteId]`), by metric name. */
  readonly metrics: Record<string, { global: Record<string, number | null>; sites: Record<string, Record<string, number | null>> }>;
  /** Committed rounds whose federated evaluation failed as a whole. */
  readonly evaluationFailures: ReturnType<Ledger['evaluationFailures']>;
  readonly failures: { round: number; siteId: string; role: string; status: string; reason: string | null }[];
}

/** Reads a run's status from the ledger (pure read). */
export function runStatus(l: Ledger, runId: string): RunStatus {
  const run = l.getRun(runId);
  if (!run) throw new ConfigError(`no run ${runId} in the ledger`);
  const last = l.lastCommitted(runId);
  const metrics: RunStatus['metrics'] = {};
  for (const m of l.metrics(runId)) {
    const r = (metrics[String(m.round)] ??= { global: {}, sites: {} });
    if (m.scope === 'global') r.global[m.name] = m.value;
    else (r.sites[m.siteId] ??= {})[m.name] = m.value;
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
    evaluationFailures: l.evaluationFailures(runId),
  };
}

/** Registers `fedcxr status`. */
export function register(program: Command): void {
  program
    .command('status')
    .description("show a coordinator ledger's runs, rounds and federated metrics, or a running coordinator's dashboard summary")
    .option('--ledger <file>', 'ledger.sqlite in the coordinator state dir')
    .option('--coordinator <url>', "a running coordinator's URL (its dashboard summary)")
    .option('--token-file <file>', 'dashboard token (needed off loopback; or set FEDCXR_DASHBOARD_TOKEN)')
    .option('--ca <file>', "PEM certificate to pin the coordinator's TLS certificate")
    .option('--run <id>', 'one run (default: all)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { ledger?: string; coordinator?: string; tokenFile?: string; ca?: string; run?: string; json?: boolean }) => {
      if ((flags.ledger === undefined) === (flags.coordinator === undefined)) throw new ConfigError('give exactly one of --ledger FILE, --coordinator URL');
      if (flags.coordinator !== undefined) {
        const token = flags.tokenFile ? readFileSync(flags.tokenFile, 'utf8').trim() : process.env.FEDCXR_DASHBOARD_TOKEN;
        const snap = await fetchSummary({ url: flags.coordinator, token, ca: flags.ca ? readFileSync(flags.ca, 'utf8') : undefined });
        process.stdout.write(flags.json ? `${JSON.stringify(snap, null, 2)}\n` : `${summaryLines(snap).join('\n')}\n`);
        return;
      }
      if (flags.ledger === undefined) return;
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
            if (Object.keys(g).length === 0) continue;
            const f = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));
            if (g.num_examples !== undefined) process.stdout.write(`  round ${round.padStart(3)}  sens ${f(g.sensitivity)}  spec ${f(g.specificity)}  acc ${f(g.accuracy)}  auc ${f(g.auc)}  n=${g.num_examples}\n`);
            if (g.dp_epsilon !== undefined) process.stdout.write(`  round ${round.padStart(3)}  privacy ε ${f(g.dp_epsilon)} at δ ${g.dp_delta ?? 'n/a'}\n`);
          }
          for (const x of s.failures) process.stdout.write(`  round ${x.round} ${x.siteId} ${x.role}: ${x.status}${x.reason ? ` — ${x.reason}` : ''}\n`);
          for (const x of s.evaluationFailures) process.stdout.write(`  round ${x.round} evaluation failed: ${x.reason}\n`);
        }
      } finally {
        l.close();
      }
    });
}
