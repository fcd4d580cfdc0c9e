import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { makeCerts } from '../../../cli/commands/certs.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CoordinatorConfigSchema } from '../../../shared/config/coordinator.js';
import { SiteConfigSchema } from '../../../shared/config/site.js';
import { readManifest } from '../../../shared/model/checkpoint.js';
import { PRETRAINED_CHECKPOINT_DIR } from '../../../shared/model/pretrained.js';

const read = (name: string): unknown => parse(readFileSync(`deploy/config/${name}`, 'utf8'));
/** The YAML file a Kubernetes ConfigMap of the base embeds under `key`. */
const configMap = (file: string, key: string): unknown => parse((parse(readFileSync(`deploy/k8s/base/${file}`, 'utf8')) as { data: Record<string, string> }).data[key] ?? '');

describe('shipped deploy configs are secure by default', () => {
  it('coordinator: TLS configured, no insecure flag, every site enrolled', () => {
    const c = CoordinatorConfigSchema.parse(read('coordinator.yaml'));
    expect(c.insecure).toBe(false);
    expect(c.tls?.cert).toBeTruthy();
    expect(c.sites.every((s) => s.enrolled?.train !== undefined && s.enrolled.test !== undefined)).toBe(true);
  });

  it.each(['km', 'nihcc', 'niosh'])('site %s: https with the coordinator certificate pinned, no insecure flag', (id) => {
    const s = SiteConfigSchema.parse(read(`site-${id}.yaml`));
    expect(s.coordinatorUrl).toMatch(/^https:/);
    expect(s.ca).toBeTruthy();
    expect((s as { insecure?: boolean }).insecure ?? false).toBe(false);
  });
});

describe('shipped deploy configs agree with the model they start from', () => {
  const coordinators = { 'deploy/config/coordinator.yaml': read('coordinator.yaml'), 'deploy/k8s/base/coordinator-config.yaml': configMap('coordinator-config.yaml', 'coordinator.yaml') };
  const sites = {
    ...Object.fromEntries(['km', 'nihcc', 'niosh'].map((id) => [`deploy/config/site-${id}.yaml`, read(`site-${id}.yaml`)])),
    'deploy/k8s/base/site-config.yaml': configMap('site-config.yaml', 'site.yaml'),
  };

  it.each(Object.entries(coordinators))('%s: model.inputSize and head units are the pretrained checkpoint\'s stored config', async (_file, raw) => {
    // Prepare: the config as the coordinator parses it, the checkpoint's manifest (JSON only, no weights)
    const m = CoordinatorConfigSchema.parse(raw).federation.model;
    expect(m.checkpoint).toBe('pretrained');
    const manifest = await readManifest(PRETRAINED_CHECKPOINT_DIR);
    // Assert: a checkpoint fixes its own size (federation.model.inputSize applies to random init only), so the config must say the same
    expect({ inputSize: m.inputSize, headUnits: m.headUnits }).toEqual({ inputSize: manifest.config.inputSize, headUnits: manifest.config.head.units });
  });

  it.each(Object.entries(sites))('%s: data.inputSize is the coordinator model\'s (a site refuses a run of another size)', async (_file, raw) => {
    const manifest = await readManifest(PRETRAINED_CHECKPOINT_DIR);
    expect(SiteConfigSchema.parse(raw).data.inputSize).toBe(manifest.config.inputSize);
  });
});

describe('secrets written for the shipped deploy stay out of git and out of images', () => {
  // Every file `fedcxr certs --out deploy/config` writes, with all options (as compose.yaml and its test use it).
  const tmp = mkdtempSync(join(tmpdir(), 'fedcxr-deploy-secrets-'));
  makeCerts({ out: tmp, hosts: ['coordinator'], sites: ['km', 'nihcc'], days: 1, noCert: false, force: false, clientCerts: true, dashboardToken: true });
  const written = readdirSync(tmp, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(tmp, join(e.parentPath, e.name)).split(sep).join('/'));
  rmSync(tmp, { recursive: true, force: true });
  const secrets = written.map((f) => `deploy/config/${f}`);
  const gitWorks = spawnSync('git', ['rev-parse', '--is-inside-work-tree']).status === 0;

  it.skipIf(!gitWorks)(gitWorks ? 'git ignores every one of them, and not the configs beside them' : 'skipped: not in a git work tree', () => {
    expect(written.length).toBeGreaterThanOrEqual(10);
    const notIgnored = secrets.filter((p) => spawnSync('git', ['check-ignore', '-q', p]).status !== 0);
    expect(notIgnored).toEqual([]);
    expect(spawnSync('git', ['check-ignore', '-q', 'deploy/config/coordinator.yaml']).status).not.toBe(0);
  });

  it('.dockerignore leaves them, the host node_modules and .git out of the build context', () => {
    const patterns = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    // Docker matches each pattern (Go filepath.Match, `*` within one path element) against a path or any of its parents.
    const glob = (p: string): RegExp => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    const excluded = (path: string): boolean => patterns.some((p) => path.split('/').some((_, i, parts) => glob(p).test(parts.slice(0, i + 1).join('/'))));
    expect(secrets.filter((p) => !excluded(p))).toEqual([]);
    for (const p of ['node_modules/x/index.js', '.git/HEAD', 'runs/r1/ledger.sqlite', 'native/fedcxr-native/build/Release/x.node']) expect(excluded(p)).toBe(true);
    for (const p of ['deploy/config/coordinator.yaml', 'models/pneumonia-vgg16/weights.bin', 'bin/fedcxr.js', 'package-lock.json']) expect(excluded(p)).toBe(false);
  });
});
