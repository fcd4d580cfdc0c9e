/**
 * Phantom generation speed (target ≥ 50 images/s at 224 px, one thread). Run: `node bin/run-ts.js bench/phantom.ts [n]`.
 * Prints wall-clock images/s and images per CPU-second (one free core; robust to a busy machine) for rendering only, for rendering + VGG preprocessing (phantomDataset), and at 64 px.
 */
import { availableParallelism, loadavg } from 'node:os';
import { phantomDataset, renderPhantom } from '../shared/data/phantom.js';

const n = Number(process.argv[2] ?? 200);
const sites = ['KM', 'NIHCC', 'NIOSH'];

function rate(label: string, count: number, fn: (i: number) => void): number {
  for (let i = 0; i < 10; i++) fn(i); // warm-up: let V8 optimise the render loop
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < count; i++) fn(i);
  const wall = (count / (performance.now() - t0)) * 1000;
  const cpu = process.cpuUsage(c0);
  // Per CPU-second of this process: what one free core delivers, independent of other load on the machine.
  const perCpuSecond = count / ((cpu.user + cpu.system) / 1e6);
  process.stdout.write(`${label.padEnd(52)} ${wall.toFixed(1).padStart(7)} images/s wall, ${perCpuSecond.toFixed(1).padStart(7)} images per CPU-second\n`);
  return perCpuSecond;
}

process.stdout.write(`phantom bench: n=${n}, cores=${availableParallelism()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
const r224 = rate('renderPhantom 224 px (default difficulty)', n, (i) => {
  renderPhantom({ site: sites[i % 3] ?? 'KM', label: (i % 2) as 0 | 1, seed: i, size: 224 });
});
rate('phantomDataset 224 px (render + VGG norm)', n, (i) => {
  phantomDataset({ site: sites[i % 3] ?? 'KM', nNormal: 1, nDisease: 0, inputSize: 224, seed: i });
});
rate('renderPhantom 64 px (rendered at 128, downsampled)', n, (i) => {
  renderPhantom({ site: sites[i % 3] ?? 'KM', label: (i % 2) as 0 | 1, seed: i, size: 64 });
});
process.stdout.write(`target ≥ 50 images/s at 224 px on one free core: ${r224 >= 50 ? 'met' : 'NOT met'} (${r224.toFixed(1)} per CPU-second)\n`);
