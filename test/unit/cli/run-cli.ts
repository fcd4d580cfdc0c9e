/**
 * Test helpers for the `fedcxr` command line: run a command in-process (the real commander program, with
 * stdout/stderr captured and errors mapped to exit codes as `cli/fedcxr.ts` does) or as a child process
 * through `bin/fedcxr.js`, plus temp directories and phantom data on disk.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { commands } from '../../../cli/commands/index.js';
import { exitCodeFor, ExitCode } from '../../../cli/exit-codes.js';
import { errorMessage } from '../../../shared/domain/errors.js';

/** What one command run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `fedcxr ARGS` in this process on a fresh program (commander keeps option state per instance). */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as typeof process.stdout.write);
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as typeof process.stderr.write);
  const program = new Command('fedcxr').showHelpAfterError().exitOverride();
  for (const register of commands) register(program);
  let code: number = ExitCode.ok;
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    } else {
      err.push(`fedcxr: ${e instanceof Error ? e.name : 'Error'}: ${errorMessage(e)}\n`);
      code = exitCodeFor(e);
    }
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const BIN = fileURLToPath(new URL('../../../bin/fedcxr.js', import.meta.url));

/** Runs `node bin/fedcxr.js ARGS` as a child process (one thread, logs silenced) and resolves with its exit code. */
export function runCliChild(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, FEDCXR_THREADS: '1', FEDCXR_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : ExitCode.failure) : ExitCode.ok;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** Parses every non-empty stdout line as JSON (throws on a line that is not). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Temp directories under os.tmpdir(), removed by `cleanup`. */
export class TempDirs {
  private readonly dirs: string[] = [];

  /** A new empty directory. */
  make(prefix: string): string {
    const d = mkdtempSync(join(tmpdir(), `fedcxr-${prefix}-`));
    this.dirs.push(d);
    return d;
  }

  /** Removes every directory made so far. */
  cleanup(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}
