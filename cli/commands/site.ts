/**
 * `fedcxr site --config site.yaml`: connects to the coordinator (mutual HMAC; TLS pinned with `ca`, mutual TLS
 * with `clientCert`/`clientKey` when configured),
 * registers counts only, and trains/evaluates locally with the operator's caps and an audit log.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { loadYamlConfig } from '../../shared/config/load.js';
import { siteMethodOptions, SiteConfigSchema } from '../../shared/config/site.js';
import { SiteClient } from '../../site-client/client.js';
import { SiteMetrics } from '../../site-client/metrics.js';
import { SiteStore } from '../../site-client/store.js';
import { loadSiteTls } from '../../site-client/tls.js';
import { WorkerSiteHandler } from '../../site-client/worker-handler.js';

/** Registers `fedcxr site`. */
export function register(program: Command): void {
  program
    .command('site')
    .description('run a site client: train and evaluate locally for the coordinator; only tensors and counts leave')
    .requiredOption('--config <file>', 'site.yaml')
    .action(async (flags: { config: string }) => {
      const cfg = loadYamlConfig(SiteConfigSchema, flags.config);
      const store = new SiteStore(cfg.cacheDir);
      const metrics = cfg.metricsPort === undefined ? undefined : new SiteMetrics();
      // Engine, data, model and feature cache live in a worker thread: heartbeats flow during any fit.
      const executor = await WorkerSiteHandler.start(
        {
          siteId: cfg.siteId,
          engine: { ...(cfg.backend ? { backend: cfg.backend } : {}), ...(cfg.threads ? { threads: cfg.threads } : {}) },
          data: { kind: 'config', config: cfg.data, cacheDir: `${cfg.cacheDir}/preprocessed` },
          storeDir: cfg.cacheDir,
          auditPath: cfg.auditLog ?? store.auditPath,
          caps: cfg.caps,
          minReportExamples: cfg.minReportExamples,
          ...siteMethodOptions(cfg.methods),
        },
        metrics ? { onAudit: metrics.auditRecorded } : {},
      );
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
      const info = executor.info;
      process.stdout.write(
        `site ${cfg.siteId}: ${info.backend} (worker thread); train ${info.counts.train}, test ${info.counts.test} at ${info.inputSize} px; audit log ${info.auditPath ?? '(memory)'}\n`,
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
      await executor.close();
    });
}
