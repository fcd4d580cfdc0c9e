/**
 * The `fedcxr` command line. Each sub-command lives in `cli/commands/<name>.ts` and exports
 * `register(program)`; this file only assembles them and maps errors to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { errorMessage } from '../shared/domain/errors.js';
import { exitCodeFor, ExitCode } from './exit-codes.js';
import { commands } from './commands/index.js';
import { setupLogging, type LogFlags } from './output/terminal.js';

const program = new Command('fedcxr')
  .description('Federated learning for chest X-ray classification (research tool, not for clinical use)')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride()
  .option('--log-file <file>', 'structured (JSON) logs to this file (default on a terminal: <state dir>/fedcxr-<command>.log)')
  .option('--log-format <format>', "auto: human output on a terminal, JSON logs to the log file; json: JSON logs on stderr", 'auto')
  .hook('preAction', (root, action) => {
    const stateDir = (action.opts() as { stateDir?: unknown }).stateDir;
    setupLogging(root.opts<LogFlags>(), action.name(), typeof stateDir === 'string' ? stateDir : undefined, process.stderr.isTTY === true);
  });

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  } else {
    const name = err instanceof Error ? err.name : 'Error';
    process.stderr.write(`fedcxr: ${name}: ${errorMessage(err)}\n`);
    if (process.env.FEDCXR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = exitCodeFor(err);
  }
}
