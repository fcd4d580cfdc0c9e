/**
 * `npm run bench -- poisoning [--json]`: one poisoned site of three under four attacks; for each aggregator the
 * distance of the new global from the honest-only FedAvg aggregate, in median honest update norms (the baseline,
 * 1.0 = one honest step, measured in the same run), and the anomalies the default screen recorded.
 */
import { poisoningTable } from '../sim/poisoning.js';

const rows = poisoningTable();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows.map((r) => ({ ...r, anomalies: r.anomalies.map((a) => `${a.siteId}:${a.kind}`) })), null, 2)}\n`);
} else {
  const w = [18, 27, 12];
  process.stdout.write(`${'attack'.padEnd(w[0] as number)}${'aggregator'.padEnd(w[1] as number)}${'distance'.padStart(w[2] as number)}  anomalies named\n`);
  for (const r of rows) {
    const named = r.anomalies.map((a) => `${a.siteId}:${a.kind}`).join(', ') || '-';
    process.stdout.write(`${r.attack.padEnd(w[0] as number)}${r.aggregator.padEnd(w[1] as number)}${r.relDistance.toFixed(3).padStart(w[2] as number)}  ${named}\n`);
  }
  process.stdout.write('distance = ‖global − honest-only FedAvg‖ / median honest update norm (1.0 = one honest step)\n');
}
