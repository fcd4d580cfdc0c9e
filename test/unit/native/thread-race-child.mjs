// Child process of threads.test.ts: three worker threads load the fedcxr-native addon at ADDON_DIR and run
// matMuls of changing shapes at once (bf16 when the CPU has it: the conversions go through the scratch arenas),
// each checking its results against a plain loop. Prints the wrong results per worker as JSON. Without the
// addon's process-wide lock this process dies in malloc ("corrupted double linked list") or computes garbage.
import { argv, stdout } from 'node:process';
import { Worker } from 'node:worker_threads';

const [addonDir, precision, iters] = argv.slice(2);
const code = `
const { parentPort, workerData } = require('node:worker_threads');
const addon = require(workerData.addonDir);
addon.setPrecision(workerData.precision);
const { seed, iters } = workerData;
function values(n, s) {
  const a = new Float32Array(n);
  let x = s;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; a[i] = x / 2147483648 - 0.5; }
  return a;
}
let wrong = 0;
for (let it = 0; it < iters; it++) {
  const m = 32 + ((it * 7 + seed * 13) % 64), n = 48 + ((it * 5 + seed) % 80), k = 64 + ((it * 3 + seed * 5) % 96);
  const a = values(m * k, it + seed), b = values(k * n, it * 3 + seed), c = new Float32Array(m * n);
  addon.matMul(a, b, c, null, [1, 1, 1, m, n, k, 0, 0], false);
  let err = 0;
  for (let i = 0; i < m; i += 7) for (let j = 0; j < n; j += 5) {
    let s = 0;
    for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
    err = Math.max(err, Math.abs(s - c[i * n + j]));
  }
  if (err > 0.1) wrong++;
}
parentPort.postMessage(wrong);
`;
const wrong = await Promise.all(
  [1, 2, 3].map(
    (seed) =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { addonDir, seed, iters: Number(iters), precision: Number(precision) } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
  ),
);
stdout.write(`${JSON.stringify(wrong)}\n`);
