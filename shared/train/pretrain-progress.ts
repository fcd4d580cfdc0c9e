/**
 * Progress of a pretraining run with an ETA: steps done over the run's total, rate measured over this session
 * (a resumed run does not count the time of earlier sessions), one line on stderr (rewritten in place on a TTY,
 * at most every 30 s otherwise, so logs of a long background run stay readable).
 */

/** Seconds as "1h02m", "4m05s" or "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** ETA in seconds from the steps done in this session and their elapsed time (NaN before the first step). */
export function etaSeconds(stepsDone: number, sessionSteps: number, sessionSeconds: number, totalSteps: number): number {
  if (sessionSteps <= 0) return Number.NaN;
  return ((totalSteps - stepsDone) * sessionSeconds) / sessionSteps;
}

/** One progress line (pure). */
export function progressLine(p: { epoch: number; epochs: number; step: number; totalSteps: number; loss: number; lr: number; eta: number }): string {
  const pct = ((100 * p.step) / p.totalSteps).toFixed(1);
  return `epoch ${p.epoch}/${p.epochs}  step ${p.step}/${p.totalSteps} (${pct}%)  loss ${p.loss.toFixed(4)}  lr ${p.lr.toExponential(2)}  ETA ${formatDuration(p.eta)}`;
}

/** A progress reporter writing to `stream`; `tick` after each step, `done` at the end of the session. */
export function progressReporter(stream: NodeJS.WriteStream, enabled: boolean): {
  tick: (p: { epoch: number; step: number; totalSteps: number; batches: number; loss: number; lr: number }) => void;
  done: () => void;
} {
  const start = performance.now();
  let first: number | null = null;
  let lastPrint = 0;
  return {
    tick: (p) => {
      if (!enabled) return;
      const stepsDone = p.step + 1;
      first ??= p.step;
      const now = performance.now();
      const eta = etaSeconds(stepsDone, stepsDone - first, (now - start) / 1000, p.totalSteps);
      const line = progressLine({ ...p, step: stepsDone, epochs: Math.ceil(p.totalSteps / p.batches), eta });
      if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
      else if (now - lastPrint > 30_000 || stepsDone === p.totalSteps) {
        stream.write(`${line}\n`);
        lastPrint = now;
      }
    },
    done: () => {
      if (enabled && stream.isTTY) stream.write('\n');
    },
  };
}
