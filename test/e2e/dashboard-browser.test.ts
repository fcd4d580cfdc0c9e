/**
 * The dashboard in a real browser: Debian's chromium (driven by playwright-core, headless, no sandbox,
 * background networking off, a fresh profile) opens the coordinator's page during a simulated run over
 * socket.io on loopback, and checks that rounds advance, site rows update and the plots render. Saves a
 * screenshot to test-artifacts/dashboard.png (path printed). Skips, saying why, when chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CoordinatorOps } from '../../coordinator/ops.js';
import { randomInitialModel } from '../../coordinator/initial-model.js';
import { initEngine } from '../../shared/engine/index.js';
import { runSimulation } from '../../sim/simulation.js';
import { phantomSiteData } from '../../site-client/data.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { testRunOptions } from '../integration/run-options.js';

const CHROMIUM = process.env.FEDCXR_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`dashboard browser test skipped: no chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does)`);

const dirs: string[] = [];
let browser: BrowserContext | undefined;
afterAll(async () => {
  await browser?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!haveBrowser)('dashboard in chromium during a simulated run', () => {
  it('shows rounds advancing, live site rows and rendered plots; saves a screenshot', async () => {
    // Prepare: three phantom sites at 32 px (FC: the loop is level-agnostic, FC keeps it fast), a slow-enough run for the page to watch it advance.
    await initEngine();
    const stateDir = mkdtempSync(join(tmpdir(), 'fedcxr-dash-'));
    const profile = mkdtempSync(join(tmpdir(), 'fedcxr-chromium-'));
    dirs.push(stateDir, profile);
    const sites = ['km', 'nihcc', 'niosh'].map((id, i) => ({
      id,
      data: phantomSiteData({ site: id, nNormal: i === 0 ? 0 : 6, nDisease: i === 1 ? 0 : 6, inputSize: 32, seed: 11 + i, testFraction: 0.34, valFraction: 0 }),
    }));
    const ops = new CoordinatorOps({ processMetrics: false });
    let url = '';
    let listening!: () => void;
    const ready = new Promise<void>((r) => (listening = r));
    const rounds = 4;
    const sim = runSimulation({
      transport: 'socket',
      initial: randomInitialModel(32, [16], 3),
      sites,
      ops,
      minReportExamples: 1,
      heartbeatIntervalMs: 200,
      onListening: (u) => {
        url = u;
        listening();
      },
      run: testRunOptions(stateDir, { level: 'FC', fit: { localEpochs: 2, batchSize: 4, learningRate: 0.01, seed: 1, optimizer: 'adam' }, rounds, minFitSites: 3, minAvailableSites: 3, fitDeadlineMs: 60_000, evaluateDeadlineMs: 60_000, prepareDeadlineMs: 60_000, waitForSitesMs: 30_000, maxUpdateNorm: 1e9 }),
    });
    await ready;

    // Execute: open the dashboard while the run is going.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1100 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#conn.ok', { timeout: 10_000 });
    const committed = async (): Promise<number> => Number(await page.getAttribute('#progress', 'data-committed'));
    // Polled from here: the page's CSP (script-src 'self') rightly forbids evaluating strings in it.
    const until = async (what: string, ok: () => Promise<boolean>, ms: number): Promise<void> => {
      for (const end = Date.now() + ms; !(await ok()); ) {
        if (Date.now() > end) throw new Error(`dashboard never showed ${what} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until('a committed round', async () => (await committed()) >= 1, 30_000);
    const early = await committed();
    const earlySites = await page.$$eval('#sites tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    // A later round, and the site rows moved on since (both snapshots can fall on the same phase of consecutive
    // rounds, where a row may read the same for a moment under load: wait for the change, do not sample once).
    const siteRows = (): Promise<string[]> => page.$$eval('#sites tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    await until('a later committed round', async () => (await committed()) > early, 30_000);
    const later = await committed();
    await until('site rows that moved on', async () => JSON.stringify(await siteRows()) !== JSON.stringify(earlySites), 30_000);
    const laterSites = await siteRows();
    // The artefact shows the run live (mid-run, socket connected).
    const artefacts = join(REPO_ROOT, 'test-artifacts');
    mkdirSync(artefacts, { recursive: true });
    const shot = join(artefacts, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`dashboard screenshot (live run, round ${later} committed): ${shot}`);
    const result = await sim;
    await until('the finished run', async () => (await page.textContent('#status')) === 'finished', 10_000);
    const plots = await page.$$eval('svg[id^=plot-]', (svgs) => Object.fromEntries(svgs.map((s) => [s.id, Number(s.getAttribute('data-points'))])));
    const rocPolyline = await page.$('#plot-roc polyline.roc');

    // Assert
    expect(result.result.status).toBe('finished');
    expect(errors).toEqual([]);
    expect(later).toBeGreaterThan(early);
    expect(earlySites).toHaveLength(3);
    expect(laterSites).not.toEqual(earlySites); // bytes, heartbeat age, loss or activity moved on
    expect(await page.$$eval('#rounds tbody tr', (r) => r.length)).toBeGreaterThanOrEqual(rounds);
    expect(plots['plot-auc']).toBe(rounds);
    expect(plots['plot-acc']).toBe(3 * rounds);
    expect(plots['plot-loss']).toBe(2 * rounds);
    expect(plots['plot-bytes']).toBe(rounds);
    expect(plots['plot-roc']).toBeGreaterThan(2);
    expect(rocPolyline).not.toBeNull();
  }, 90_000);
});
