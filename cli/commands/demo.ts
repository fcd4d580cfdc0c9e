/**
 * `fedcxr demo`: by default real X-rays — the embedded sample in data/demo/ (Guangzhou pneumonia only, NIH
 * normals only, Guangzhou both classes), one federated method against each site alone and pooled, per site,
 * with CIs. `--synthetic`: the paper's three institutions as phantom sites (KM, NIHCC, NIOSH), federated at
 * +B5 against local-only training. `--write-sample DIR` regenerates the sample from ../shared/data.
 */
import type { Command } from 'commander';
import { initEngine, isBackendName } from '../../shared/engine/index.js';
import { ConfigError } from '../../shared/domain/errors.js';
import type { Difficulty } from '../../shared/data/phantom.js';
import { runDemo } from '../../sim/demo.js';
import { TerminalProgress } from '../output/progress.js';
import { METHOD_NAMES, type MethodName } from '../../experiments/config.js';
import { writeDemoSample } from '../../experiments/demo-sample.js';
import { DEMO_INITS, runRealDemo, type DemoInit } from '../../experiments/demo-real.js';
import { isUnfreezeLevel } from '../../shared/domain/levels.js';

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'moderate', 'default', 'hard'];
const isDifficulty = (v: string): v is Difficulty => (DIFFICULTIES as readonly string[]).includes(v);

/** Registers `fedcxr demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('federated demo on real X-rays (embedded sample: Guangzhou pneumonia-only, NIH normals-only, Guangzhou mixed); --synthetic for the paper\'s phantom institutions')
    .option('--synthetic', 'the paper\'s three institutions as synthetic phantoms instead of the real sample')
    .option('--sample <dir>', 'the real sample folder', 'data/demo')
    .option('--method <name>', `federated method on the real sample: ${METHOD_NAMES.join(' | ')}`, 'fedadam')
    .option('--init <name>', `starting model on the real sample: ${DEMO_INITS.join(' | ')} (the pneumonia checkpoint already solves its task)`, 'related')
    .option('--write-sample <dir>', 'regenerate the real sample from ../shared/data into DIR and exit')
    .option('--input-size <px>', 'image side in pixels', '64')
    .option('--rounds <n>', 'federated rounds (real: 10, synthetic: 6)')
    .option('--local-epochs <n>', 'local epochs per round (real: 1, synthetic: 2)')
    .option('--level <level>', 'unfreeze level', '+B5')
    .option('--transport <kind>', 'memory | socket (real socket.io on loopback)', 'memory')
    .option('--lr <rate>', 'learning rate (Adam; real: the centralised arms and fine-tuning)', '3e-4')
    .option('--server-lr <rate>', 'real sample, --method fedadam: the server learning rate η', '1e-3')
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
      if (f.writeSample) {
        const counts = await writeDemoSample(String(f.writeSample));
        out.write(`wrote ${JSON.stringify(counts)} images to ${String(f.writeSample)}\n`);
        return;
      }
      out.write(`engine: ${engine.backend} (${engine.threads} thread${engine.threads === 1 ? '' : 's'})\n`);
      if (!f.synthetic) {
        const method = String(f.method);
        if (!(METHOD_NAMES as readonly string[]).includes(method)) throw new ConfigError(`--method must be one of ${METHOD_NAMES.join(', ')}, got ${method}`);
        const init = String(f.init);
        if (!(DEMO_INITS as readonly string[]).includes(init)) throw new ConfigError(`--init must be one of ${DEMO_INITS.join(', ')}, got ${init}`);
        out.write('fedcxr demo — REAL chest X-rays (Kermany et al. 2018, CC BY 4.0; NIH ChestX-ray14, NIH Clinical Center); research tool, not for clinical use\n');
        const r = await runRealDemo({
          sampleDir: String(f.sample),
          method: method as MethodName,
          init: init as DemoInit,
          level,
          learningRate: num('lr'),
          serverRate: num('serverLr'),
          rounds: f.rounds === undefined ? 10 : num('rounds'),
          localEpochs: f.localEpochs === undefined ? 1 : num('localEpochs'),
          seed: Math.floor(num('seed')),
          log: (line) => out.write(`${line}\n`),
        });
        if (f.json) process.stdout.write(`${JSON.stringify({ ...r, engine: engine.backend }, null, 2)}\n`);
        return;
      }
      const rounds = f.rounds === undefined ? 6 : num('rounds');
      const result = await runDemo({
        inputSize: num('inputSize'),
        rounds,
        localEpochs: f.localEpochs === undefined ? 2 : num('localEpochs'),
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
        observer: new TerminalProgress(rounds),
      });
      if (f.json) process.stdout.write(`${JSON.stringify({ ...result, engine: engine.backend }, null, 2)}\n`);
    });
}
