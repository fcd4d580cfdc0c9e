/**
 * `fedcxr simulate --config sim.yaml`: a coordinator and N sites on this machine over real socket.io on
 * loopback (or `--transport memory`), each site fed by phantoms or a manifest. Same loop as production.
 */
import type { Command } from 'commander';
import { initEngine, isBackendName } from '../../shared/engine/index.js';
import { ConfigError } from '../../shared/domain/errors.js';
import { loadYamlConfig } from '../../shared/config/load.js';
import { SimConfigSchema } from '../../shared/config/sim.js';
import { toRunOptions } from '../../coordinator/config.js';
import { siteMethodOptions } from '../../shared/config/site.js';
import { loadInitialModel } from '../../coordinator/initial-model.js';
import { roundLines, globalMetrics } from '../../coordinator/report.js';
import { runSimulation, type SimSite } from '../../sim/simulation.js';
import { loadSiteData } from '../../site-client/data.js';
import { TerminalProgress } from '../output/progress.js';
import { CoordinatorOps } from '../../coordinator/ops.js';

/** Options of `fedcxr simulate`. */
interface SimulateFlags {
  config: string;
  transport?: string;
  rounds?: string;
  stateDir?: string;
  backend?: string;
  threads?: string;
  json?: boolean;
}

/** Registers `fedcxr simulate`. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('run a coordinator and N sites on this machine (socket.io on loopback, or in memory)')
    .requiredOption('--config <file>', 'sim.yaml')
    .option('--transport <kind>', 'socket | memory (overrides the file)')
    .option('--rounds <n>', 'number of rounds (overrides the file)')
    .option('--state-dir <dir>', 'ledger and checkpoints directory (overrides the file)')
    .option('--backend <name>', 'tfjs backend (default: best available)')
    .option('--threads <n>', 'threads for wasm/native')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: SimulateFlags) => {
      const cfg = loadYamlConfig(SimConfigSchema, flags.config);
      const transport = flags.transport ?? cfg.transport;
      if (transport !== 'socket' && transport !== 'memory') throw new ConfigError(`--transport must be socket or memory, got ${transport}`);
      if (flags.backend !== undefined && !isBackendName(flags.backend)) throw new ConfigError(`unknown backend ${flags.backend}`);
      const engine = await initEngine({
        ...(flags.backend ? { backend: flags.backend } : {}),
        ...(flags.threads ? { threads: Number(flags.threads) } : {}),
      });
      const fed = {
        ...cfg.federation,
        ...(flags.rounds ? { rounds: Number(flags.rounds) } : {}),
        ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
      };
      const sizes = new Set(cfg.sites.map((s) => s.data.inputSize));
      if (sizes.size !== 1) throw new ConfigError(`all simulated sites must use one input size, got ${[...sizes].join(', ')}`);
      const inputSize = [...sizes][0] as number;
      const out = flags.json ? process.stderr : process.stdout;
      const { model, fellBack, reason } = await loadInitialModel(fed.model, { inputSize });
      if (fellBack) out.write(`warning: starting from random init (${reason ?? ''})\n`);
      const sites: SimSite[] = await Promise.all(
        cfg.sites.map(async (s) => ({ id: s.id, data: await loadSiteData(s.id, s.data), caps: s.caps, options: siteMethodOptions(s.methods) })),
      );
      out.write(`simulate: ${sites.length} sites, ${transport} transport, ${engine.backend} backend, input ${inputSize} px, level ${fed.level}, ${fed.rounds} rounds, start ${model.source}\n`);
      const sim = await runSimulation({
        run: toRunOptions(fed),
        initial: model,
        sites,
        transport,
        wireDType: cfg.wireDType,
        minReportExamples: cfg.minReportExamples,
        onRound: (o) => out.write(`${roundLines(o).join('\n')}\n`),
        observer: new TerminalProgress(fed.rounds),
        // Over socket.io the coordinator serves its dashboard and /metrics on loopback while the run lasts.
        ...(transport === 'socket' ? { ops: new CoordinatorOps(), onListening: (url: string) => out.write(`dashboard ${url}/  metrics ${url}/metrics\n`) } : {}),
      });
      const r = sim.result;
      const last = r.outcomes.filter((o) => o.evaluation).at(-1)?.evaluation;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ runId: r.runId, status: r.status, reason: r.reason, lastRound: r.lastRound, globalHash: r.globalHash, ledger: sim.ledgerPath, transport, backend: engine.backend, inputSize, global: last ? globalMetrics(last) : null, traffic: Object.fromEntries(sim.traffic) }, null, 2)}\n`,
        );
      } else {
        out.write(`run ${r.runId}: ${r.status}${r.reason ? ` — ${r.reason}` : ''}; ${r.lastRound} rounds committed; global ${r.globalHash.slice(0, 16)}; ledger ${sim.ledgerPath}\n`);
      }
      if (r.status !== 'finished') process.exitCode = 1;
    });
}
