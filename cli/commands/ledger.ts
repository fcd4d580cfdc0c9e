/** `fedcxr ledger rebuild --config coordinator.yaml [--state-dir DIR] [--json]`: a lost or corrupt ledger rebuilt from checkpoints. */
import type { Command } from 'commander';
import { loadYamlConfig } from '../../shared/config/load.js';
import { CoordinatorConfigSchema } from '../../shared/config/coordinator.js';
import { toRunOptions } from '../../coordinator/config.js';
import { rebuildLedger } from '../../coordinator/ledger-rebuild.js';

/** Registers `fedcxr ledger`. */
export function register(program: Command): void {
  const ledger = program.command('ledger').description('maintain the coordinator ledger');
  ledger
    .command('rebuild')
    .description('rebuild ledger.sqlite from the run checkpoints in the state dir (the old file is kept aside)')
    .requiredOption('--config <file>', 'coordinator.yaml (strategy and seed of the runs, state dir)')
    .option('--state-dir <dir>', 'state dir (default: federation.stateDir of the config)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { config: string; stateDir?: string; json?: boolean }) => {
      const cfg = loadYamlConfig(CoordinatorConfigSchema, flags.config);
      const opts = toRunOptions(cfg.federation);
      const stateDir = flags.stateDir ?? opts.stateDir;
      const r = await rebuildLedger(stateDir, { ...opts, stateDir });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const lines = [`rebuilt ${r.ledgerPath}${r.keptAside ? ` (old ledger kept as ${r.keptAside})` : ''}`];
      for (const run of r.runs) {
        lines.push(`run ${run.runId}: ${run.lastRound} rounds, ${run.checkpoints} checkpoints verified; resume with --resume ${run.runId}`);
        for (const s of run.skipped) lines.push(`  skipped ${s}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
