/**
 * `fedcxr demo`: the paper's three institutions (KM, NIHCC, NIOSH) as synthetic phantom sites, federated
 * at +B5 from the pneumonia-pretrained VGG16 against local-only training. A few minutes on 2 CPU cores.
 */
import type { Command } from 'commander';
import { initEngine, isBackendName } from '../../shared/engine/index.js';
import { ConfigError } from '../../shared/domain/errors.js';
import type { Difficulty } from '../../shared/data/phantom.js';
import { runDemo } from '../../sim/demo.js';
import { TerminalProgress } from '../output/progress.js';
import { isUnfreezeLevel } from '../../shared/domain/levels.js';

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'moderate', 'default', 'hard'];
const isDifficulty = (v: string): v is Difficulty => (DIFFICULTIES as readonly string[]).includes(v);

/** Registers `fedcxr demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('federated demo on synthetic phantoms of the paper\'s three institutions (KM, NIHCC, NIOSH)')
    .option('--input-size <px>', 'image side in pixels', '64')
    .option('--rounds <n>', 'federated rounds', '6')
    .option('--local-epochs <n>', 'local epochs per round', '2')
    .option('--level <level>', 'unfreeze level', '+B5')
    .option('--transport <kind>', 'memory | socket (real socket.io on loopback)', 'memory')
    .option('--lr <rate>', 'local learning rate (Adam)', '3e-4')
    .option('--difficulty <preset>', 'phantom difficulty: easy | moderate | default | hard', 'moderate')
    .option('--seed <n>', 'seed of phantoms, sampling, init, shuffling and dropout masks', '7')
    .option('--state-dir <dir>', 'ledger and checkpoints (default: a new temp dir)')
    .option('--no-local-baseline', 'skip the local-only comparison')
    .option('--backend <name>', 'tfjs backend (default: best available)')
    .option('--threads <n>', 'threads for wasm/native')
    .option('--json', 'print the full result as JSON on stdout (progress goes to stderr)')
    .action(async (f: Record<string, string | boolean | undefined>) => {
      const num = (k: string): number => {
        const v = Number(f[k]);
        if (!Number.isFinite(v) || v <= 0) throw new ConfigError(`--${k} must be a positive number, got ${String(f[k])}`);
        return v;
      };
      const level = String(f.level);
      if (!isUnfreezeLevel(level)) throw new ConfigError(`--level must be one of FC, +B5 … +B1, got ${level}`);
      const transport = String(f.transport);
      if (transport !== 'memory' && transport !== 'socket') throw new ConfigError(`--transport must be memory or socket`);
      const difficulty = String(f.difficulty);
      if (!isDifficulty(difficulty)) throw new ConfigError(`--difficulty must be easy, moderate, default or hard, got ${difficulty}`);
      const backend = f.backend === undefined ? undefined : String(f.backend);
      if (backend !== undefined && !isBackendName(backend)) throw new ConfigError(`unknown backend ${backend}`);
      const engine = await initEngine({ ...(backend ? { backend } : {}), ...(f.threads ? { threads: num('threads') } : {}) });
      const out = f.json ? process.stderr : process.stdout;
      out.write(`engine: ${engine.backend} (${engine.threads} thread${engine.threads === 1 ? '' : 's'})\n`);
      const result = await runDemo({
        inputSize: num('inputSize'),
        rounds: num('rounds'),
        localEpochs: num('localEpochs'),
        level,
        difficulty,
        transport,
        testFraction: 0.2,
        learningRate: num('lr'),
        batchSize: 16,
        seed: Math.floor(num('seed')),
        ...(f.stateDir ? { stateDir: String(f.stateDir) } : {}),
        localBaseline: f.localBaseline !== false,
        log: (line) => out.write(`${line}\n`),
        observer: new TerminalProgress(num('rounds')),
      });
      if (f.json) process.stdout.write(`${JSON.stringify({ ...result, engine: engine.backend }, null, 2)}\n`);
    });
}
