// The dashboard page: renders snapshots from the read-only `/dashboard` socket.io namespace.
// The token (needed off loopback) comes from the page URL's #token=… (never sent in requests) or ?token=….
import { barPlot, linePlot, rocPlot } from './plots.js';

// A round is durable from 'committed' on; evaluation then moves it to 'evaluated' or 'evaluation_failed'.
const COMMITTED_STATES = new Set(['committed', 'evaluated', 'evaluation_failed']);
const params = new URLSearchParams(location.hash.slice(1) || location.search.slice(1));
const token = params.get('token') || undefined;
const $ = (id) => document.getElementById(id);
const fmt = (v, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const mb = (b) => (b / 1e6).toFixed(1);

function row(cells, cls = '') {
  const tr = document.createElement('tr');
  if (cls) tr.className = cls;
  tr.innerHTML = cells.map((c) => `<td>${c}</td>`).join('');
  return tr;
}

function render(s) {
  window.__lastSnapshot = s;
  $('status').textContent = s.status + (s.reason ? ` — ${s.reason}` : '');
  $('status').className = `pill ${s.status === 'failed' ? 'bad' : s.status === 'finished' ? 'ok' : ''}`;
  const committed = s.rounds.filter((r) => COMMITTED_STATES.has(r.state)).length;
  $('progress').textContent = s.run ? `round ${s.round} of ${s.run.rounds} · ${committed} committed` : 'waiting for the run';
  $('progress').dataset.round = String(s.round);
  $('progress').dataset.committed = String(committed);

  const cfg = $('config').tBodies[0];
  cfg.replaceChildren();
  if (s.run) {
    const entries = [['run', s.run.runId], ['level', s.run.level], ['strategy', s.run.strategy], ['rounds', s.run.rounds], ...Object.entries(s.run.config)];
    for (const [k, v] of entries) cfg.appendChild(row([esc(k), esc(v)]));
  }

  const sites = $('sites').tBodies[0];
  sites.replaceChildren();
  for (const x of s.sites) {
    const age = x.lastHeartbeatAt ? `${((s.serverTime - x.lastHeartbeatAt) / 1000).toFixed(0)} s` : '–';
    const tr = row([esc(x.siteId), x.connected ? 'yes' : 'no', `<span class="pill ${esc(x.activity)}">${esc(x.activity)}</span>`, x.round ?? '–', age, x.numExamples ?? '–', fmt(x.trainLoss), `${mb(x.bytesIn)} / ${mb(x.bytesOut)} MB`, esc(x.lastError ?? '')]);
    tr.dataset.site = x.siteId;
    tr.dataset.activity = x.activity;
    sites.appendChild(tr);
  }

  const rounds = $('rounds').tBodies[0];
  rounds.replaceChildren();
  for (const r of [...s.rounds].reverse()) {
    const t0 = r.history[0]?.at ?? 0;
    const states = r.history.map((h) => `${esc(h.state)} ${((h.at - t0) / 1000).toFixed(1)}`).join(' → ');
    const phases = Object.entries(r.phases).map(([k, v]) => `${esc(k)} ${v.toFixed(2)}`).join(', ');
    rounds.appendChild(row([r.round, r.attempt, `<span class="pill ${esc(r.state)}">${esc(r.state)}</span>`, states, fmt(r.seconds, 1), phases, `${mb(r.bytesIn + r.bytesOut)} MB`, esc(r.reason ?? '')]));
  }

  const done = s.rounds.filter((r) => COMMITTED_STATES.has(r.state));
  const ev = done.filter((r) => r.evaluation);
  const pt = (r, e) => ({ x: r.round, y: e.value, lo: e.lo, hi: e.hi });
  linePlot($('plot-loss'), [
    { name: 'train', points: done.filter((r) => r.trainLoss !== undefined).map((r) => ({ x: r.round, y: r.trainLoss })) },
    { name: 'eval', points: ev.map((r) => ({ x: r.round, y: r.evaluation.loss })) },
  ]);
  linePlot($('plot-acc'), [
    { name: 'accuracy', points: ev.map((r) => pt(r, r.evaluation.accuracy)) },
    { name: 'sensitivity', points: ev.map((r) => pt(r, r.evaluation.sensitivity)) },
    { name: 'specificity', points: ev.map((r) => pt(r, r.evaluation.specificity)) },
  ], 1);
  linePlot($('plot-auc'), [{ name: 'AUC', points: ev.map((r) => pt(r, r.evaluation.auc)) }], 1);
  const last = ev.at(-1);
  rocPlot($('plot-roc'), last ? last.evaluation.roc : [], last ? `round ${last.round}, AUC ${fmt(last.evaluation.auc.value)}, n=${last.evaluation.n}` : '');
  barPlot($('plot-bytes'), done.map((r) => ({ x: r.round, y: (r.bytesIn + r.bytesOut) / 1e6 })));
}

const socket = window.io('/dashboard', { auth: token ? { token } : {}, transports: ['websocket', 'polling'] });
socket.on('connect', () => {
  $('conn').textContent = 'live';
  $('conn').className = 'pill ok';
});
socket.on('disconnect', () => {
  $('conn').textContent = 'disconnected';
  $('conn').className = 'pill bad';
});
socket.on('connect_error', (err) => {
  $('conn').textContent = `refused: ${err.message}`;
  $('conn').className = 'pill bad';
});
socket.on('snapshot', render);
