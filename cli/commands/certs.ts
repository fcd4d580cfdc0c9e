/**
 * `fedcxr certs`: makes what a federation needs to authenticate — a self-signed TLS certificate for the
 * coordinator (via the `openssl` binary; sites pin it with `ca:`) and a random pre-shared key file per site
 * (`keyFile:` in coordinator.yaml and in each site.yaml). Never overwrites existing files unless `--force`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, UnavailableError, errorMessage } from '../../shared/domain/errors.js';
import { generateKeyHex } from '../../shared/federation/hmac.js';
import { clientCertPaths, makeClientCerts, type ClientCertPaths } from '../client-certs.js';

/** Options of `fedcxr certs`. */
export interface CertsOptions {
  /** Output directory. */
  readonly out: string;
  /** Host names / IP addresses the coordinator certificate is valid for. @default ['localhost', '127.0.0.1'] */
  readonly hosts: readonly string[];
  /** Site ids to make pre-shared keys for. @default [] */
  readonly sites: readonly string[];
  /** Certificate validity. @default 825 */
  readonly days: number;
  /** Skip the certificate (keys only). @default false */
  readonly noCert: boolean;
  /** Overwrite existing files. @default false */
  readonly force: boolean;
  /** Also make a site CA and a client certificate per site, for mutual TLS. @default false */
  readonly clientCerts?: boolean;
  /** Also write `dashboard.token` (read access to the dashboard and /metrics off loopback). @default false */
  readonly dashboardToken?: boolean;
}

/** Files `makeCerts` wrote. */
export interface CertsResult {
  readonly cert?: string;
  readonly key?: string;
  readonly siteKeys: Record<string, string>;
  /** With `clientCerts`: the site CA and each site's client certificate and key. */
  readonly clients?: ClientCertPaths;
  /** With `dashboardToken`: the token file. */
  readonly dashboardToken?: string;
}

/** Writes the coordinator certificate/key and the site key files. */
export function makeCerts(o: CertsOptions): CertsResult {
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const guard = (path: string): string => {
    if (existsSync(path) && !o.force) throw new ConfigError(`${path} exists; pass --force to overwrite`);
    return path;
  };
  // Check every path before writing anything, so a refusal leaves no partial output.
  for (const site of o.sites) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(site)) throw new ConfigError(`site id "${site}" must match [A-Za-z0-9._-]{1,64}`);
    guard(join(out, 'keys', `${site}.key`));
  }
  const tokenPath = join(out, 'dashboard.token');
  if (o.dashboardToken) guard(tokenPath);
  const cert = join(out, 'coordinator.crt');
  const key = join(out, 'coordinator.key');
  if (!o.noCert) [cert, key].forEach(guard);
  if (o.clientCerts) {
    if (o.sites.length === 0) throw new ConfigError('--client-certs needs --sites (one client certificate per site)');
    const p = clientCertPaths(out, o.sites);
    [p.caCert, p.caKey, ...Object.values(p.sites).flatMap((s) => [s.cert, s.key])].forEach(guard);
  }
  const siteKeys: Record<string, string> = {};
  for (const site of o.sites) {
    const path = join(out, 'keys', `${site}.key`);
    mkdirSync(join(out, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${generateKeyHex()}\n`, { mode: 0o600 });
    siteKeys[site] = path;
  }
  const clients = o.clientCerts ? makeClientCerts(out, o.sites, o.days) : undefined;
  const token = o.dashboardToken ? tokenPath : undefined;
  if (token) writeFileSync(token, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const extras = { ...(clients ? { clients } : {}), ...(token ? { dashboardToken: token } : {}) };
  if (o.noCert) return { siteKeys, ...extras };
  const san = o.hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', String(o.days), '-subj', `/CN=${o.hosts[0] ?? 'fedcxr-coordinator'}`, '-addext', `subjectAltName=${san}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UnavailableError('the openssl binary is needed to make a certificate (or pass --no-cert for keys only)');
    throw new UnavailableError(`openssl failed: ${errorMessage(err)}`, { cause: err });
  }
  chmodSync(key, 0o600); // whatever openssl's umask did, the private key is owner-only
  return { cert, key, siteKeys, ...extras };
}

/** Registers `fedcxr certs`. */
export function register(program: Command): void {
  program
    .command('certs')
    .description('make a self-signed coordinator TLS certificate and per-site pre-shared key files')
    .requiredOption('--out <dir>', 'output directory (coordinator.crt/.key, keys/<site>.key)')
    .option('--host <name...>', 'host names / IPs the certificate is valid for', ['localhost', '127.0.0.1'])
    .option('--sites <ids>', 'comma-separated site ids to make keys for', '')
    .option('--days <n>', 'certificate validity in days', (v) => Number(v), 825)
    .option('--no-cert', 'make site keys only')
    .option('--client-certs', 'also make a site CA and a client certificate per site (mutual TLS)')
    .option('--dashboard-token', 'also write dashboard.token (dashboard and /metrics off loopback)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print the written paths as JSON')
    .action((flags: { out: string; host: string[]; sites: string; days: number; cert: boolean; clientCerts?: boolean; force?: boolean; json?: boolean; dashboardToken?: boolean }) => {
      if (!Number.isInteger(flags.days) || flags.days < 1) throw new ConfigError(`--days must be a positive integer, got ${flags.days}`);
      const sites = flags.sites.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const r = makeCerts({ out: flags.out, hosts: flags.host, sites, days: flags.days, noCert: !flags.cert, force: flags.force === true, clientCerts: flags.clientCerts === true, dashboardToken: flags.dashboardToken === true });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      if (r.cert) lines.push(`coordinator certificate: ${r.cert} (key ${r.key}, mode 600) for ${flags.host.join(', ')}`, `  coordinator.yaml: tls: { cert: ${r.cert}, key: ${r.key} }`, `  site.yaml: ca: ${r.cert}   (pins the coordinator)`);
      if (r.dashboardToken) lines.push(`dashboard token: ${r.dashboardToken} (mode 600)`, `  coordinator.yaml: dashboard: { tokenFile: ${r.dashboardToken} }`, '  open https://HOST:PORT/#token=<contents>; Prometheus: bearer_token_file');
      for (const [site, path] of Object.entries(r.siteKeys)) lines.push(`site ${site}: keyFile ${path} (give it to the site over a trusted channel)`);
      if (r.clients) {
        lines.push(`site CA: ${r.clients.caCert} (key ${r.clients.caKey}, mode 600; keep it offline)`, `  coordinator.yaml: tls: { ..., ca: ${r.clients.caCert} }   (requires client certificates)`);
        for (const [site, c] of Object.entries(r.clients.sites)) lines.push(`site ${site}: site.yaml clientCert: ${c.cert}, clientKey: ${c.key}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
