import { describe, expect, it } from 'vitest';
import { nextAttempt, retryDelayMs } from '../../../coordinator/attempts.js';

describe('round attempts', () => {
  it('numbers the next attempt after every recorded one', () => {
    expect(nextAttempt([])).toBe(1);
    expect(nextAttempt([1, 2, 3])).toBe(4);
    expect(nextAttempt([2, 7])).toBe(8);
  });

  it('backs off exponentially, capped, with jitter in [0.5, 1]', () => {
    const o = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((k) => retryDelayMs(k, o, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(retryDelayMs(1, o, () => 0)).toBe(500);
    expect(retryDelayMs(1, { baseMs: 0, maxMs: 1 })).toBe(0);
    expect(retryDelayMs(100, o, () => 1)).toBe(10_000);
  });
});
