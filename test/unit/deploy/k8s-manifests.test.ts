/**
 * deploy/k8s offline: every resource in the kustomize base validates against the Kubernetes OpenAPI schema
 * (the JSON schemas compiled into the `kubernetes-models` package), the kustomizations reference files that
 * exist, and the fields that matter are there — probes on the health endpoints, the coordinator's state
 * volume, the site's read-only image volume and cache volume, non-root security contexts, resource requests,
 * and secret keys for every file path the configs name.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as apps from 'kubernetes-models/apps/v1';
import * as core from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { makeCerts } from '../../../cli/commands/certs.js';
import { CoordinatorConfigSchema } from '../../../shared/config/coordinator.js';
import { SiteConfigSchema } from '../../../shared/config/site.js';
import { REPO_ROOT } from '../../helpers/shared-data.js';

const K8S = join(REPO_ROOT, 'deploy', 'k8s');
type Doc = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };
type Validatable = { validate(): void };
const MODELS: Record<string, new (d: Doc) => Validatable> = {
  'apps/v1/StatefulSet': apps.StatefulSet as never,
  'apps/v1/Deployment': apps.Deployment as never,
  'v1/Service': core.Service as never,
  'v1/ConfigMap': core.ConfigMap as never,
  'v1/PersistentVolumeClaim': core.PersistentVolumeClaim as never,
  'v1/Namespace': core.Namespace as never,
  'v1/Secret': core.Secret as never,
};
let kubectl = true;
try {
  execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
} catch {
  kubectl = false;
}

function kustomization(dir: string): { resources?: string[]; patches?: { path: string }[]; secretGenerator?: { name: string; files: string[] }[] } {
  return parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
}
function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc);
}
const base = (kustomization(join(K8S, 'base')).resources ?? []).flatMap((r) => docs(join(K8S, 'base', r)));
const find = (kind: string, name: string): Doc => {
  const d = base.find((x) => x.kind === kind && x.metadata.name === name);
  if (!d) throw new Error(`no ${kind} ${name} in deploy/k8s/base`);
  return d;
};
// Typed views of the parts the assertions read.
type Container = { args: string[]; readinessProbe?: { httpGet: { path: string; scheme: string } }; livenessProbe?: { httpGet: { path: string; scheme: string } }; resources: { requests: { cpu: string; memory: string } }; securityContext: { allowPrivilegeEscalation: boolean; readOnlyRootFilesystem: boolean }; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] };
type PodSpec = { securityContext: { runAsNonRoot: boolean; runAsUser: number }; containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string; readOnly?: boolean }; secret?: { secretName: string } }[] };
const podOf = (d: Doc): PodSpec => (d.spec as { template: { spec: PodSpec } }).template.spec;

describe('deploy/k8s manifests', () => {
  it('every base resource validates against the Kubernetes schema', () => {
    expect(base.length).toBeGreaterThanOrEqual(7);
    for (const d of base) {
      const Model = MODELS[`${d.apiVersion}/${d.kind}`];
      if (!Model) throw new Error(`no schema for ${d.apiVersion} ${d.kind} (${d.metadata.name})`);
      expect(() => new Model(d).validate(), `${d.kind} ${d.metadata.name}`).not.toThrow();
    }
  });

  it('the schema check bites: a string port is refused', () => {
    const bad = structuredClone(find('StatefulSet', 'fedcxr-coordinator')) as Doc & { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    bad.spec.template.spec.containers[0]!.ports[0]!.containerPort = 'https';
    expect(() => new apps.StatefulSet(bad as never).validate()).toThrow(/containerPort must be integer/);
  });

  it('coordinator: probes on /readyz and /healthz over HTTPS, a state volume, non-root, requests', () => {
    const sts = find('StatefulSet', 'fedcxr-coordinator');
    const pod = podOf(sts);
    const c = pod.containers[0] as Container;
    expect(c.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS' });
    expect(c.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', scheme: 'HTTPS' });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(c.resources.requests.cpu).toBeTruthy();
    expect(c.resources.requests.memory).toBeTruthy();
    const claims = (sts.spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates.map((v) => v.metadata.name);
    expect(claims).toContain('state');
    expect(c.volumeMounts).toContainEqual({ name: 'state', mountPath: '/state' });
    expect(c.volumeMounts.find((m) => m.name === 'secrets')?.readOnly).toBe(true);
    expect(find('Service', 'fedcxr-coordinator')).toBeTruthy();
  });

  it('site: read-only image volume, cache volume, non-root, requests', () => {
    const pod = podOf(find('Deployment', 'fedcxr-site'));
    const c = pod.containers[0] as Container;
    expect(c.volumeMounts).toContainEqual({ name: 'images', mountPath: '/data', readOnly: true });
    expect(pod.volumes.find((v) => v.name === 'images')?.persistentVolumeClaim).toEqual({ claimName: 'fedcxr-site-images', readOnly: true });
    expect(c.volumeMounts).toContainEqual({ name: 'cache', mountPath: '/cache' });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.resources.requests.cpu).toBeTruthy();
  });

  it('the configs parse with fedcxr\'s own schemas, and the example overlay supplies every secret file they name', () => {
    const coordYaml = parse((find('ConfigMap', 'fedcxr-coordinator-config') as unknown as { data: Record<string, string> }).data['coordinator.yaml'] as string);
    const siteYaml = parse((find('ConfigMap', 'fedcxr-site-config') as unknown as { data: Record<string, string> }).data['site.yaml'] as string);
    const coord = CoordinatorConfigSchema.parse(coordYaml);
    const site = SiteConfigSchema.parse(siteYaml);
    const overlayDir = join(K8S, 'overlays', 'example');
    const overlay = kustomization(overlayDir);
    const keysOf = (name: string): string[] => (overlay.secretGenerator?.find((g) => g.name === name)?.files ?? []).map((f) => f.split('=')[0] as string);
    const coordFiles = [coord.tls?.cert, coord.tls?.key, coord.dashboard.tokenFile, ...coord.sites.map((s) => s.keyFile)];
    for (const f of coordFiles) expect(keysOf('fedcxr-coordinator-secrets'), String(f)).toContain(String(f).replace('/secrets/', ''));
    for (const f of [site.keyFile, site.ca]) expect(keysOf('fedcxr-site-secrets'), String(f)).toContain(String(f).replace('/secrets/', ''));
    for (const r of overlay.resources ?? []) expect(existsSync(join(overlayDir, r)), r).toBe(true);
    for (const p of overlay.patches ?? []) {
      const patch = docs(join(overlayDir, p.path))[0] as Doc;
      expect(() => find(patch.kind, patch.metadata.name)).not.toThrow();
    }
    for (const d of docs(join(overlayDir, 'namespace.yaml'))) expect(() => new core.Namespace(d as never).validate()).not.toThrow();
  });

  it.skipIf(!kubectl)('the example overlay renders with kubectl kustomize (offline) into valid resources', () => {
    // Prepare: a copy of deploy/k8s with the secrets `fedcxr certs` would write (keys only: no openssl needed).
    const tmp = mkdtempSync(join(tmpdir(), 'fedcxr-k8s-'));
    try {
      cpSync(K8S, join(tmp, 'k8s'), { recursive: true });
      const overlay = join(tmp, 'k8s', 'overlays', 'example');
      makeCerts({ out: join(overlay, 'secrets'), hosts: ['fedcxr-coordinator'], sites: ['km', 'nihcc', 'niosh'], days: 1, noCert: true, force: false, dashboardToken: true });
      for (const f of ['coordinator.crt', 'coordinator.key']) cpSync(join(overlay, 'secrets', 'dashboard.token'), join(overlay, 'secrets', f));
      // Execute
      const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' })).map((d) => d.toJS() as Doc);
      // Assert
      for (const d of rendered) {
        // kustomize wraps long base64 at 70 columns; the API server's decoder (Go encoding/base64) skips newlines.
        if (d.kind === 'Secret') d.data = Object.fromEntries(Object.entries(d.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s/g, '')]));
        const Model = MODELS[`${d.apiVersion}/${d.kind}`];
        if (!Model) throw new Error(`no schema for ${d.apiVersion} ${d.kind}`);
        expect(() => new Model(d).validate(), `${d.kind} ${d.metadata.name}`).not.toThrow();
        expect((d.metadata as { namespace?: string }).namespace ?? 'fedcxr').toBe('fedcxr');
      }
      const sts = rendered.find((d) => d.kind === 'StatefulSet') as Doc;
      expect(JSON.stringify(sts)).toContain('"storage":"100Gi"');
      expect(podOf(sts).containers[0]).toMatchObject({ image: 'registry.example.org/fedcxr/coordinator:0.1.0' });
      expect(rendered.filter((d) => d.kind === 'Secret').map((d) => d.metadata.name).join(' ')).toMatch(/fedcxr-coordinator-secrets-\w+ fedcxr-site-secrets-\w+/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
