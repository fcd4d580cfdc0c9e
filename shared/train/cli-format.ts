/**
 * Shared pieces of the training CLI commands (train, evaluate, predict, pretrain): option parsers that
 * throw ConfigError, per-epoch lines (JSON for machines, text for humans), and a TTY-only progress bar.
 */
import cliProgress from 'cli-progress';
import { ConfigError } from '../domain/errors.js';
import type { EpochLog } from './trainer.js';

/** Commander parser for an integer option ≥ `min`. */
export const intOption =
  (name: string, min: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };

/** Commander parser for a positive finite number. */
export const numberOption =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number, got "${v}"`);
    return n;
  };

/** One epoch as a stdout line: JSON with `--json`, else a short human line. */
export function epochLine(l: EpochLog, json: boolean): string {
  if (json) return `${JSON.stringify({ type: 'epoch', ...l })}\n`;
  const val =
    l.valLoss === undefined
      ? ''
      : `  val loss ${l.valLoss.toFixed(4)}  val AUC ${l.valAuc === null || l.valAuc === undefined ? 'n/a' : l.valAuc.toFixed(4)}  val acc ${(l.valAccuracy ?? 0).toFixed(3)}`;
  return `epoch ${l.epoch}  loss ${l.trainLoss.toFixed(4)}  acc ${l.trainAccuracy.toFixed(3)}${val}  ${l.seconds.toFixed(1)} s (${l.mode})\n`;
}

/** A batch progress bar on stderr when it is a TTY and output is not JSON; otherwise no-ops. */
export function batchProgress(enabled: boolean): { onBatch: (b: number, n: number, loss: number) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { onBatch: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'batch {bar} {value}/{total} loss {loss}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onBatch: (b, n, loss) => {
      if (!started) {
        bar.start(n, 0, { loss: '-' });
        started = true;
      }
      bar.update(b + 1, { loss: loss.toFixed(4) });
      if (b + 1 === n) {
        bar.stop();
        started = false;
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
