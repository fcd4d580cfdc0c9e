/**
 * Where a command's structured logs go. On a terminal the user sees human output only — tables, progress
 * bars, and warnings as one readable line each — while the JSON log lines go to a file (`--log-file`, by
 * default `<state dir>/fedcxr-<command>.log`). With `--log-format json`, or when stderr is not a terminal,
 * they stay on stderr as before. `FEDCXR_LOG_LEVEL` still sets the level.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pino } from 'pino';
import { ConfigError } from '../../shared/domain/errors.js';
import { setLogSink } from '../../shared/log.js';

/** The logging flags every command accepts. */
export interface LogFlags {
  readonly logFile?: string | undefined;
  /** 'json' (to stderr) or 'auto'. @default 'auto' */
  readonly logFormat?: string | undefined;
}

/** What `setupLogging` decided. */
export interface LogSetup {
  readonly destination: 'stderr' | 'file';
  readonly file?: string;
}

const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** One readable line for a warn/error record, or null for lower levels. Pure. */
export function warningLine(jsonLine: string): string | null {
  const m = /^\{"level":(\d+)/.exec(jsonLine);
  if (!m || Number(m[1]) < 40) return null;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return null;
  }
  const str = (k: string): string | undefined => (typeof rec[k] === 'string' || typeof rec[k] === 'number' ? String(rec[k]) : undefined);
  const who = [str('site') ? `site ${str('site')}` : undefined, str('round') ? `round ${str('round')}` : undefined].filter(Boolean).join(', ');
  const why = str('reason') ?? str('err');
  return `${LEVEL_NAMES[Number(m[1])] ?? 'warning'}: ${str('msg') ?? ''}${who ? ` (${who})` : ''}${why ? ` — ${why}` : ''}`;
}

/**
 * Routes logs for `command` as described above. `stateDir` is the command's state dir when it has one.
 * @example setupLogging({ logFile: undefined, logFormat: 'auto' }, 'demo', undefined, process.stderr.isTTY === true)
 */
export function setupLogging(flags: LogFlags, command: string, stateDir: string | undefined, tty: boolean): LogSetup {
  const format = flags.logFormat ?? 'auto';
  if (format !== 'auto' && format !== 'json') throw new ConfigError(`--log-format must be auto or json, got ${format}`);
  if (format === 'json' || (!tty && !flags.logFile)) return { destination: 'stderr' };
  const file = resolve(flags.logFile ?? join(stateDir ?? join(tmpdir(), 'fedcxr-logs'), `fedcxr-${command}.log`));
  mkdirSync(dirname(file), { recursive: true });
  const out = pino.destination({ dest: file, sync: true, append: true });
  setLogSink({
    write(line: string) {
      out.write(line);
      if (tty) {
        const w = warningLine(line);
        if (w) process.stderr.write(`${w}\n`);
      }
    },
  });
  if (tty) process.stderr.write(`structured logs: ${file}\n`);
  return { destination: 'file', file };
}
