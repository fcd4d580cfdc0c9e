import { describe, expect, it } from 'vitest';
import { RoundMachine } from '../../../coordinator/round-machine.js';

describe('RoundMachine', () => {
  it('walks idle → sampling → fitting → aggregating → committed → evaluated, recording each state', () => {
    const m = new RoundMachine('run', 1, 1);
    for (const s of ['sampling', 'fitting', 'aggregating', 'committed', 'evaluated'] as const) m.to(s);
    expect(m.history.map((h) => h.state)).toEqual(['idle', 'sampling', 'fitting', 'aggregating', 'committed', 'evaluated']);
  });

  it('records the reason of a failure and of a failed evaluation', () => {
    const failed = new RoundMachine('run', 1, 1);
    failed.to('sampling');
    failed.to('failed', { reason: 'too few sites' });
    const unevaluated = new RoundMachine('run', 2, 1);
    for (const s of ['sampling', 'fitting', 'aggregating', 'committed'] as const) unevaluated.to(s);
    unevaluated.to('evaluation_failed', { reason: 'bins differ' });
    expect(failed.history.at(-1)).toMatchObject({ state: 'failed', reason: 'too few sites' });
    expect(unevaluated.history.at(-1)).toMatchObject({ state: 'evaluation_failed', reason: 'bins differ' });
  });

  it.each([
    ['evaluate before the commit', ['sampling', 'fitting', 'aggregating'], 'evaluated', /aggregating → evaluated/],
    ['fail a committed round', ['sampling', 'fitting', 'aggregating', 'committed'], 'failed', /committed → failed/],
    ['commit without aggregating', ['sampling', 'fitting'], 'committed', /fitting → committed/],
  ] as const)('refuses to %s', (_label, path, to, message) => {
    const m = new RoundMachine('run', 1, 1);
    for (const s of path) m.to(s);
    expect(() => m.to(to)).toThrow(message);
  });
});
