/**
 * Benchmark dispatcher: `npm run bench -- <name> [args]` runs `bench/<name>.ts` in its own process (tfjs backends
 * and peak memory are per process); with no name it runs every bench in turn. Extra args (e.g. `--json`) pass through.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const runTs = join(here, '..', 'bin', 'run-ts.js');

/** Bench names: every `bench/*.ts` except this dispatcher and helper processes (`*-worker.ts`). */
function available(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts') && !f.endsWith('-worker.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

const [first, ...rest] = process.argv.slice(2);
const names = available();
const selected = first === undefined || first.startsWith('-') ? names : [first];
const args = first === undefined || first.startsWith('-') ? process.argv.slice(2) : rest;
if (first === '--help' || first === '-h') {
  process.stdout.write(`usage: npm run bench -- [${names.join('|')}] [args...]\n`);
  process.exit(0);
}

let failed = 0;
for (const name of selected) {
  if (!names.includes(name)) {
    process.stderr.write(`unknown bench '${name}'; available: ${names.join(', ')}\n`);
    process.exit(2);
  }
  if (selected.length > 1) process.stderr.write(`\n== bench ${name} ==\n`);
  const res = spawnSync(process.execPath, [runTs, join(here, `${name}.ts`), ...args], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed += 1;
    process.stderr.write(`bench ${name} failed (exit ${res.status ?? res.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
