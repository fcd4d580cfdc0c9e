/**
 * fedcxr-native in several threads: Node-API modules load in worker_threads, but the addon's stream, scratch
 * arenas and primitive caches are process-wide, so concurrent kernels must take its lock. Three workers run
 * matMuls at once in a child process (a heap corruption must not take the test runner down with it).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../shared/domain/errors.js';

// The checkout's own build (the one `npm rebuild fedcxr-native` makes), by its path from the repo root.
const ADDON_DIR = resolve('native/fedcxr-native');
let support: { bf16: boolean } | undefined;
let why = '';
try {
  support = (createRequire(import.meta.url)(ADDON_DIR) as { cpuSupport(): { bf16: boolean } }).cpuSupport();
} catch (err) {
  why = `fedcxr-native addon not built, skipping its thread-safety test: ${errorMessage(err)}`;
  console.warn(why);
}

describe.skipIf(!support)('fedcxr-native across worker threads', () => {
  it('gives every thread correct results when three run kernels at once', () => {
    const precision = support?.bf16 ? 1 : 0; // bf16 routes operands through the shared arenas
    const child = spawnSync(process.execPath, ['test/unit/native/thread-race-child.mjs', ADDON_DIR, String(precision), '2000'], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual([0, 0, 0]);
  });
});
