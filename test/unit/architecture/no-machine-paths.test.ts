/**
 * No committed file names a path of a developer's machine: tests and docs reach the shared data through
 * `../shared/data` relative to the repository root, and reports print commands relative to it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared-data.js';

/** Absolute home/work folders of common machines, and this checkout's own parent folder. */
const MACHINE_PATHS = [/(^|[\s'"`(=:])\/(work|root|home\/[^/\s]+|Users\/[^/\s]+)\//, /[A-Z]:\\Users\\/];

/** Tracked text files (binary and lock files are skipped). */
function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f !== '' && !/\.(bin|png|jpe?g|dcm|node|h5)$|package-lock\.json$/.test(f));
}

describe('committed files', () => {
  it('name no absolute path of a machine', () => {
    const parent = dirname(REPO_ROOT) + '/';
    const hits: string[] = [];
    for (const f of trackedTextFiles()) {
      let text: string;
      try {
        text = readFileSync(join(REPO_ROOT, f), 'utf8');
      } catch {
        continue; // deleted in the work tree but not yet in the index
      }
      text.split('\n').forEach((line, i) => {
        if (line.includes(parent) || MACHINE_PATHS.some((re) => re.test(line))) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
