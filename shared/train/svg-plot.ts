/**
 * Minimal hand-written SVG line plots (ROC curves, per-epoch training curves) for reports: no
 * rendering dependency, the output is plain XML text.
 */
import type { RocPoint } from './metrics.js';

/** One line of a plot. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of `linePlotSvg`. */
export interface PlotOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Axis ranges; computed from the data when absent. @default data range */
  readonly xRange?: readonly [number, number];
  readonly yRange?: readonly [number, number];
  /** Draw the y = x diagonal (for ROC). @default false */
  readonly diagonal?: boolean;
  /** Extra line under the title (e.g. "synthetic data"). @default '' */
  readonly note?: string;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const W = 480;
const H = 400;
const M = { l: 60, r: 20, t: 50, b: 50 };

/** XML-escapes text. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

function range(values: number[], given: readonly [number, number] | undefined): [number, number] {
  if (given) return [given[0], given[1]];
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  return [lo, hi];
}

/** A line plot as an SVG document string. */
export function linePlotSvg(series: readonly Series[], opts: PlotOptions): string {
  const [x0, x1] = range(series.flatMap((s) => s.points.map((p) => p[0])), opts.xRange);
  const [y0, y1] = range(series.flatMap((s) => s.points.map((p) => p[1])), opts.yRange);
  const px = (x: number): number => M.l + ((x - x0) / (x1 - x0)) * (W - M.l - M.r);
  const py = (y: number): number => H - M.b - ((y - y0) / (y1 - y0)) * (H - M.t - M.b);
  const f = (v: number): string => v.toFixed(2);
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(opts.title)}</text>`,
  ];
  if (opts.note) out.push(`<text x="${W / 2}" y="36" text-anchor="middle" fill="#555">${escapeXml(opts.note)}</text>`);
  out.push(
    `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`,
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${escapeXml(opts.yLabel)}</text>`,
  );
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    out.push(`<text x="${f(px(xv))}" y="${H - M.b + 16}" text-anchor="middle">${+xv.toPrecision(3)}</text>`);
    out.push(`<text x="${M.l - 6}" y="${f(py(yv) + 4)}" text-anchor="end">${+yv.toPrecision(3)}</text>`);
  }
  if (opts.diagonal) {
    out.push(`<line x1="${f(px(x0))}" y1="${f(py(y0))}" x2="${f(px(x1))}" y2="${f(py(y1))}" stroke="#aaa" stroke-dasharray="4 4"/>`);
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? 'black';
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${f(px(p[0]))},${f(py(p[1]))}`).join(' ')}"/>`,
    );
    out.push(`<text x="${W - M.r - 8}" y="${M.t + 16 + 16 * i}" text-anchor="end" fill="${color}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}

/** An ROC curve (FPR on x, TPR on y, diagonal for chance) as an SVG document string. */
export function rocSvg(points: readonly RocPoint[], opts: { title: string; label?: string; note?: string }): string {
  return linePlotSvg([{ name: opts.label ?? 'ROC', points: points.map((p) => [p.fpr, p.tpr] as const) }], {
    title: opts.title,
    xLabel: 'false-positive rate (1 − specificity)',
    yLabel: 'true-positive rate (sensitivity)',
    xRange: [0, 1],
    yRange: [0, 1],
    diagonal: true,
    ...(opts.note ? { note: opts.note } : {}),
  });
}
