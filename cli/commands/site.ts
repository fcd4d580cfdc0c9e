/**
 * `fedcxr site --config site.yaml`: connects to the coordinator (mutual HMAC, TLS pinned when configured),
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
import { SiteStore } from '../../site-client/store.js';

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
      const client = new SiteClient({
        url: cfg.coordinatorUrl,
        siteId: cfg.siteId,
        key: cfg.key ?? readFileSync(cfg.keyFile as string, 'utf8').trim(),
        handler: executor,
        ...(cfg.ca ? { ca: readFileSync(cfg.ca) } : {}),
        insecure: cfg.insecure,
        heartbeatIntervalMs: cfg.heartbeatSeconds * 1000,
        maxUploadBytes: cfg.caps.maxUploadBytes,
      });
      client.on('disconnected', (reason) => process.stderr.write(`site ${cfg.siteId}: disconnected (${reason}); reconnecting\n`));
      client.on('taskFailed', (kind, round, err) => process.stderr.write(`site ${cfg.siteId}: ${kind} round ${round} failed: ${err.message}\n`));
      process.stdout.write(
        `site ${cfg.siteId}: ${engine.backend}; train ${data.train.length}, test ${data.test.length} at ${data.inputSize} px; audit log ${audit.path ?? '(memory)'}\n`,
      );
      await client.start();
      process.stdout.write(`site ${cfg.siteId}: registered with ${cfg.coordinatorUrl}\n`);
      await new Promise<void>((resolve, reject) => {
        client.once('fatal', reject);
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await client.stop();
      executor.dispose();
    });
}
