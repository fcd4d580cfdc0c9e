/**
 * The coordinator's Prometheus metrics (`GET /metrics`, text format via prom-client): rounds by state,
 * round and phase durations, sites connected, updates rejected by reason, wire bytes in/out, and the
 * latest federated evaluation's AUC. A RunObserver: the round loop feeds it, nothing reads back from it.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PhaseName, RoundEnd, RunObserver, RoundStateEvent, SiteStatusEvent } from './observer.js';

/** Seconds buckets from 10 ms to ~1.5 h. */
const BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 5400];

/** Rejection reasons grouped into a small, fixed label set (the validator's text names the details). */
export function rejectionCategory(reason: string): string {
  const r = reason.toLowerCase();
  if (r.includes('not finite')) return 'non_finite';
  if (r.includes('norm')) return 'norm_bound';
  if (r.includes('shape') || r.includes('tensors, expected') || r.includes('expected') && r.includes('tensor') || r.includes('float32') || r.includes('holds')) return 'layout';
  if (r.includes('numexamples') || r.includes('example count')) return 'example_count';
  if (r.includes('wrong run') || r.includes('late or replayed') || r.includes('round')) return 'stale';
  if (r.includes('second update') || r.includes('not sampled')) return 'unexpected_site';
  return 'other';
}

/** Prometheus metrics of one coordinator (own registry, so several can live in one process). */
export class CoordinatorMetrics implements RunObserver {
  /** The registry `/metrics` serialises. */
  readonly registry = new Registry();
  private readonly transitions: Counter<'state'>;
  private readonly roundsByOutcome: Counter<'outcome'>;
  private readonly currentRound: Gauge;
  private readonly roundSeconds: Histogram;
  private readonly phaseSeconds: Histogram<'phase'>;
  private readonly sitesConnected: Gauge;
  private readonly rejected: Counter<'reason'>;
  private readonly bytes: Counter<'direction' | 'site'>;
  private readonly auc: Gauge;
  private readonly evalRound: Gauge;
  private readonly connected = new Set<string>();

  /** @param opts.processMetrics also export Node process metrics (CPU, memory, event loop). @default true */
  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.transitions = new Counter({ name: 'fedcxr_round_transitions_total', help: 'Round state-machine transitions, by the state entered', labelNames: ['state'], registers });
    this.roundsByOutcome = new Counter({ name: 'fedcxr_rounds_total', help: 'Round attempts that ended, by final state (committed | failed)', labelNames: ['outcome'], registers });
    this.currentRound = new Gauge({ name: 'fedcxr_round_current', help: 'Round the run is in (0 before the first)', registers });
    this.roundSeconds = new Histogram({ name: 'fedcxr_round_duration_seconds', help: 'Wall time of a round attempt', buckets: BUCKETS, registers });
    this.phaseSeconds = new Histogram({
      name: 'fedcxr_phase_duration_seconds',
      help: 'Time per round phase (preparation, transferDown, training and transferUp are per site; preparation, once per connection, can come before round 1)',
      labelNames: ['phase'],
      buckets: BUCKETS,
      registers,
    });
    this.sitesConnected = new Gauge({ name: 'fedcxr_sites_connected', help: 'Sites with an authenticated connection', registers });
    this.rejected = new Counter({ name: 'fedcxr_updates_rejected_total', help: 'Site updates rejected by validation, by reason', labelNames: ['reason'], registers });
    this.bytes = new Counter({ name: 'fedcxr_wire_bytes_total', help: 'engine.io bytes exchanged with registered sites', labelNames: ['direction', 'site'], registers });
    this.auc = new Gauge({ name: 'fedcxr_evaluation_auc', help: 'ROC-AUC of the latest federated evaluation (absent until one is defined)', registers });
    this.evalRound = new Gauge({ name: 'fedcxr_evaluation_round', help: 'Round of the latest federated evaluation', registers });
    for (const s of ['committed', 'failed']) this.roundsByOutcome.inc({ outcome: s }, 0);
    this.sitesConnected.set(0);
    this.currentRound.set(0);
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'fedcxr_' });
  }

  /** The text exposition Prometheus scrapes. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  onRoundState(e: RoundStateEvent): void {
    this.transitions.inc({ state: e.state });
    this.currentRound.set(e.round);
  }

  onPhase(_round: number, phase: PhaseName, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.phaseSeconds.observe({ phase }, seconds);
  }

  onSiteStatus(e: SiteStatusEvent): void {
    if (e.activity === 'connected') this.connected.add(e.siteId);
    else if (e.activity === 'disconnected') this.connected.delete(e.siteId);
    else return;
    this.sitesConnected.set(this.connected.size);
  }

  onBytes(siteId: string, direction: 'in' | 'out', bytes: number): void {
    this.bytes.inc({ direction, site: siteId }, bytes);
  }

  onRejection(_round: number, _siteId: string, reason: string): void {
    this.rejected.inc({ reason: rejectionCategory(reason) });
  }

  onRoundEnd(o: RoundEnd): void {
    this.roundsByOutcome.inc({ outcome: o.state });
    this.roundSeconds.observe(o.timings.totalMs / 1000);
    if (o.evaluation && o.evaluation.auc !== null) {
      this.auc.set(o.evaluation.auc);
      this.evalRound.set(o.round);
    }
  }
}
