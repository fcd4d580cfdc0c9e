/**
 * `fedcxr coordinator --config coordinator.yaml [--resume [RUN]]`: serves socket.io (TLS when configured),
 * admits the configured sites by HMAC, and runs (or resumes) a durable federated run.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError, UnavailableError } from '../../shared/domain/errors.js';
import { loadYamlConfig } from '../../shared/config/load.js';
import { CoordinatorConfigSchema } from '../../shared/config/coordinator.js';
import { toRunOptions } from '../../coordinator/config.js';
import { loadInitialModel } from '../../coordinator/initial-model.js';
import { SiteRegistry } from '../../coordinator/registry.js';
import { roundLines } from '../../coordinator/report.js';
import { FederatedRun } from '../../coordinator/run.js';
import { CoordinatorServer } from '../../coordinator/server.js';
import { CoordinatorOps } from '../../coordinator/ops.js';
import { TerminalProgress } from '../output/progress.js';
import { assertTransportAllowed } from '../../coordinator/tls.js';

/** Registers `fedcxr coordinator`. */
export function register(program: Command): void {
  program
    .command('coordinator')
    .description('run the federation coordinator (socket.io server + round loop + ledger)')
    .requiredOption('--config <file>', 'coordinator.yaml')
    .option('--resume [runId]', 'continue the given (or newest unfinished) run at its next round')
    .option('--insecure', 'allow plaintext off loopback (testing only)')
    .action(async (flags: { config: string; resume?: string | boolean; insecure?: boolean }) => {
      const cfg = loadYamlConfig(CoordinatorConfigSchema, flags.config);
      // The transport policy is checked before anything (run row, base checkpoint) is written.
      assertTransportAllowed(cfg.host, cfg.tls ? { cert: cfg.tls.cert, key: cfg.tls.key } : undefined, cfg.insecure || flags.insecure === true);
      const keys = new Map(cfg.sites.map((s) => [s.id, s.key ?? readFileSync(s.keyFile as string, 'utf8').trim()]));
      const registry = new SiteRegistry(keys);
      const enrolled = Object.fromEntries(cfg.sites.filter((s) => s.enrolled).map((s) => [s.id, s.enrolled ?? {}]));
      const opts = { ...toRunOptions(cfg.federation), enrolled };
      let run: FederatedRun;
      if (flags.resume) {
        run = await FederatedRun.resume(opts, registry, typeof flags.resume === 'string' ? flags.resume : undefined);
      } else {
        const m = cfg.federation.model;
        const { model } = await loadInitialModel(m).catch((err: unknown) => {
          if (err instanceof UnavailableError && m.checkpoint === 'pretrained') {
            throw new UnavailableError(`${err.message}; set federation.model.checkpoint to a checkpoint dir, or to 'random' to start from random init`);
          }
          throw err;
        });
        run = await FederatedRun.create(opts, model, registry);
      }
      const tls = cfg.tls ? { cert: readFileSync(cfg.tls.cert, 'utf8'), key: readFileSync(cfg.tls.key, 'utf8'), ...(cfg.tls.ca ? { ca: readFileSync(cfg.tls.ca, 'utf8') } : {}) } : undefined;
      const token = cfg.dashboard.tokenFile ? readFileSync(cfg.dashboard.tokenFile, 'utf8').trim() : undefined;
      const ops = new CoordinatorOps({ token, extra: new TerminalProgress(opts.rounds) });
      run.observe(ops.observer);
      const server = await CoordinatorServer.start({
        routes: ops.routes,
        host: cfg.host,
        port: cfg.port,
        ...(tls ? { tls } : {}),
        insecure: cfg.insecure || flags.insecure === true,
        siteKey: (id) => keys.get(id),
        wireDType: cfg.wireDType,
        heartbeatTimeoutMs: cfg.federation.heartbeatSeconds * 6000,
      });
      ops.attach(server);
      ops.markReady();
      server.on('siteConnected', (proxy, reg) => registry.add(proxy, reg));
      server.on('siteDisconnected', (id, proxy) => registry.remove(id, proxy));
      if (!keys.size) throw new ConfigError('coordinator.yaml lists no sites');
      process.stdout.write(`coordinator ${server.url}: run ${run.runId} from round ${run.startRound}; waiting for ${opts.minAvailableSites} of ${keys.size} sites\n`);
      process.stdout.write(`dashboard ${server.url}/ (${token ? 'token required off loopback' : 'loopback only'}); metrics ${server.url}/metrics\n`);
      const stop = (): void => {
        process.stdout.write('stopping after the current round (Ctrl-C again to abort)\n');
        run.stop();
        process.once('SIGINT', () => process.exit(130));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const r = await run.execute((o) => process.stdout.write(`${roundLines(o).join('\n')}\n`));
        process.stdout.write(`run ${r.runId}: ${r.status}${r.reason ? ` — ${r.reason}` : ''}; ${r.lastRound} rounds committed; global ${r.globalHash}\n`);
        if (r.status !== 'finished') process.exitCode = 1;
      } finally {
        ops.close();
        run.close();
        await server.close();
      }
    });
}
