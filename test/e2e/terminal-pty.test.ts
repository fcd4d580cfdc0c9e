/**
 * The demo on a terminal shows human output only: run under a pseudo-terminal (`script` from util-linux),
 * its screen has the tables and no JSON log line, while the structured logs (level info) land in the log file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared-data.js';

let haveScript = true;
try {
  execFileSync('script', ['--version'], { stdio: 'ignore' });
} catch {
  haveScript = false;
  console.warn('terminal test skipped: no `script` (util-linux) to make a pseudo-terminal');
}
const dir = mkdtempSync(join(tmpdir(), 'fedcxr-pty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!haveScript)('fedcxr demo on a terminal', () => {
  it('prints tables and progress, no JSON log lines; the JSON logs go to --log-file', async () => {
    // Prepare: the child must log at info (vitest's env would silence it, proving nothing).
    const logFile = join(dir, 'demo.log');
    const cmd = [process.execPath, join(REPO_ROOT, 'bin', 'fedcxr.js'), 'demo', '--synthetic', '--input-size', '32', '--rounds', '1', '--local-epochs', '1', '--no-local-baseline', '--log-file', logFile].map(quote).join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, FEDCXR_LOG_LEVEL: 'info', TERM: 'xterm' };
    delete env.VITEST;
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;

    // Execute
    const screen = await new Promise<string>((resolve, reject) => {
      execFile('script', ['-qec', cmd, '/dev/null'], { env, cwd: dir, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const log = readFileSync(logFile, 'utf8');

    // Assert
    expect(screen).toContain('round 1/1: committed');
    expect(screen).toMatch(/global +n= *\d+/);
    expect(screen).toContain(`structured logs: ${logFile}`);
    expect(screen).not.toMatch(/\{"level":/);
    expect(log).toMatch(/^\{"level":30,.*"msg":"round transition"/m);
    expect(log.split('\n').filter((l) => l.startsWith('{"level":')).length).toBeGreaterThan(5);
  }, 180_000);
});
