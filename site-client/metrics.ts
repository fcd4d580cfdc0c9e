/**
 * A site's own Prometheus metrics, served on an optional port (`metricsPort` in site.yaml, loopback by
 * default): seconds spent training and evaluating, tasks by outcome, bytes sent to the coordinator by
 * event, and audit-log entries written. Wraps the site's handler, client hook and audit log; changes none
 * of what they do.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { SiteHandler } from '../shared/federation/types.js';
import type { AuditLog } from './audit.js';

/** Prometheus metrics of one site client. */
export class SiteMetrics {
  readonly registry = new Registry();
  private readonly taskSeconds: Counter<'kind'>;
  private readonly tasks: Counter<'kind' | 'outcome'>;
  private readonly sent: Counter<'event'>;
  private readonly audit: Counter<'type'>;

  /** @param opts.processMetrics also export Node process metrics. @default true */
  constructor(opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.taskSeconds = new Counter({ name: 'fedcxr_site_task_seconds_total', help: 'Seconds spent in fit (training) and evaluate tasks', labelNames: ['kind'], registers });
    this.tasks = new Counter({ name: 'fedcxr_site_tasks_total', help: 'Tasks run, by kind and outcome', labelNames: ['kind', 'outcome'], registers });
    this.sent = new Counter({ name: 'fedcxr_site_sent_bytes_total', help: 'Bytes of frames sent to the coordinator, by event', labelNames: ['event'], registers });
    this.audit = new Counter({ name: 'fedcxr_site_audit_entries_total', help: 'Entries written to the audit log, by message type', labelNames: ['type'], registers });
    for (const kind of ['fit', 'evaluate']) this.taskSeconds.inc({ kind }, 0);
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'fedcxr_site_' });
  }

  /** `handler` with its fit/evaluate timed and counted (same results, same errors). */
  meter(handler: SiteHandler): SiteHandler {
    const timed = async <T>(kind: 'fit' | 'evaluate', run: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        const out = await run();
        this.tasks.inc({ kind, outcome: 'ok' });
        return out;
      } catch (err) {
        this.tasks.inc({ kind, outcome: 'failed' });
        throw err;
      } finally {
        this.taskSeconds.inc({ kind }, (performance.now() - t0) / 1000);
      }
    };
    const metered: SiteHandler = {
      siteId: handler.siteId,
      hasTrunk: (h) => handler.hasTrunk(h),
      prepareRun: (spec, frozen) => handler.prepareRun(spec, frozen),
      fit: (ins, beat, signal) => timed('fit', () => handler.fit(ins, beat, signal)),
      evaluate: (ins, signal) => timed('evaluate', () => handler.evaluate(ins, signal)),
    };
    const describe = handler.describe?.bind(handler);
    return describe ? { ...metered, describe } : metered;
  }

  /** For `SiteClientOptions.onSend`: counts every frame's bytes. */
  readonly onSend = (event: string, frame: Uint8Array): void => {
    this.sent.inc({ event }, frame.byteLength);
  };

  /** Counts the entries `audit` records from now on. */
  watchAudit(audit: AuditLog): void {
    const record = audit.record.bind(audit);
    audit.record = (type, msg) => {
      const entry = record(type, msg);
      this.auditRecorded(type);
      return entry;
    };
  }

  /** Counts one audit entry of `type` written elsewhere (e.g. by the site's worker thread). */
  readonly auditRecorded = (type: string): void => {
    this.audit.inc({ type });
  };

  /** Serves `GET /metrics` on `host:port` (0 = any free port); resolves with the server. */
  async serve(port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/metrics') {
        this.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const a = server.address() as AddressInfo;
    return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${a.port}/metrics` };
  }
}
