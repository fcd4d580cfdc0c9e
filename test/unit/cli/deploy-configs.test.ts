import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CoordinatorConfigSchema } from '../../../shared/config/coordinator.js';
import { SiteConfigSchema } from '../../../shared/config/site.js';

const read = (name: string): unknown => parse(readFileSync(`deploy/config/${name}`, 'utf8'));

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
