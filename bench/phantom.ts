/**
 * Phantom benchmarks. Run: `node bin/run-ts.js bench/phantom.ts [speed] [n]` or `… separability [size] [n]`.
 * - speed (default): target ≥ 50 images/s at 224 px on one core. Prints wall-clock images/s and images per
 *   CPU-second (what one free core delivers; robust to a busy machine).
 * - separability: a difficulty proxy — linear ridge classifier on raw pixels, trained on KM, AUC on held-out KM
 *   (in-domain) and on NIHCC/NIOSH (cross-site). Not the VGG16 FC model: a floor for what a linear reader sees.
 */
import { availableParallelism, loadavg } from 'node:os';
import { phantomDataset, phantomSeed, renderPhantom, type Difficulty, type PhantomDisease } from '../shared/data/phantom.js';

const sites = ['KM', 'NIHCC', 'NIOSH'];

function rate(label: string, count: number, fn: (i: number) => void): number {
  for (let i = 0; i < 10; i++) fn(i); // warm-up: let V8 optimise the render loop
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < count; i++) fn(i);
  const wall = (count / (performance.now() - t0)) * 1000;
  const cpu = process.cpuUsage(c0);
  const perCpuSecond = count / ((cpu.user + cpu.system) / 1e6);
  process.stdout.write(`${label.padEnd(52)} ${wall.toFixed(1).padStart(7)} images/s wall, ${perCpuSecond.toFixed(1).padStart(7)} images per CPU-second\n`);
  return perCpuSecond;
}

function speed(n: number): void {
  process.stdout.write(`phantom speed: n=${n}, cores=${availableParallelism()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
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
}

function images(site: string, n: number, seed: number, size: number, difficulty: Difficulty, disease: PhantomDisease): { xs: Float64Array[]; ys: number[] } {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  for (const y of [0, 1] as const) {
    for (let i = 0; i < n; i++) {
      xs.push(Float64Array.from(renderPhantom({ site, label: y, size, seed: phantomSeed(seed, site, y, i), difficulty, disease }).gray, (v) => v / 255));
      ys.push(y);
    }
  }
  return { xs, ys };
}

/** Rank-based ROC AUC (ties are rare for continuous scores). */
function auc(scores: readonly number[], ys: readonly number[]): number {
  const order = scores.map((s, i) => ({ s, y: ys[i] ?? 0 })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  order.forEach((o, r) => {
    if (o.y === 1) {
      rankSum += r + 1;
      pos++;
    }
  });
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * (order.length - pos));
}

/** Solves A x = b by Gauss–Jordan with partial pivoting (A is small: n × n with n = training images). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m: Float64Array[] = a.map((row, i) => Float64Array.from([...row, b[i] ?? 0]));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[p]?.[c] ?? 0)) p = r;
    const tmp = m[c] as Float64Array;
    m[c] = m[p] as Float64Array;
    m[p] = tmp;
    const pivot = m[c] as Float64Array;
    for (let r = 0; r < n; r++) {
      const row = m[r] as Float64Array;
      const f = r === c ? 0 : (row[c] ?? 0) / (pivot[c] ?? 1);
      if (f !== 0) for (let k = c; k <= n; k++) row[k] = (row[k] ?? 0) - f * (pivot[k] ?? 0);
    }
  }
  return Float64Array.from(m, (row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] ?? 0) * (b[j] ?? 0);
  return s;
};

function separability(size: number, n: number): void {
  process.stdout.write(`phantom separability (SYNTHETIC): linear ridge on ${size}×${size} pixels, train KM ${n}+${n}, test 100+100 per site\n`);
  for (const disease of ['pneumoconiosis', 'pneumonia'] as const) {
    for (const difficulty of ['easy', 'default', 'hard'] as const) {
      const train = images('KM', n, 1, size, difficulty, disease);
      const d = train.xs[0]?.length ?? 0;
      const mean = new Float64Array(d);
      const sd = new Float64Array(d);
      for (const x of train.xs) x.forEach((v, j) => (mean[j] = (mean[j] ?? 0) + v / train.xs.length));
      for (const x of train.xs) x.forEach((v, j) => (sd[j] = (sd[j] ?? 0) + (v - (mean[j] ?? 0)) ** 2 / train.xs.length));
      const z = (x: Float64Array): Float64Array => Float64Array.from(x, (v, j) => (v - (mean[j] ?? 0)) / Math.sqrt((sd[j] ?? 0) + 1e-4));
      const zs = train.xs.map(z);
      // Kernel (dual) ridge: n×n instead of d×d; λ = d keeps the fit well-conditioned.
      const k = zs.map((a, i) => Float64Array.from(zs, (b, j) => dot(a, b) + (i === j ? d : 0)));
      const alpha = solve(k, Float64Array.from(train.ys, (y) => y - 0.5));
      const cells = sites.map((site) => {
        const test = images(site, 100, 2, size, difficulty, disease);
        const scores = test.xs.map((x) => {
          const zx = z(x);
          return zs.reduce((s, b, i) => s + (alpha[i] ?? 0) * dot(zx, b), 0);
        });
        return `${site} ${auc(scores, test.ys).toFixed(3)}`;
      });
      process.stdout.write(`${disease.padEnd(15)} ${difficulty.padEnd(8)} AUC ${cells.join('  ')}\n`);
    }
  }
}

// Flags such as --json from the bench dispatcher are ignored; positional args are optional.
const [mode = 'speed', a, b] = process.argv.slice(2).filter((x) => !x.startsWith('-'));
const num = (v: string | undefined, d: number): number => (v !== undefined && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : d);
if (mode === 'separability') separability(num(a, 32), num(b, 150));
else speed(mode === 'speed' ? num(a, 200) : num(mode, 200));
