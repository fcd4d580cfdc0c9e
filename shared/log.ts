/**
 * Structured logging: one pino root, child loggers named by module (`{module: 'coordinator.rounds'}`).
 * Logs go to stderr so `--json` results on stdout stay machine-readable.
 * `FEDCXR_LOG_LEVEL` sets the level (@default 'info'; vitest.config.ts sets 'silent' unless already set).
 */
import { pino, type Logger } from 'pino';

const defaultLevel = process.env.FEDCXR_LOG_LEVEL ?? 'info';

const root: Logger = pino({ level: defaultLevel, base: null }, pino.destination(2));

/** A child logger for one module. @example const log = logger('site-client.executor'); */
export function logger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
