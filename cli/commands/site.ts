/**
 * `fedcxr site --config site.yaml`: connects to the coordinator (mutual HMAC; TLS pinned with `ca`, mutual TLS
 * with `clientCert`/`clientKey` when configured),
 * registers counts only, and trains/evaluates locally with the operator's caps and an audit log.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { initEngine } from '../../shared/engine/index.js';
import { loadYamlConfig } from '../../shared/config/load.js';
import { siteMethodOptions, SiteConfigSchema } from '../../shared/config/site.js';
import { AuditLog } from '../../site-client/audit.js';
import { SiteClient } from '../../site-client/client.js';
import { loadSiteData } from '../../site-client/data.js';
import { SiteExecutor } from '../../site-client/executor.js';
import { SiteMetrics } from '../../site-client/metrics.js';
import { SiteStore } from '../../site-client/store.js';
import { loadSiteTls } from '../../site-client/tls.js';

/** Registers `fedcxr site`. */
export function register(program: Command): void {
  program
    .command('site')
    .description('run a site client: train and evaluate locally for the coordinator; only tensors and counts leave')
    .requiredOption('--config <file>', 'site.yaml')
    .action(async (flags: { config: string }) => {
      const cfg = loadYamlConfig(SiteConfigSchema, flags.config);
      const engine = await initEngine({ ...(cfg.backend ? { backend: cfg.backend } : {}), ...(cfg.threads ? { threads: cfg.threads } : {}) });
      const store = new SiteStore(cfg.cacheDir);
      const data = await loadSiteData(cfg.siteId, cfg.data, `${cfg.cacheDir}/preprocessed`);
      const audit = new AuditLog(cfg.auditLog ?? store.auditPath, cfg.siteId);
      const executor = new SiteExecutor({ siteId: cfg.siteId, data, caps: cfg.caps, minReportExamples: cfg.minReportExamples, store, audit, ...siteMethodOptions(cfg.methods) });
      const metrics = cfg.metricsPort === undefined ? undefined : new SiteMetrics();
      if (metrics) metrics.watchAudit(audit);
      const served = metrics && cfg.metricsPort !== undefined ? await metrics.serve(cfg.metricsPort, cfg.metricsHost) : undefined;
      const client = new SiteClient({
        url: cfg.coordinatorUrl,
        siteId: cfg.siteId,
        key: cfg.key ?? readFileSync(cfg.keyFile as string, 'utf8').trim(),
        handler: metrics ? metrics.meter(executor) : executor,
        ...(metrics ? { onSend: metrics.onSend } : {}),
        ...(await loadSiteTls(cfg)),
        insecure: cfg.insecure,
        heartbeatIntervalMs: cfg.heartbeatSeconds * 1000,
        maxUploadBytes: cfg.caps.maxUploadBytes,
      });
      client.on('disconnected', (reason) => process.stderr.write(`site ${cfg.siteId}: disconnected (${reason}); reconnecting\n`));
      client.on('taskFailed', (kind, round, err) => process.stderr.write(`site ${cfg.siteId}: ${kind} round ${round} failed: ${err.message}\n`));
      process.stdout.write(
        `site ${cfg.siteId}: ${engine.backend}; train ${data.train.length}, test ${data.test.length} at ${data.inputSize} px; audit log ${audit.path ?? '(memory)'}\n`,
      );
      if (served) process.stdout.write(`site ${cfg.siteId}: metrics on ${served.url}\n`);
      await client.start();
      process.stdout.write(`site ${cfg.siteId}: registered with ${cfg.coordinatorUrl}\n`);
      await new Promise<void>((resolve, reject) => {
        client.once('fatal', reject);
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await client.stop();
      served?.server.close();
      executor.dispose();
    });
}
