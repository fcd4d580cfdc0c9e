/**
 * `npm run bench -- privacy [--json]`: ε at δ = 1e-5 that dp-fedavg's RDP accountant reports for a few settings
 * (full participation, q = 1, as in the demo's three sites) and, as the baseline measured in the same run, the
 * Opacus reference case (q 0.04, σ 1.5, 2250 steps: Opacus reports 7.32911117143) as a ratio.
 */
import { gaussianEpsilon } from '../shared/federation/rdp-accountant.js';

const OPACUS = 7.32911117143;
const rows: { q: number; z: number; rounds: number; epsilon: number; order: number }[] = [];
for (const z of [0.5, 1.1, 2, 5]) for (const rounds of [6, 50]) rows.push({ q: 1, z, rounds, ...gaussianEpsilon(1, z, rounds, 1e-5) });
const ref = gaussianEpsilon(0.04, 1.5, 2250, 1e-5);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ delta: 1e-5, rows, opacus: { ours: ref.epsilon, published: OPACUS, ratio: ref.epsilon / OPACUS } })}\n`);
else {
  process.stdout.write('    q     z  rounds        ε (δ 1e-5)  order\n');
  for (const r of rows) process.stdout.write(`${r.q.toFixed(2).padStart(5)} ${r.z.toFixed(1).padStart(5)} ${String(r.rounds).padStart(7)} ${r.epsilon.toFixed(3).padStart(17)} ${String(r.order).padStart(6)}\n`);
  process.stdout.write(`Opacus reference (q 0.04, σ 1.5, 2250 steps): ours ${ref.epsilon.toFixed(4)} vs published ${OPACUS} → ×${(ref.epsilon / OPACUS).toFixed(5)} (integer orders only for q < 1: an upper bound)\n`);
}
