/**
 * The experiment report's bootstrap: `summarize` (replicates from drawn counts, `experiments/resample.ts`) against
 * the copying bootstrap it replaced (`bench/lib/copying-bootstrap.ts`), on rows shaped like `--preset real`'s
 * (three seeds of 100 test images, or of 400 for the held-out carve; scores with ties), 1000 replicates each,
 * interleaved row by row. Prints both times, their ratio, and whether every CI came out identical.
 * Run: `npm run bench -- bootstrap [--rows N] [--json]`.
 */
import { performance } from 'node:perf_hooks';
import { summarize } from '../experiments/stats.js';
import { seededRng } from '../shared/domain/random.js';
import { option } from './lib/args.js';
import { copyingBootstrap, type Group } from './lib/copying-bootstrap.js';

const rows = Number(option('rows', '24'));
const RESAMPLES = 1000;
const rand = seededRng(2026);

/** One seed's scores: half the images diseased, scores on a 0.001 grid (ties, as float32 sigmoids give). */
function group(n: number): Group {
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const scores = labels.map((y) => Math.round((0.25 * y + 0.75 * rand()) * 1000) / 1000);
  return { labels, scores, threshold: 0.5 };
}

let fast = 0;
let copying = 0;
let identical = true;
for (let r = 0; r < rows; r++) {
  const groups = [0, 1, 2].map(() => group(r % 4 === 3 ? 400 : 100));
  const t0 = performance.now();
  const s = summarize(groups, RESAMPLES, 1000 + r);
  const t1 = performance.now();
  const base = copyingBootstrap(groups, RESAMPLES, 1000 + r);
  const t2 = performance.now();
  fast += t1 - t0;
  copying += t2 - t1;
  const mine = [s.auc, s.sensitivity, s.specificity].map((e) => [e.lo, e.hi]);
  identical &&= JSON.stringify(mine) === JSON.stringify(base);
}
const result = { rows, resamples: RESAMPLES, fastSeconds: fast / 1000, copyingSeconds: copying / 1000, speedup: copying / fast, identical };
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
else
  process.stdout.write(
    `bootstrap of ${rows} report rows × ${RESAMPLES} replicates (3 groups each, 100 or 400 images): ` +
      `drawn counts ${result.fastSeconds.toFixed(2)} s vs copying ${result.copyingSeconds.toFixed(2)} s → ${result.speedup.toFixed(1)}× faster; CIs identical: ${identical ? 'yes' : 'NO'}\n`,
  );
if (!identical) process.exitCode = 1;
