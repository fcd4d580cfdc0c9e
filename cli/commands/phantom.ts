/**
 * `fedcxr phantom`: writes SYNTHETIC chest-X-ray-like phantoms (PNGs + manifest.csv) for one site, for tests,
 * simulations and the demo. Output is marked synthetic everywhere; it is not patient data.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError } from '../../shared/domain/errors.js';
import { writePhantoms, type WritePhantomsResult } from '../../shared/data/phantom-write.js';
import type { Difficulty, PhantomDisease } from '../../shared/data/phantom.js';

/** Parsed `fedcxr phantom` options. */
interface PhantomCliOptions {
  site: string;
  nNormal: number;
  nDisease: number;
  out: string;
  size: number;
  seed: number;
  difficulty: string;
  disease: string;
  json?: boolean;
}

const count = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};

/** Validated generator settings from CLI strings. */
export function parsePhantomOptions(o: PhantomCliOptions): { difficulty: Difficulty; disease: PhantomDisease } {
  if (!['easy', 'default', 'hard'].includes(o.difficulty)) throw new ConfigError(`--difficulty must be easy, default or hard, got "${o.difficulty}"`);
  if (!['pneumoconiosis', 'pneumonia'].includes(o.disease)) throw new ConfigError(`--disease must be pneumoconiosis or pneumonia, got "${o.disease}"`);
  if (!Number.isInteger(o.size) || o.size < 8 || o.size > 2048) throw new ConfigError(`--size must be an integer in [8, 2048], got ${o.size}`);
  if (!Number.isSafeInteger(o.seed)) throw new ConfigError(`--seed must be an integer, got ${o.seed}`);
  return { difficulty: o.difficulty as Difficulty, disease: o.disease as PhantomDisease };
}

function formatResult(o: PhantomCliOptions, r: WritePhantomsResult, seconds: number): string {
  const n = o.nNormal + o.nDisease;
  const lines = [
    `SYNTHETIC phantoms (not patient data) for site ${o.site}: ${o.nNormal} normal + ${o.nDisease} ${o.disease}, ${o.size}×${o.size}, difficulty ${o.difficulty}, seed ${o.seed}`,
    ...(['train', 'val', 'test'] as const).map((s) => `  ${s.padEnd(5)} ${r.counts[s][0]} normal, ${r.counts[s][1]} ${o.disease}`),
    `manifest: ${r.manifest}`,
    `${n} images in ${seconds.toFixed(1)} s (${(n / Math.max(seconds, 1e-9)).toFixed(0)} images/s incl. PNG encoding)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Registers `fedcxr phantom`. */
export function register(program: Command): void {
  program
    .command('phantom')
    .description('write SYNTHETIC chest-X-ray-like phantom images + manifest.csv for one site (test bed, not patient data)')
    .requiredOption('--site <name>', 'institution whose acquisition style to imitate: KM | NIHCC | NIOSH | any name')
    .requiredOption('--n-normal <n>', 'number of normal images', count('--n-normal'))
    .requiredOption('--n-disease <n>', 'number of diseased images', count('--n-disease'))
    .requiredOption('--out <dir>', 'output directory (class folders + manifest.csv + phantom.json)')
    .option('--size <px>', 'image side in pixels', (v) => Number(v), 224)
    .option('--seed <n>', 'random seed', (v) => Number(v), 0)
    .option('--difficulty <level>', 'easy | default | hard', 'default')
    .option('--disease <name>', 'pneumoconiosis | pneumonia', 'pneumoconiosis')
    .option('--json', 'print the result as JSON')
    .action(async (o: PhantomCliOptions) => {
      const { difficulty, disease } = parsePhantomOptions(o);
      const total = o.nNormal + o.nDisease;
      const bar = process.stderr.isTTY && !o.json ? new cliProgress.SingleBar({ stream: process.stderr, format: 'phantoms [{bar}] {value}/{total}' }, cliProgress.Presets.shades_classic) : undefined;
      bar?.start(total, 0);
      const t0 = performance.now();
      const result = await writePhantoms({
        out: o.out, site: o.site, nNormal: o.nNormal, nDisease: o.nDisease, size: o.size, seed: o.seed, difficulty, disease,
        onProgress: (done) => bar?.update(done),
      });
      bar?.stop();
      const seconds = (performance.now() - t0) / 1000;
      process.stdout.write(o.json ? `${JSON.stringify({ synthetic: true, site: o.site, ...result, seconds })}\n` : formatResult(o, result, seconds));
    });
}
