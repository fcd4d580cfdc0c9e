/**
 * Reconnection delays: exponential backoff with jitter, so a coordinator restart is not met by every site
 * reconnecting in the same millisecond. Pure; the random source is injected for tests.
 */
import { ConfigError } from '../shared/domain/errors.js';

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay. @default 500 */
  readonly initialMs: number;
  /** Upper bound of the exponential part. @default 30_000 */
  readonly maxMs: number;
  /** Growth per attempt. @default 2 */
  readonly factor: number;
  /** Fraction of each delay drawn at random: delay × (1 − jitter × U[0,1)). @default 0.5 */
  readonly jitter: number;
}

/** Default backoff. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 });

/** Fills defaults and rejects impossible settings. */
export function resolveBackoff(partial: Partial<BackoffOptions> = {}): BackoffOptions {
  const o = { ...DEFAULT_BACKOFF, ...partial };
  if (!(o.initialMs > 0 && o.maxMs >= o.initialMs && o.factor >= 1 && o.jitter >= 0 && o.jitter <= 1)) {
    throw new ConfigError(`invalid backoff ${JSON.stringify(o)}: need 0 < initialMs ≤ maxMs, factor ≥ 1, 0 ≤ jitter ≤ 1`);
  }
  return o;
}

/** Delay before reconnection attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, attempt));
  return Math.round(base * (1 - o.jitter * random()));
}

/** Counts attempts since the last success and hands out their delays. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt (and counts it). */
  next(): number {
    return backoffDelay(this.attempt++, this.options, this.random);
  }

  /** Attempts made since the last `reset`. */
  get attempts(): number {
    return this.attempt;
  }

  /** Call after a successful connection. */
  reset(): void {
    this.attempt = 0;
  }
}
