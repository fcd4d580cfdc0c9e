/**
 * The layer rules of `.dependency-cruiser.cjs` bite: the real tree passes, and a planted forbidden import in a
 * scratch copy of the layout fails with the rule's name and reason.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared-data.js';

const run = promisify(execFile);
const DEPCRUISE = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');

/** Runs dependency-cruiser with the project's rules in `cwd`; resolves with its exit code and output. */
async function cruise(cwd: string, paths: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['--config', join(REPO_ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err-long', ...paths], { cwd });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  }
}

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'fedcxr-layers-'));
  await copyFile(join(REPO_ROOT, 'tsconfig.json'), join(scratch, 'tsconfig.json'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Writes a TypeScript file into the scratch tree. */
async function plant(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(scratch, path)), { recursive: true });
  await writeFile(join(scratch, path), text);
}

describe('layer rules', () => {
  it('pass on the real tree', async () => {
    const r = await cruise(REPO_ROOT, ['shared', 'coordinator', 'site-client', 'sim', 'cli', 'proto']);
    expect(r.out).toContain('no dependency violations');
    expect(r.code).toBe(0);
  });

  it('name the rule and its reason when the coordinator imports the site client', async () => {
    await plant('site-client/executor.ts', 'export const x = 1;\n');
    await plant('coordinator/rounds.ts', "import { x } from '../site-client/executor.js';\nexport const y = x;\n");
    const r = await cruise(scratch, ['coordinator', 'site-client']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('coordinator-not-site');
    expect(r.out).toContain('meet only through the wire');
  });

  it('keep shared/domain free of every other room', async () => {
    await plant('shared/model/unfreeze.ts', 'export const u = 1;\n');
    await plant('shared/domain/levels.ts', "import { u } from '../model/unfreeze.js';\nexport const l = u;\n");
    const r = await cruise(scratch, ['shared']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('domain-is-dependency-free');
  });

  it('catch an import cycle', async () => {
    await plant('shared/train/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
    await plant('shared/train/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    const r = await cruise(scratch, ['shared/train']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('no-circular');
  });
});
