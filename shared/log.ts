/**
 * Structured logging: one pino root, child loggers named by module (`{module: 'coordinator.rounds'}`).
 * Logs go to stderr by default so `--json` results on stdout stay machine-readable; the CLI redirects them
 * with `setLogSink` (to a file on a TTY, see cli/output/terminal.ts) — every child follows, because they all
 * write through one switchable sink. `FEDCXR_LOG_LEVEL` sets the level (@default 'info'; tests use 'silent'
 * unless set).
 */
import { pino, type Logger } from 'pino';

const defaultLevel = process.env.FEDCXR_LOG_LEVEL ?? 'info';

/** Where log lines (one JSON object per line) are written. */
export interface LogSink {
  write(line: string): unknown;
}

let current: LogSink = pino.destination({ dest: 2, sync: true });
const sink: LogSink = { write: (line: string) => current.write(line) };

const root: Logger = pino({ level: defaultLevel, base: null }, sink);

/** A child logger for one module. @example const log = logger('site-client.executor'); */
export function logger(module: string): Logger {
  return root.child({ module });
}

/** Sends every logger's lines to `next` from now on; returns the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const prev = current;
  current = next;
  return prev;
}

export type { Logger };
