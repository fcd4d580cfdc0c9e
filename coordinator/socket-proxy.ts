/**
 * ClientProxy over one authenticated socket.io connection (one proxy per connection: a reconnected site
 * gets a new proxy and is prepared again). Requests go out as (chunked) protobuf; a fit/evaluate result
 * comes back later as its own message and settles the pending promise. A pending task fails with a reason
 * on its deadline, on heartbeat silence, on a site-reported failure, on a malformed result, or on disconnect.
 */
import type { WireDType } from '../shared/domain/tensor-set.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { ProtocolError, TimeoutError, UnavailableError, errorMessage } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import { evaluateInsToBytes, failureToBytes, fitInsToBytes, fitResFromBytes, evaluateResFromBytes, runSpecToBytes, trunkToBytes } from '../shared/federation/serde.js';
import type { WireFailure, WireHeartbeat } from '../shared/federation/serde.js';
import { expectReply, StaleResultError } from '../shared/federation/serde-control.js';
import { sendMessage, withAckTimeout, type RequestFn } from '../shared/federation/transport.js';
import type { ClientProxy, EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec } from '../shared/federation/types.js';
import { WireLimitError, type WireLimits } from '../shared/federation/wire-limits.js';
import { fitExpectation, MAX_EVALUATE_RES_BYTES, scanEvaluateRes, scanFitRes, type FitExpectation } from '../shared/federation/wire-scan.js';
import type { TaskKind } from '../shared/domain/kinds.js';

const log = logger('coordinator.socket-proxy');

/** What a proxy needs of its connection. */
export interface SiteLink {
  readonly request: RequestFn<'runSpec' | 'trunk' | 'fit' | 'evaluate' | 'chunk' | 'cancel'>;
  readonly limits: WireLimits;
  /** dtype of tensors sent to the site and of the updates it returns. */
  readonly wireDType: WireDType;
  /** A task fails after this long without a heartbeat (sites beat while training). */
  readonly heartbeatTimeoutMs: number;
}


interface Pending {
  readonly kind: TaskKind;
  readonly runId: string;
  readonly round: number;
  readonly resolve: (v: FitRes | EvaluateRes) => void;
  readonly reject: (err: Error) => void;
  readonly deadline: NodeJS.Timeout;
  /** What the answer to a fit may hold (checked before decoding); null for evaluate (fixed bound). */
  readonly expect: FitExpectation | null;
  watchdog: NodeJS.Timeout;
  progress: number;
}

/** Byte counts of the traffic a proxy sent and received (for bench/wire.ts and logs). */
export interface ProxyTraffic {
  sentBytes: number;
  receivedBytes: number;
}

/** The coordinator's handle on one connected site. */
export class SocketClientProxy implements ClientProxy {
  private readonly pending = new Map<TaskKind, Pending>();
  private readonly done = new Set<string>();
  /** Tasks that ended without a result (deadline, silence, failure): a result for one of them is late, not a replay. */
  private readonly ended = new Set<string>();
  /** The size/layout expectation of the last task of each kind (bounds what a stale result may make us decode). */
  private readonly lastExpect = new Map<TaskKind, FitExpectation | null>();
  private preparedRun: string | undefined;
  private closedReason: string | undefined;
  /** Encoded message bytes this proxy sent and received (excluding socket.io framing). */
  readonly traffic: ProxyTraffic = { sentBytes: 0, receivedBytes: 0 };

  constructor(
    readonly siteId: string,
    private readonly link: SiteLink,
  ) {}

  /** Whether the connection is gone. */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Sends the RunSpec and, if the site lacks it, the frozen trunk (once per connection and run). */
  async prepare(spec: RunSpec, frozen: TensorSet | null, deadlineMs: number): Promise<void> {
    this.assertOpen('prepare');
    const work = async (): Promise<void> => {
      const reply = await this.request('runSpec', runSpecToBytes(spec, this.link.wireDType), deadlineMs);
      const { hasTrunk } = expectReply(reply, 'prepare', `runSpec to ${this.siteId}`);
      if (!hasTrunk) {
        const bytes = trunkToBytes({ runId: spec.runId, trunkHash: spec.trunkHash, tensors: frozen ?? [] });
        this.traffic.sentBytes += bytes.length;
        const r = await withAckTimeout(sendMessage(this.link.request, 'trunk', bytes, this.link.limits, deadlineMs), `trunk to ${this.siteId}`, deadlineMs);
        expectReply(r, 'ok', `trunk to ${this.siteId}`);
      }
      log.info({ site: this.siteId, run: spec.runId, trunkSent: !hasTrunk }, 'site prepared');
      this.preparedRun = spec.runId;
    };
    await raceDeadline(work(), deadlineMs, `prepare on ${this.siteId}`);
  }

  /** Sends FitIns and resolves with the site's FitRes, or rejects with the reason it failed. */
  fit(ins: FitIns, deadlineMs: number): Promise<FitRes> {
    return this.task('fit', ins.runId, ins.round, deadlineMs, () => fitInsToBytes(ins, this.link.wireDType), fitExpectation(ins.tensors)) as Promise<FitRes>;
  }

  /** Sends EvaluateIns and resolves with the site's EvaluateRes, or rejects with the reason it failed. */
  evaluate(ins: EvaluateIns, deadlineMs: number): Promise<EvaluateRes> {
    return this.task('evaluate', ins.runId, ins.round, deadlineMs, () => evaluateInsToBytes(ins, this.link.wireDType), null) as Promise<EvaluateRes>;
  }

  /**
   * The reassembler asks before allocating a chunked upload: only a pending task's result, and no larger than
   * that result may be. Throws WireLimitError otherwise (no buffer is ever made for it).
   */
  admitUpload(totalBytes: number): void {
    let max = 0;
    for (const p of this.pending.values()) max = Math.max(max, p.expect ? p.expect.maxBytes : MAX_EVALUATE_RES_BYTES);
    if (max === 0) throw new WireLimitError(`upload of ${totalBytes} bytes refused: no fit or evaluate is pending on ${this.siteId}`);
    if (totalBytes > max) throw new WireLimitError(`upload of ${totalBytes} bytes refused: the pending task's result may hold at most ${max}`);
  }

  /** A FitRes/EvaluateRes message arrived: settle the matching pending task. Throws to refuse it. */
  onResult(kind: TaskKind, bytes: Uint8Array): void {
    this.traffic.receivedBytes += bytes.length;
    // Size and layout are checked against the pending task (or, to name a stale result, the last one of this
    // kind) before anything is decoded; a result of a kind never requested is not decoded at all.
    const pending = this.pending.get(kind);
    const expect = pending ? pending.expect : this.lastExpect.get(kind);
    if (expect === undefined) throw new StaleResultError(`${kind} result of ${bytes.length} bytes refused undecoded: no ${kind} was requested from ${this.siteId}`);
    let res: FitRes | EvaluateRes;
    try {
      if (expect) scanFitRes(bytes, expect);
      else scanEvaluateRes(bytes);
      res = kind === 'fit' ? fitResFromBytes(bytes) : evaluateResFromBytes(bytes);
    } catch (err) {
      // The site broke the protocol while this task was pending: fail the task with the reason.
      this.settle(kind, undefined, err instanceof Error ? err : new ProtocolError(errorMessage(err)));
      throw err;
    }
    if (res.siteId !== this.siteId) {
      const err = new ProtocolError(`${kind} result names site ${res.siteId}, but the connection authenticated as ${this.siteId}`);
      this.settle(kind, undefined, err);
      throw err;
    }
    const p = this.pending.get(kind);
    if (!p || p.runId !== res.runId || p.round !== res.round) {
      const k = key(kind, res.runId, res.round);
      const why = this.done.has(k) ? 'was already received (replay)' : this.ended.has(k) ? 'arrived after its task ended (late)' : 'was never requested';
      throw new StaleResultError(`${kind} result for run ${res.runId} round ${res.round} ${why}`);
    }
    this.settle(kind, res);
  }

  /** Fails the pending task of `kind` (if any) with `err`: its result arrived unusable. */
  failPending(kind: TaskKind, err: unknown): void {
    this.settle(kind, undefined, err instanceof Error ? err : new ProtocolError(errorMessage(err)));
  }

  /** Any frame arrived from the site (e.g. a chunk of a result upload): it is alive. */
  touch(): void {
    for (const p of this.pending.values()) p.watchdog.refresh();
  }

  /** A heartbeat arrived: the pending task's site is alive. */
  onHeartbeat(hb: WireHeartbeat): void {
    for (const p of this.pending.values()) {
      if (p.runId !== hb.runId || p.round !== hb.round) continue;
      p.progress = hb.progress;
      p.watchdog.refresh();
    }
  }

  /** The site reported that an accepted task failed. */
  onFailure(f: WireFailure): void {
    const p = this.pending.get(f.kind);
    if (!p || p.runId !== f.runId || p.round !== f.round) throw new StaleResultError(`failure report for ${f.kind} round ${f.round} is not pending`);
    this.settle(f.kind, undefined, f.error);
  }

  /** The connection closed: every pending task fails with the reason. */
  onDisconnect(reason: string): void {
    this.closedReason = reason;
    for (const kind of [...this.pending.keys()]) {
      this.settle(kind, undefined, new UnavailableError(`site ${this.siteId} disconnected during ${kind}: ${reason}`));
    }
  }

  private task(kind: TaskKind, runId: string, round: number, deadlineMs: number, encode: () => Uint8Array, expect: FitExpectation | null): Promise<FitRes | EvaluateRes> {
    return new Promise<FitRes | EvaluateRes>((resolve, reject) => {
      try {
        this.assertOpen(kind);
        if (this.pending.has(kind)) throw new ProtocolError(`a ${kind} is already pending on ${this.siteId}`);
        if (this.preparedRun !== runId) throw new UnavailableError(`run ${runId} is not prepared on ${this.siteId} (call prepare first)`);
      } catch (err) {
        reject(err as Error);
        return;
      }
      // The coordinator gave up on it: tell the site, so it stops counting the task as running.
      const abandon = (err: Error): void => {
        this.settle(kind, undefined, err);
        this.cancel(kind, runId, round, err);
      };
      const fail = (err: Error): void => this.settle(kind, undefined, err);
      const p: Pending = {
        kind,
        runId,
        round,
        resolve,
        reject,
        expect,
        progress: 0,
        deadline: setTimeout(() => abandon(new TimeoutError(`${kind} on ${this.siteId} missed its ${deadlineMs} ms deadline`)), deadlineMs),
        watchdog: setTimeout(
          () => abandon(new TimeoutError(`${kind} on ${this.siteId}: no heartbeat for ${this.link.heartbeatTimeoutMs} ms`)),
          this.link.heartbeatTimeoutMs,
        ),
      };
      this.pending.set(kind, p);
      this.lastExpect.set(kind, expect);
      const send = async (): Promise<void> => {
        const bytes = encode();
        this.traffic.sentBytes += bytes.length;
        const timeout = Math.min(deadlineMs, this.link.limits.ackTimeoutMs);
        // Each acked chunk of a long download is a sign of life too.
        const request: SiteLink['request'] = async (ev, f, ms) => {
          const r = await this.link.request(ev, f, ms);
          p.watchdog.refresh();
          return r;
        };
        const reply = await withAckTimeout(sendMessage(request, kind, bytes, this.link.limits, timeout), `${kind} to ${this.siteId}`, timeout);
        expectReply(reply, 'ok', `${kind} to ${this.siteId}`);
        p.watchdog.refresh(); // accepted: the heartbeat clock starts now
      };
      send().catch((err: unknown) => {
        if (this.pending.get(kind) === p) fail(err instanceof Error ? err : new ProtocolError(errorMessage(err)));
      });
    });
  }

  private settle(kind: TaskKind, value: FitRes | EvaluateRes | undefined, err?: Error): void {
    const p = this.pending.get(kind);
    if (!p) return;
    this.pending.delete(kind);
    clearTimeout(p.deadline);
    clearTimeout(p.watchdog);
    (err ? this.ended : this.done).add(key(kind, p.runId, p.round));
    if (err) {
      log.warn({ site: this.siteId, kind, round: p.round, err: err.message }, 'task failed');
      p.reject(err);
    } else p.resolve(value as FitRes | EvaluateRes);
  }

  /** Best effort: a site that misses the cancel clears its busy flag on reconnect anyway. */
  private cancel(kind: TaskKind, runId: string, round: number, reason: Error): void {
    if (this.closedReason !== undefined) return;
    const frame = failureToBytes({ runId, round, kind, error: reason });
    withAckTimeout(this.link.request('cancel', frame, this.link.limits.ackTimeoutMs), `cancel to ${this.siteId}`, this.link.limits.ackTimeoutMs)
      .then((r) => expectReply(r, 'ok', `cancel to ${this.siteId}`))
      .catch((err: unknown) => log.warn({ site: this.siteId, kind, round, err: errorMessage(err) }, 'cancel not acknowledged'));
  }

  private async request(event: 'runSpec', frame: Uint8Array, deadlineMs: number): Promise<unknown> {
    this.traffic.sentBytes += frame.length;
    const timeout = Math.min(deadlineMs, this.link.limits.ackTimeoutMs);
    return withAckTimeout(this.link.request(event, frame, timeout), `${event} to ${this.siteId}`, timeout);
  }

  private assertOpen(what: string): void {
    if (this.closedReason !== undefined) throw new UnavailableError(`cannot ${what}: site ${this.siteId} disconnected (${this.closedReason})`);
  }
}

function key(kind: TaskKind, runId: string, round: number): string {
  return `${kind}\u0000${runId}\u0000${round}`;
}

/** Rejects with a TimeoutError if `p` has not settled within `ms`. */
async function raceDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} missed its ${ms} ms deadline`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
