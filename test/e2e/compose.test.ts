/**
 * End-to-end: builds the deploy/ images and runs the compose stack (coordinator + 3 phantom sites) with
 * testcontainers. Skips, saying why, when no Docker engine is reachable (CI boxes without Docker).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

async function dockerAvailable(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const why = await dockerAvailable();
if (why) process.stderr.write(`test/e2e/compose.test.ts skipped: no Docker engine reachable (${why.split('\n')[0]})\n`);

describe.skipIf(why !== null)('deploy/compose.yaml with testcontainers', () => {
  it('starts the coordinator and three sites, and the coordinator reports them healthy', async () => {
    const { DockerComposeEnvironment, Wait } = await import('testcontainers');
    // Pre-shared keys the configs point at (generated once; never committed).
    mkdirSync('deploy/config/keys', { recursive: true });
    for (const id of ['km', 'nihcc', 'niosh']) {
      const p = `deploy/config/keys/${id}.key`;
      if (!existsSync(p)) writeFileSync(p, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    const env = await new DockerComposeEnvironment('deploy', 'compose.yaml')
      .withBuild()
      .withWaitStrategy('coordinator-1', Wait.forHttp('/healthz', 8443))
      .up();
    try {
      const c = env.getContainer('coordinator-1');
      const res = await fetch(`http://${c.getHost()}:${c.getMappedPort(8443)}/healthz`);
      expect(res.ok).toBe(true);
    } finally {
      await env.down();
    }
  }, 1_800_000);
});
