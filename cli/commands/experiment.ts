/**
 * `fedcxr experiment --preset paper|real | --config exp.yaml --out DIR [--quick] [--external DIR]`: the study's
 * protocol and the federated comparison in one resumable command; prints the settings and the estimated time
 * first, then a progress bar with ETA (a line per cell when stderr is not a TTY). `--export-init NAME --to DIR`
 * writes one of a run's pretrained inits as a checkpoint instead.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { initEngine } from '../../shared/engine/index.js';
import { resolveExperiment } from '../../experiments/config.js';
import { runExperiment } from '../../experiments/runner.js';
import { EXPORTABLE_INITS, exportInit, type ExportableInit } from '../../experiments/export-init.js';
import { compareModels, comparisonMarkdown } from '../../experiments/compare.js';
import { ConfigError } from '../../shared/domain/errors.js';

const hms = (s: number): string => {
  const t = Math.max(0, Math.round(s));
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m${String(t % 60).padStart(2, '0')}s`;
};

/** Registers `fedcxr experiment`. */
export function register(program: Command): void {
  program
    .command('experiment')
    .description('run an experiment (unfreeze sweep, cross-institution, federated vs pooled vs alone vs personalised, shortcut probe) into a report folder; resumable')
    .option('--preset <name>', 'paper (synthetic phantoms with the study\'s counts) | real (Kermany + nih1000 from ../shared/data)')
    .option('--config <file>', 'an experiment YAML instead of a preset (see docs/experiments.md)')
    .requiredOption('--out <dir>', 'report folder (finished cells there are reused: rerun to resume)')
    .option('--quick', 'tiny sizes, 1 seed, 2 folds, 2 levels, few rounds (CI)')
    .option('--seeds <n>', 'the comparison over seeds 1…n (default 3); seeds past the fold count rotate through a fresh patient partition, and cells already in --out are reused', (v: string) => Number(v))
    .option('--run-seed <n>', 'another run seed: every carve (sites, pretraining, tuning, held-out set) drawn afresh and all training seeded anew; a replication on other patients', (v: string) => Number(v))
    .option('--external <dir>', 'a labelled set (class folders or manifest) every model is also scored on')
    .option('--report-only', 'write the report from the cells already finished in --out and run nothing')
    .option('--backend <name>', 'tfjs backend (default: best available)')
    .option('--export-init <name>', `write a pretrained init of the experiment in --out (${EXPORTABLE_INITS.join(' | ')}) as a float16 checkpoint into --to, and run nothing`)
    .option('--to <dir>', 'an empty directory for --export-init')
    .option('--compare <models...>', 'two model names of the report in --out (e.g. scaffold fedavg): their paired AUC difference per init and size, seeds and images resampled; runs nothing')
    .action(async (o: { preset?: string; config?: string; out: string; quick?: boolean; seeds?: number; runSeed?: number; external?: string; backend?: string; reportOnly?: boolean; exportInit?: string; to?: string; compare?: string[] }) => {
      if (o.compare !== undefined) {
        const [a, b, ...extra] = o.compare;
        if (a === undefined || b === undefined || extra.length > 0) throw new ConfigError(`--compare takes two model names, got ${o.compare.length}`);
        const { mixed, rows } = await compareModels(o.out, a, b);
        process.stdout.write(comparisonMarkdown(a, b, mixed, rows));
        return;
      }
      if (o.exportInit !== undefined) {
        const name = o.exportInit;
        if (!(EXPORTABLE_INITS as readonly string[]).includes(name)) throw new ConfigError(`--export-init must be one of ${EXPORTABLE_INITS.join(', ')}, got ${name}`);
        if (o.to === undefined) throw new ConfigError('--export-init needs --to DIR (an empty directory)');
        const m = await exportInit(o.out, name as ExportableInit, o.to);
        process.stdout.write(`wrote init ${name} of ${o.out} to ${o.to} (${m.dtype}, tensor set ${m.tensorSetHash.slice(0, 12)}…; ${m.provenance.source})\n`);
        return;
      }
      const engine = await initEngine(o.backend ? { backend: o.backend as never } : {});
      const config = await resolveExperiment({ preset: o.preset, config: o.config, quick: o.quick === true, seeds: o.seeds, runSeed: o.runSeed });
      const command = ['fedcxr experiment', o.preset ? `--preset ${o.preset}` : `--config ${o.config}`, `--out ${o.out}`, o.quick ? '--quick' : '', o.seeds !== undefined ? `--seeds ${o.seeds}` : '', o.runSeed !== undefined ? `--run-seed ${o.runSeed}` : '', o.external ? `--external ${o.external}` : ''].filter(Boolean).join(' ');
      const err = process.stderr;
      const tty = err.isTTY === true;
      const bar = tty ? new cliProgress.SingleBar({ stream: err, format: '{bar} {percentage}% | ETA {eta_h} | {label}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
      const t0 = performance.now();
      let doneAtStart = 0;
      let barStarted = false;
      const result = await runExperiment({
        config,
        out: o.out,
        ...(o.external ? { external: o.external } : {}),
        ...(o.reportOnly ? { reportOnly: true } : {}),
        command,
        engine: `${engine.backend} (${engine.threads} threads)`,
        log: tty ? undefined : (line) => err.write(`${line}\n`),
        onPlan: (plan, finished, sites) => {
          const remaining = plan.filter((p) => !finished.has(p.key));
          const est = remaining.reduce((s, p) => s + p.estimateSeconds, 0);
          doneAtStart = plan.reduce((s, p) => s + p.estimateSeconds, 0) - est;
          process.stdout.write(`fedcxr experiment ${config.name}${sites.synthetic ? ' — SYNTHETIC phantoms' : ''} — research tool, not for clinical use\n`);
          process.stdout.write(`engine ${engine.backend} (${engine.threads} threads); input ${config.inputSize} px; out ${o.out}\n`);
          process.stdout.write(`settings: ${JSON.stringify({ tune: config.tune, sweep: config.sweep, cross: config.cross, federated: config.federated, pretrain: config.pretrain, split: config.split, train: config.train })}\n`);
          for (const [size, s] of sites.bySize) process.stdout.write(`sites (${size}): ${s.map((x) => `${x.id} ${x.data.train.length}/${x.data.val.length}/${x.data.test.length}`).join(', ')} (train/val/test${config.split.rotate ? '; the comparison rotates each seed through a patient k-fold of these' : ''})\n`);
          const untuned = plan.some((p) => p.meta.section === 'tune' && !finished.has(p.key));
          process.stdout.write(`cells: ${plan.length} planned, ${finished.size} already finished (reused); estimated time for the rest: ${hms(est)}${untuned ? ' (the cells after tuning priced at the configured level until tuning has chosen theirs; the ETA then follows)' : ''}\n`);
        },
        onProgress: (done, total, label) => {
          const elapsed = (performance.now() - t0) / 1000;
          const ranEst = done - doneAtStart;
          const factor = ranEst > 0 ? elapsed / ranEst : 1;
          const eta = hms((total - done) * factor);
          if (bar) {
            if (!barStarted) {
              bar.start(Math.round(total), Math.round(done), { eta_h: eta, label });
              barStarted = true;
            } else {
              // The total is re-priced once tuning has chosen the budget.
              if (bar.getTotal() !== Math.round(total)) bar.setTotal(Math.round(total));
              bar.update(Math.round(done), { eta_h: eta, label });
            }
          } else err.write(`[${((100 * done) / total).toFixed(0)}%] ETA ${eta} — ${label}\n`);
        },
      });
      bar?.stop();
      process.stdout.write(`ran ${result.ran} cell(s), reused ${result.skipped}; report: ${result.reportPath} (${hms((performance.now() - t0) / 1000)})\n`);
    });
}
