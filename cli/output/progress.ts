/**
 * A progress bar per round on a terminal (stderr): sites done training out of those sampled, bytes moved
 * this round, and an ETA. A RunObserver; prints nothing when stderr is not a terminal.
 */
import cliProgress from 'cli-progress';
import type { RoundEnd, RoundStateEvent, RunObserver, SiteStatusEvent } from '../../coordinator/observer.js';

/** Progress bars for a run's rounds. */
export class TerminalProgress implements RunObserver {
  private bar: cliProgress.SingleBar | undefined;
  private round = 0;
  private sampled = 0;
  private done = 0;
  private bytes = 0;

  /** @param totalRounds shown as "round r/N". */
  constructor(
    private readonly totalRounds: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  private get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  private payload(): Record<string, string> {
    return { round: `${this.round}/${this.totalRounds}`, mb: (this.bytes / 1e6).toFixed(1) };
  }

  onRoundState(e: RoundStateEvent): void {
    if (e.state !== 'fitting' || !this.enabled) return;
    this.stop();
    this.round = e.round;
    this.sampled = 0;
    this.done = 0;
    this.bytes = 0;
    this.bar = new cliProgress.SingleBar(
      { stream: this.stream, format: 'round {round} [{bar}] {value}/{total} sites trained | {mb} MB moved | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true, etaBuffer: 4 },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(1, 0, this.payload());
  }

  onSiteStatus(e: SiteStatusEvent): void {
    if (!this.bar || e.round !== this.round) return;
    if (e.activity === 'training') {
      this.sampled++;
      this.bar.setTotal(this.sampled);
    } else if (e.activity === 'idle' || e.activity === 'failed' || e.activity === 'rejected') {
      this.done++;
      this.bar.update(this.done, this.payload());
    }
  }

  onBytes(_siteId: string, _direction: 'in' | 'out', bytes: number): void {
    this.bytes += bytes;
    this.bar?.update(this.done, this.payload());
  }

  onRoundEnd(_o: RoundEnd): void {
    this.stop();
  }

  /** Removes the bar (before the round's table is printed). */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
