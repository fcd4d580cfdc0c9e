/**
 * End-to-end: builds the deploy/ images and runs the compose stack (coordinator + 3 phantom sites) with
 * testcontainers. Skips, saying why, when no Docker engine is reachable (CI boxes without Docker).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { makeCerts } from '../../cli/commands/certs.js';
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
    // Pre-shared keys and the TLS certificate the configs point at (generated once; never committed).
    mkdirSync('deploy/config/keys', { recursive: true });
    for (const id of ['km', 'nihcc', 'niosh']) {
      const p = `deploy/config/keys/${id}.key`;
      if (!existsSync(p)) writeFileSync(p, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    if (!existsSync('deploy/config/coordinator.crt')) makeCerts({ out: 'deploy/config', hosts: ['coordinator', 'localhost', '127.0.0.1'], sites: [], days: 30, noCert: false, force: false });
    const env = await new DockerComposeEnvironment('deploy', 'compose.yaml')
      .withBuild()
      .withWaitStrategy('coordinator-1', Wait.forHttp('/healthz', 8443).usingTls().allowInsecure())
      .up();
    try {
      const c = env.getContainer('coordinator-1');
      const status = await new Promise<number>((resolve, reject) => {
        get({ host: c.getHost(), port: c.getMappedPort(8443), path: '/healthz', ca: readFileSync('deploy/config/coordinator.crt'), servername: 'localhost' }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await env.down();
    }
  }, 1_800_000);
});
