// Plain-SVG plots for the dashboard (no library, no CDN): line plots with 95 % CI bands and points,
// a ROC curve, and a bar chart. Each function redraws its <svg> from scratch.
const NS = 'http://www.w3.org/2000/svg';
const W = 360;
const H = 220;
const M = { l: 40, r: 10, t: 10, b: 28 };
export const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00'];

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent.appendChild(e);
  return e;
}

function text(parent, x, y, s, anchor = 'middle') {
  const t = el('text', { x, y, 'text-anchor': anchor }, parent);
  t.textContent = s;
  return t;
}

function frame(svg, xMin, xMax, yMin, yMax, yTicks) {
  svg.replaceChildren();
  const sx = (x) => M.l + ((x - xMin) / (xMax - xMin || 1)) * (W - M.l - M.r);
  const sy = (y) => H - M.b - ((y - yMin) / (yMax - yMin || 1)) * (H - M.t - M.b);
  el('line', { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b, stroke: '#8c959f' }, svg);
  el('line', { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b, stroke: '#8c959f' }, svg);
  for (const y of yTicks) {
    el('line', { x1: M.l - 3, y1: sy(y), x2: W - M.r, y2: sy(y), stroke: '#eaeef2' }, svg);
    text(svg, M.l - 5, sy(y) + 3, y.toFixed(y < 10 && y % 1 ? 1 : 0), 'end');
  }
  return { sx, sy };
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / p) * p;
}

/**
 * Line plot over rounds. series: [{name, points: [{x, y, lo?, hi?}]}]; y in [0, yMax] (yMax auto when null).
 * Draws CI bands as vertical whiskers. Adds data-points attribute with the number of points drawn.
 */
export function linePlot(svg, series, yMax = null) {
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const xMin = Math.min(1, ...xs);
  const xMax = Math.max(xMin + 1, ...xs);
  const top = yMax ?? niceMax(Math.max(0, ...all.map((p) => p.hi ?? p.y)));
  const ticks = [0, top / 2, top];
  const { sx, sy } = frame(svg, xMin, xMax, 0, top, ticks);
  for (let x = xMin; x <= xMax; x++) text(svg, sx(x), H - M.b + 14, String(x));
  text(svg, (W + M.l) / 2, H - 2, 'round');
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.y !== null && Number.isFinite(p.y));
    if (pts.length > 1) el('polyline', { points: pts.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' '), fill: 'none', stroke: c, 'stroke-width': 1.5 }, svg);
    for (const p of pts) {
      if (p.lo !== undefined && p.lo !== null && p.hi !== null) el('line', { x1: sx(p.x) + i * 2, x2: sx(p.x) + i * 2, y1: sy(p.lo), y2: sy(p.hi), stroke: c, 'stroke-opacity': 0.5 }, svg);
      el('circle', { cx: sx(p.x), cy: sy(p.y), r: 2.5, fill: c, class: 'pt' }, svg);
    }
    text(svg, W - M.r - 2, M.t + 10 + i * 12, s.name, 'end').style.fill = c; // CSSOM, not a style attribute: the CSP forbids inline styles
  });
  svg.dataset.points = String(series.reduce((n, s) => n + s.points.filter((p) => p.y !== null).length, 0));
}

/** ROC curve from [[fpr, tpr], …] with the chance diagonal. */
export function rocPlot(svg, points, label) {
  const { sx, sy } = frame(svg, 0, 1, 0, 1, [0, 0.5, 1]);
  for (const x of [0, 0.5, 1]) text(svg, sx(x), H - M.b + 14, String(x));
  text(svg, (W + M.l) / 2, H - 2, '1 − specificity');
  el('line', { x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1), stroke: '#d0d7de', 'stroke-dasharray': '4 3' }, svg);
  if (points.length > 1) el('polyline', { points: points.map(([f, t]) => `${sx(f)},${sy(t)}`).join(' '), fill: 'none', stroke: COLORS[0], 'stroke-width': 2, class: 'roc' }, svg);
  else text(svg, W / 2, H / 2, 'no evaluation with both classes yet');
  if (label) text(svg, W - M.r - 2, sy(0) - 6, label, 'end');
  svg.dataset.points = String(points.length);
}

/** Bars over rounds: [{x, y}]. */
export function barPlot(svg, bars) {
  const top = niceMax(Math.max(0, ...bars.map((b) => b.y)));
  const xMax = Math.max(1, ...bars.map((b) => b.x));
  const { sx, sy } = frame(svg, 0.5, xMax + 0.5, 0, top, [0, top / 2, top]);
  const w = Math.max(2, ((W - M.l - M.r) / (xMax + 1)) * 0.7);
  for (const b of bars) {
    el('rect', { x: sx(b.x) - w / 2, y: sy(b.y), width: w, height: Math.max(0, sy(0) - sy(b.y)), fill: COLORS[0], class: 'bar' }, svg);
    text(svg, sx(b.x), H - M.b + 14, String(b.x));
  }
  text(svg, (W + M.l) / 2, H - 2, 'round');
  svg.dataset.points = String(bars.length);
}
