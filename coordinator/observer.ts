/**
 * One seam between the round loop and everything that watches a run (dashboard, Prometheus metrics,
 * terminal progress): the loop calls a `RunObserver`; observers never change the run. Every hook is
 * optional and an observer's throw is logged, never propagated into the loop.
 */
import { errorMessage } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import type { FederatedEvaluation } from '../shared/federation/types.js';

const log = logger('coordinator.observer');

/**
 * Timed parts of a round (per site for preparation/transfer/training, per round for the rest). Preparation
 * (RunSpec and trunk, once per connection) runs when a site connects, before round 1 or beside a round.
 */
export type PhaseName = 'preparation' | 'sampling' | 'transferDown' | 'training' | 'transferUp' | 'validation' | 'aggregation' | 'evaluation' | 'commit';

/** Every phase name, in round order. */
export const PHASES: readonly PhaseName[] = ['preparation', 'sampling', 'transferDown', 'training', 'transferUp', 'validation', 'aggregation', 'evaluation', 'commit'];

/** What a site is doing, as the coordinator sees it. */
export type SiteActivity = 'connected' | 'disconnected' | 'training' | 'evaluating' | 'idle' | 'failed' | 'rejected';

/** A run as the dashboard shows it (no keys, no paths beyond the state dir). */
export interface RunInfo {
  readonly runId: string;
  readonly level: string;
  readonly strategy: string;
  readonly rounds: number;
  readonly startRound: number;
  /** Settings worth showing (local epochs, batch size, fractions, deadlines). */
  readonly config: Readonly<Record<string, string | number | boolean>>;
}

/**
 * How a round attempt ended: the part of `RoundOutcome` (rounds.ts) observers read, declared here so the
 * round loop and its observers do not import each other.
 */
export interface RoundEnd {
  readonly round: number;
  readonly attempt: number;
  readonly state: 'committed' | 'failed';
  readonly reason?: string;
  readonly fit: readonly { readonly siteId: string; readonly status: string; readonly numExamples?: number; readonly trainLoss?: number }[];
  readonly evaluation?: FederatedEvaluation;
  readonly timings: { readonly totalMs: number };
}

/** A round's state transition. */
export interface RoundStateEvent {
  readonly runId: string;
  readonly round: number;
  readonly attempt: number;
  /** A `RoundState` of rounds.ts. */
  readonly state: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly reason?: string;
}

/** A change in what one site is doing. */
export interface SiteStatusEvent {
  readonly siteId: string;
  readonly activity: SiteActivity;
  readonly round?: number;
  readonly reason?: string;
  /** Training examples the site registered or used. */
  readonly numExamples?: number;
  readonly trainLoss?: number;
}

/** Hooks the run calls; all optional. */
export interface RunObserver {
  onRunStart?(info: RunInfo): void;
  onRoundState?(e: RoundStateEvent): void;
  /** `seconds` spent in `phase` of `round` (per site when `siteId` is given). */
  onPhase?(round: number, phase: PhaseName, seconds: number, siteId?: string): void;
  onSiteStatus?(e: SiteStatusEvent): void;
  /** A site's heartbeat arrived. */
  onHeartbeat?(siteId: string): void;
  /** Wire bytes moved to (`out`) or from (`in`) a site. */
  onBytes?(siteId: string, direction: 'in' | 'out', bytes: number): void;
  /** An update failed validation (reason as the validator wrote it). */
  onRejection?(round: number, siteId: string, reason: string): void;
  /** A round attempt ended (committed or failed), with its evaluation if any. */
  onRoundEnd?(outcome: RoundEnd): void;
  onRunEnd?(status: 'finished' | 'failed', reason?: string): void;
}

type Hook = keyof RunObserver;

/** Calls hook `name` on `o`, logging (not throwing) an observer's error. */
export function notify<K extends Hook>(o: RunObserver | undefined, name: K, ...args: Parameters<NonNullable<RunObserver[K]>>): void {
  const fn = o?.[name] as ((...a: unknown[]) => void) | undefined;
  if (!fn) return;
  try {
    fn.apply(o, args);
  } catch (err) {
    log.warn({ hook: name, err: errorMessage(err) }, 'run observer failed');
  }
}

/** One observer that forwards every hook to each of `observers` in order. */
export function combineObservers(...observers: readonly (RunObserver | undefined)[]): RunObserver {
  const list = observers.filter((o): o is RunObserver => o !== undefined);
  const hooks: Hook[] = ['onRunStart', 'onRoundState', 'onPhase', 'onSiteStatus', 'onHeartbeat', 'onBytes', 'onRejection', 'onRoundEnd', 'onRunEnd'];
  const out: Record<string, (...a: unknown[]) => void> = {};
  for (const h of hooks) out[h] = (...a: unknown[]) => list.forEach((o) => (notify as (o: RunObserver, n: Hook, ...x: unknown[]) => void)(o, h, ...a));
  return out as RunObserver;
}
