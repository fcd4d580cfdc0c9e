/**
 * Round attempts that survive restarts: numbering continues from the ledger (its key is run, round, attempt,
 * so a resumed run never reuses an attempt number), each process gets the configured budget of attempts, and
 * attempts are spaced by capped exponential backoff with jitter so a flapping site is not hammered.
 */

/** Backoff settings between attempts of one round. */
export interface BackoffOptions {
  /** Delay before the second attempt; doubles after each failure. 0 = no delay. @default 5000 */
  readonly baseMs: number;
  /** Upper bound of one delay. @default 60000 */
  readonly maxMs: number;
}

/** The attempt number to use next for `round`, given the attempts the ledger already holds for it. */
export function nextAttempt(recorded: readonly number[]): number {
  let max = 0;
  for (const a of recorded) if (a > max) max = a;
  return max + 1;
}

/**
 * Delay before retry `k` (k = 1 is the first retry): min(maxMs, baseMs·2^(k−1)), scaled by a jitter factor in
 * [0.5, 1] drawn from `rand` so coordinators restarted together do not retry in lockstep.
 * @example retryDelayMs(3, { baseMs: 1000, maxMs: 60000 }, () => 1) // 4000
 */
export function retryDelayMs(k: number, o: BackoffOptions, rand: () => number = Math.random): number {
  if (o.baseMs <= 0 || k < 1) return 0;
  const raw = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(30, k - 1));
  return Math.round(raw * (0.5 + 0.5 * rand()));
}

/** Resolves after `ms`, or at once when `stopped()` turns true (polled every 50 ms). */
export async function sleepUnless(ms: number, stopped: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !stopped()) {
    await new Promise((r) => setTimeout(r, Math.min(50, end - Date.now())));
  }
}
