import { readFileSync } from 'node:fs';
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
