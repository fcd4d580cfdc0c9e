/**
 * Where tests find the project's real, read-only data: `../shared/data` beside the repository root, never an
 * absolute path. Tests that need it skip with `missingDataMessage` when it is absent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** `../shared/data` relative to the repository root. */
export const SHARED_DATA = resolve(REPO_ROOT, '..', 'shared', 'data');

/** A folder under the shared data (e.g. `kermany/train`), or null when it is absent here. */
export function sharedDataDir(sub: string): string | null {
  const dir = join(SHARED_DATA, sub);
  return existsSync(dir) ? dir : null;
}

/** The skip message for a test that needs `sub` of the shared data. */
export function missingDataMessage(sub: string): string {
  return `skipped: ../shared/data/${sub} (relative to the repository root) is absent on this machine`;
}
