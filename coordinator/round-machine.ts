/**
 * A round's named states and the transitions between them (DESIGN §4), every transition logged on
 * 'coordinator.rounds'. The durable commit comes before the evaluation is recorded (the sites may already be
 * evaluating while it is written: `rounds.ts`):
 *
 *   idle → sampling → fitting → aggregating → committed → evaluated
 *     └───────┴──────────┴───────────┴──→ failed(reason)        (before the commit: the round is retried)
 *                                                committed → evaluation_failed(reason)   (the round stays committed)
 */
import { logger } from '../shared/log.js';
import { notify, type RunObserver } from './observer.js';

const log = logger('coordinator.rounds');

/** Named states of a round. */
export type RoundState = 'idle' | 'sampling' | 'fitting' | 'aggregating' | 'committed' | 'evaluated' | 'evaluation_failed' | 'failed';

const NEXT: Readonly<Record<RoundState, readonly RoundState[]>> = {
  idle: ['sampling', 'failed'],
  sampling: ['fitting', 'failed'],
  fitting: ['aggregating', 'failed'],
  aggregating: ['committed', 'failed'],
  committed: ['evaluated', 'evaluation_failed'],
  evaluated: [],
  evaluation_failed: [],
  failed: [],
};

/** One entry of a round's history. */
export interface RoundTransition {
  readonly state: RoundState;
  readonly at: number;
  readonly reason?: string;
}

/** Tracks and logs a round's state; refuses transitions the diagram does not allow. */
export class RoundMachine {
  state: RoundState = 'idle';
  readonly history: RoundTransition[] = [{ state: 'idle', at: Date.now() }];
  constructor(
    readonly runId: string,
    readonly round: number,
    readonly attempt: number,
    private readonly observer?: RunObserver,
  ) {}

  /** Moves to `to` (logged); throws on an illegal transition, which would be a coordinator bug. */
  to(to: RoundState, details: Record<string, unknown> = {}): void {
    if (!NEXT[this.state].includes(to)) throw new Error(`illegal round transition ${this.state} → ${to}`);
    const reason = typeof details.reason === 'string' ? details.reason : undefined;
    this.history.push({ state: to, at: Date.now(), ...(reason ? { reason } : {}) });
    const fields = { runId: this.runId, round: this.round, attempt: this.attempt, from: this.state, to, ...details };
    if (to === 'failed' || to === 'evaluation_failed') log.warn(fields, 'round transition');
    else log.info(fields, 'round transition');
    this.state = to;
    notify(this.observer, 'onRoundState', { runId: this.runId, round: this.round, attempt: this.attempt, state: to, at: Date.now(), ...(reason ? { reason } : {}) });
  }
}
