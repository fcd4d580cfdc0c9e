/**
 * The dashboard's view of a run, kept up to date by the round loop through RunObserver hooks: run
 * settings, a round timeline (states, failure reasons, phase seconds, bytes, evaluation with intervals and
 * ROC), and per-site status. Read-only by construction: it only ever receives events. Emits 'change'
 * (throttled by the caller) whenever the snapshot changed.
 */
import { EventEmitter } from 'node:events';
import type { PhaseName, RoundEnd, RunInfo, RunObserver, RoundStateEvent, SiteActivity, SiteStatusEvent } from '../observer.js';
import { summariseEvaluation, type EvaluationSummary } from './summary.js';

/** One round attempt on the timeline. */
export interface RoundView {
  round: number;
  attempt: number;
  state: string;
  reason?: string;
  history: { state: string; at: number; reason?: string }[];
  seconds?: number;
  /** Sum over sites for per-site phases; round totals otherwise. */
  phases: Partial<Record<PhaseName, number>>;
  bytesIn: number;
  bytesOut: number;
  /** Example-weighted mean training loss of accepted updates. */
  trainLoss?: number;
  evaluation?: EvaluationSummary;
}

/** One site's row. */
export interface SiteView {
  siteId: string;
  connected: boolean;
  activity: SiteActivity;
  round?: number;
  lastHeartbeatAt?: number;
  lastError?: string;
  numExamples?: number;
  trainLoss?: number;
  bytesIn: number;
  bytesOut: number;
}

/** Everything the dashboard page and `fedcxr status --coordinator` show. */
export interface DashboardSnapshot {
  run: RunInfo | null;
  status: 'waiting' | 'running' | 'finished' | 'failed';
  reason?: string;
  round: number;
  rounds: RoundView[];
  sites: SiteView[];
  /** Epoch ms of this snapshot (heartbeat ages are relative to it). */
  serverTime: number;
}

/** Live dashboard state; a RunObserver. */
export class DashboardState extends EventEmitter<{ change: [] }> implements RunObserver {
  private run: RunInfo | null = null;
  private status: DashboardSnapshot['status'] = 'waiting';
  private reason: string | undefined;
  private readonly rounds: RoundView[] = [];
  private readonly sites = new Map<string, SiteView>();

  /** The round the run is in (0 before the first). */
  get round(): number {
    return this.rounds.at(-1)?.round ?? 0;
  }

  /** A copy of the current state. */
  snapshot(): DashboardSnapshot {
    return structuredClone({
      run: this.run,
      status: this.status,
      ...(this.reason ? { reason: this.reason } : {}),
      round: this.round,
      rounds: this.rounds,
      sites: [...this.sites.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1)),
      serverTime: Date.now(),
    });
  }

  private site(id: string): SiteView {
    let s = this.sites.get(id);
    if (!s) {
      s = { siteId: id, connected: false, activity: 'disconnected', bytesIn: 0, bytesOut: 0 };
      this.sites.set(id, s);
    }
    return s;
  }

  private current(round: number, attempt?: number): RoundView | undefined {
    return [...this.rounds].reverse().find((r) => r.round === round && (attempt === undefined || r.attempt === attempt));
  }

  onRunStart(info: RunInfo): void {
    this.run = info;
    this.status = 'running';
    this.emit('change');
  }

  onRoundState(e: RoundStateEvent): void {
    let r = this.current(e.round, e.attempt);
    if (!r) {
      r = { round: e.round, attempt: e.attempt, state: 'idle', history: [], phases: {}, bytesIn: 0, bytesOut: 0 };
      this.rounds.push(r);
    }
    r.state = e.state;
    r.history.push({ state: e.state, at: e.at, ...(e.reason ? { reason: e.reason } : {}) });
    if (e.reason) r.reason = e.reason;
    this.emit('change');
  }

  onPhase(round: number, phase: PhaseName, seconds: number): void {
    const r = this.current(round);
    if (!r) return;
    r.phases[phase] = (r.phases[phase] ?? 0) + seconds;
    this.emit('change');
  }

  onSiteStatus(e: SiteStatusEvent): void {
    const s = this.site(e.siteId);
    if (e.activity === 'connected') s.connected = true;
    if (e.activity === 'disconnected') s.connected = false;
    s.activity = e.activity;
    if (e.round !== undefined) s.round = e.round;
    if (e.reason !== undefined && e.activity !== 'connected') s.lastError = e.reason;
    if (e.numExamples !== undefined) s.numExamples = e.numExamples;
    if (e.trainLoss !== undefined) s.trainLoss = e.trainLoss;
    this.emit('change');
  }

  onHeartbeat(siteId: string): void {
    this.site(siteId).lastHeartbeatAt = Date.now();
    this.emit('change');
  }

  onBytes(siteId: string, direction: 'in' | 'out', bytes: number): void {
    const s = this.site(siteId);
    const r = this.rounds.at(-1);
    if (direction === 'in') {
      s.bytesIn += bytes;
      if (r) r.bytesIn += bytes;
    } else {
      s.bytesOut += bytes;
      if (r) r.bytesOut += bytes;
    }
    this.emit('change');
  }

  onRoundEnd(o: RoundEnd): void {
    const r = this.current(o.round, o.attempt);
    if (!r) return;
    r.seconds = o.timings.totalMs / 1000;
    const ok = o.fit.filter((f) => f.status === 'ok' && f.numExamples && f.trainLoss !== undefined);
    const n = ok.reduce((a, f) => a + (f.numExamples ?? 0), 0);
    if (n > 0) r.trainLoss = ok.reduce((a, f) => a + (f.numExamples ?? 0) * (f.trainLoss ?? 0), 0) / n;
    const e = o.evaluation;
    if (e) r.evaluation = summariseEvaluation(e.confusion, e.loss, e.positiveHistogram, e.negativeHistogram);
    this.emit('change');
  }

  onRunEnd(status: 'finished' | 'failed', reason?: string): void {
    this.status = status;
    if (reason) this.reason = reason;
    this.emit('change');
  }
}
