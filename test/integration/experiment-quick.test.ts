import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareModels } from '../../experiments/compare.js';
import { resolveExperiment } from '../../experiments/config.js';
import { runExperiment } from '../../experiments/runner.js';
import { initEngine } from '../../shared/engine/index.js';

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), 'fedcxr-exp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fedcxr experiment --preset paper --quick', () => {
  it('writes a complete report with sane metrics, and a rerun reuses every cell', async () => {
    // Prepare
    const config = await resolveExperiment({ preset: 'paper', quick: true });
    const progress: number[] = [];
    // Execute
    const first = await runExperiment({ config, out: dir, command: 'test', engine: 'test', onProgress: (d, t) => progress.push(d / t) });
    // Assert: files
    for (const f of ['report.md', 'results.csv', 'probes.csv', 'results.json', 'config.json', 'roc-pneumonia-study.svg', 'roc-pneumonia-study.png', 'pr-pneumonia-study.svg', 'pr-pneumonia-study.png']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(readFileSync(join(dir, 'roc-pneumonia-study.png')).subarray(1, 4).toString()).toBe('PNG');
    // sections, labelled synthetic
    const md = readFileSync(first.reportPath, 'utf8');
    for (const h of ['SYNTHETIC', '## Training budget (chosen on validation)', '## 1. Unfreeze sweep', "### The study's own values (another dataset)", '## 2. Cross-institution', '## 3. Federated vs pooled vs each site alone vs personalised', '## 4. Shortcut probe', '## Goal check']) expect(md).toContain(h);
    // CSV headers
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0]).toBe(
      'section,init,size,model,eval_on,n,groups,collapsed_groups,auc,auc_lo,auc_hi,sensitivity,sensitivity_lo,sensitivity_hi,specificity,specificity_lo,specificity_hi,auc_mean,auc_sd,sensitivity_mean,sensitivity_sd,specificity_mean,specificity_sd',
    );
    expect(readFileSync(join(dir, 'probes.csv'), 'utf8').split('\n')[0]).toBe('init,size,model,institution_auc_mean,institution_auc_sd,shortcut_reliance_mean,shortcut_reliance_sd,seeds');
    // sane metric ranges, ordered CIs
    const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      synthetic: boolean;
      rows: { section: string; model: string; auc: { value: number | null; lo: number | null; hi: number | null }; sensitivity: { value: number | null } }[];
      goals: { best: string | null; chosenOn: string }[];
    };
    expect(json.synthetic).toBe(true);
    type Evals = { model: string; evalOn: string; scores: number[] }[];
    const cell = (name: string) => (JSON.parse(readFileSync(join(dir, 'cells', `${name}.json`), 'utf8')) as { value: { evals: Evals } }).value.evals;
    expect(new Set(json.rows.map((r) => r.section))).toEqual(new Set(['tune', 'sweep', 'cross', 'central', 'federated', 'probe']));
    expect(json.rows.some((r) => r.model === 'fedavg+finetune')).toBe(true);
    // prototype alignment: its λ tuned on the tuning carve, the method compared like the others
    expect(json.rows.some((r) => r.section === 'tune' && r.model.startsWith('aligned λ'))).toBe(true);
    expect(json.rows.some((r) => r.model === 'aligned+finetune')).toBe(true);
    // FedAdam: its server rate tuned on the tuning carve, the method compared like the others
    expect(json.rows.some((r) => r.section === 'tune' && r.model.startsWith('fedadam ') && r.model.includes('η'))).toBe(true);
    expect(json.rows.some((r) => r.section === 'federated' && r.model === 'fedadam')).toBe(true);
    // SCAFFOLD: its local SGD rate tuned on the tuning carve (one cell per rate), the method compared like the others
    expect(json.rows.filter((r) => r.section === 'tune' && /^scaffold \S+ lr /.test(r.model)).length).toBe(4);
    expect(json.rows.some((r) => r.section === 'federated' && r.model === 'scaffold')).toBe(true);
    expect(json.rows.some((r) => r.model === 'scaffold+finetune')).toBe(true);
    // clustered FedAvg: every site (and the external set) scored once, by the model of the federation its
    // intensity histogram put it in; the report names the federations
    const clusteredOn = cell('federated_pneumonia_study_s1_clustered').filter((e) => e.model === 'clustered').map((e) => e.evalOn);
    const siteIds = cell('central_pneumonia_study_s1_pooled').filter((e) => e.model === 'pooled (all sites)').map((e) => e.evalOn);
    expect([...clusteredOn].sort()).toEqual([...siteIds].sort());
    expect(clusteredOn).toContain('external');
    expect(md).toMatch(/clustered: federations \S+ \| \S+ \(intensity histograms, 2 clusters\)/);
    // the held-out carve is the external set: every model scored there, the goal checks repeated on it
    expect(md).toContain('External set: the held-out carve, 16 images');
    expect(json.rows.some((r) => r.section === 'federated' && r.model === 'fedavg+finetune' && (r as { evalOn?: string }).evalOn === 'external')).toBe(true);
    expect(md).toContain('| external: AUC beats');
    // local–global ensembles: on the mixed site and the external set, the mean of the site's own model and its personalised one
    const alone = cell('central_pneumonia_study_s1_alone_2');
    const fedavg = cell('federated_pneumonia_study_s1_fedavg');
    const mixed = alone[0]!.model.replace(/ alone$/, '');
    for (const on of [mixed, 'external']) {
      const pick = (evals: Evals, model: string) => evals.find((e) => e.model === model && e.evalOn === on)!.scores;
      const [local, personal, ensemble] = [pick(alone, `${mixed} alone`), pick(fedavg, 'fedavg+finetune'), pick(fedavg, 'fedavg+ensemble')];
      expect(ensemble.length).toBe(local.length);
      ensemble.forEach((v, i) => expect(v).toBeCloseTo((local[i]! + personal[i]!) / 2, 12));
    }
    // the goal's method is chosen on validation folds
    expect(json.goals.map((g) => g.chosenOn)).toEqual(json.goals.map(() => 'validation'));
    // the untrained init, scored on each seed's folds (every site and the external set) without training, is a
    // reference beside the pooled ceilings in the goal check
    const untrained = cell('central_pneumonia_study_s1_init');
    expect(new Set(untrained.map((e) => e.evalOn))).toEqual(new Set(siteIds));
    expect(untrained.every((e) => e.model === 'before training (init)')).toBe(true);
    expect(md).toMatch(/\| before training \(init\) \| [0-9.]+ \| -?[0-9.]+ \(/);
    for (const r of json.rows) {
      if (r.auc.value === null) continue;
      expect(r.auc.value).toBeGreaterThanOrEqual(0);
      expect(r.auc.value).toBeLessThanOrEqual(1);
      expect(r.auc.lo!).toBeLessThanOrEqual(r.auc.value + 1e-12);
      expect(r.auc.value).toBeLessThanOrEqual(r.auc.hi! + 1e-12);
    }
    expect(progress.at(-1)).toBeCloseTo(1, 6);
    // --compare: any two models' paired difference, the same estimate the goal check prints against the mixed site alone
    const cmp = await compareModels(dir, 'fedavg+ensemble', `${mixed} alone`);
    expect(cmp.mixed).toBe(mixed);
    const study = cmp.rows.find((r) => r.size === 'study')!;
    expect(study.folds.pairs).toBe(1);
    const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
    expect(md).toContain(`| fedavg+ensemble | `);
    expect(md).toContain(`${f3(study.folds.value)} (${f3(study.folds.lo)}–${f3(study.folds.hi)}) | ${f3(study.external.value)} (${f3(study.external.lo)}–${f3(study.external.hi)})`);
    await expect(compareModels(dir, 'fedavg', 'no such model')).rejects.toThrow(/no model named "no such model"/);
    // Resume: nothing is recomputed
    const again = await runExperiment({ config, out: dir, command: 'test', engine: 'test' });
    expect(again.ran).toBe(0);
    expect(again.skipped).toBe(first.ran);
    // Another config into the same folder is refused before anything runs: its cells would pass for the new one's
    const other = { ...config, federated: { ...config.federated, rounds: config.federated.rounds + 1 } };
    await expect(runExperiment({ config: other, out: dir, command: 'test', engine: 'test' })).rejects.toThrow(/another experiment config \(federated\.rounds/);
    // --report-only on a stopped run: nothing computed, the report says PARTIAL
    const cellsDir = join(dir, 'cells');
    const victim = readdirSync(cellsDir).find((f) => f.startsWith('federated'));
    rmSync(join(cellsDir, victim!));
    const partial = await runExperiment({ config, out: dir, command: 'test', engine: 'test', reportOnly: true });
    expect(partial.ran).toBe(0);
    expect(partial.skipped).toBe(first.ran - 1);
    expect(readFileSync(partial.reportPath, 'utf8')).toContain('PARTIAL');
  }, 900_000);
});
