/**
 * ClientProxy over one authenticated socket.io connection, and the owner of that connection once the
 * handshake is done (CONVENTIONS 17): `attach` registers the site's session handlers (heartbeat, chunk,
 * fitRes, evaluateRes, failure, disconnect) on the socket where the per-site state lives. One proxy per
 * connection: a reconnected site gets a new proxy and is prepared again. Requests go out as (chunked)
 * protobuf; a fit/evaluate result comes back later as its own message and settles the pending promise.
 * A pending task fails with a reason on its deadline, on heartbeat silence, on a site-reported failure,
 * on a malformed result, or on disconnect. Whether a result joins a round is `acceptance.ts`'s decision;
 * the proxy only routes a message to the task it answers.
 */
import type { Socket } from 'socket.io';
import type { WireDType } from '../shared/domain/tensor-set.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { ProtocolError, StaleResultError, TimeoutError, UnavailableError, WireLimitError, errorMessage } from '../shared/domain/errors.js';
import { logger } from '../shared/log.js';
import { Reassembler, type ByteBudget } from '../shared/federation/chunks.js';
import { HeldInstructions, type Instruction, type SentInFull } from './held-instructions.js';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../shared/federation/events.js';
import { evaluateInsToBytes, failureFromBytes, failureToBytes, fitInsToBytes, fitResFromBytes, evaluateResFromBytes, heartbeatFromBytes, holdToBytes, runSpecToBytes, trunkToBytes } from '../shared/federation/serde.js';
import type { WireFailure, WireHeartbeat } from '../shared/federation/serde.js';
import { HOLD_CAPABILITY } from '../shared/federation/tensors-ref.js';
import { expectReply, replyToBytes } from '../shared/federation/serde-control.js';
import { acceptChunk, openEnvelopeOwned, sendMessage, serveRequest, withAckTimeout, withDeadline, type RequestFn } from '../shared/federation/transport.js';
import type { ClientProxy, EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec } from '../shared/federation/types.js';
import type { WireLimits } from '../shared/federation/wire-limits.js';
import { fitExpectation, MAX_EVALUATE_RES_BYTES, scanEvaluateRes, scanFitRes, type FitExpectation } from '../shared/federation/wire-scan.js';
import type { TaskKind } from '../shared/domain/kinds.js';
import { identityMismatch } from './acceptance.js';
import type { BroadcastBytes } from './broadcast-bytes.js';

/** The coordinator's typed socket.io socket. */
export type CoordinatorSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Events a registered site sends; their handlers belong to the site's proxy. */
export const SESSION_EVENTS = ['heartbeat', 'chunk', 'fitRes', 'evaluateRes', 'failure'] as const satisfies readonly (keyof ClientToServerEvents)[];

const log = logger('coordinator.socket-proxy');

/** Settings of a proxy's connection. */
export interface ProxyOptions {
  readonly limits: WireLimits;
  /** Reassembly bytes all connections may hold together (the server's; a private one when absent). */
  readonly uploadBudget?: ByteBudget;
  /** Instructions encoded once per broadcast, shared by the server's proxies (each proxy encodes its own when absent). */
  readonly broadcast?: BroadcastBytes;
  /** dtype of tensors sent to the site and of the updates it returns. */
  readonly wireDType: WireDType;
  /** A task fails after this long without a heartbeat (sites beat while training). */
  readonly heartbeatTimeoutMs: number;
  /** Called once the connection closed, after every pending task failed. */
  readonly onClose?: (proxy: SocketClientProxy, reason: string) => void;
  /** The capabilities the site registered (e.g. "hold"). @default none */
  readonly capabilities?: readonly string[];
}

type Request = RequestFn<'runSpec' | 'trunk' | 'hold' | 'fit' | 'evaluate' | 'chunk' | 'cancel'>;

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
  /** Tensors this task's instruction carried in full: the site holds them once it accepted the instruction. */
  sentInFull?: SentInFull;
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
  /** What the site holds for instructions by reference (protocol 3). */
  private readonly held = new HeldInstructions();
  /** Instructions sent by reference (their tensors named by an earlier message's digest), and the fallbacks. */
  readonly refs = this.held.counts;

  private readonly reassembler: Reassembler;
  private readonly send: Request;

  private constructor(
    readonly siteId: string,
    private readonly socket: CoordinatorSocket,
    private readonly opts: ProxyOptions,
  ) {
    // Uploads are admitted only for a pending task's result (and its size), within the server-wide budget.
    this.reassembler = new Reassembler(opts.limits, Date.now, {
      ...(opts.uploadBudget ? { budget: opts.uploadBudget } : {}),
      admit: (n) => this.admitUpload(n),
    });
    this.send = (event, frame, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, frame);
  }

  /** Takes over `socket` (registered as `siteId`): registers the site's session handlers on it. */
  static attach(socket: CoordinatorSocket, siteId: string, opts: ProxyOptions): SocketClientProxy {
    const proxy = new SocketClientProxy(siteId, socket, opts);
    proxy.listen();
    return proxy;
  }

  /** Closes the connection (e.g. when the site reconnected on a newer one). */
  disconnect(): void {
    this.socket.disconnect(true);
  }

  private listen(): void {
    const ok = (): Uint8Array => replyToBytes({ kind: 'ok' });
    const on = (event: (typeof SESSION_EVENTS)[number], fn: (frame: Uint8Array) => void): void => {
      this.socket.on(event, serveRequest(log, event, this.opts.limits.maxFrameBytes, (frame) => (fn(frame), ok())));
    };
    on('heartbeat', (frame) => this.onHeartbeat(heartbeatFromBytes(frame)));
    on('chunk', (frame) => {
      this.touch(); // each chunk of a result upload is a sign of life
      acceptChunk(this.reassembler, frame);
    });
    on('fitRes', (frame) => this.onResult('fit', this.openResult('fit', frame)));
    on('evaluateRes', (frame) => this.onResult('evaluate', this.openResult('evaluate', frame)));
    on('failure', (frame) => this.onFailure(failureFromBytes(frame)));
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
  }

  /** Whether the connection is gone. */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /**
   * Sends the RunSpec and, if the site lacks it, the frozen trunk (once per connection and run); then, to a site
   * that registered "hold", `global`, which it keeps for the next instruction to name by reference.
   */
  async prepare(spec: RunSpec, frozen: TensorSet | null, deadlineMs: number, global?: TensorSet): Promise<void> {
    this.assertOpen('prepare');
    const work = async (): Promise<void> => {
      const { wireDType: updateDType, heartbeatTimeoutMs, limits } = this.opts;
      const terms = { updateDType, heartbeatTimeoutMs, maxChunkBytes: limits.chunkBytes, maxMessageBytes: limits.maxTransferBytes };
      const reply = await this.request('runSpec', runSpecToBytes(spec, terms), deadlineMs);
      const { hasTrunk } = expectReply(reply, 'prepare', `runSpec to ${this.siteId}`);
      if (!hasTrunk) {
        const trunk = { runId: spec.runId, trunkHash: spec.trunkHash, tensors: frozen ?? [] };
        const bytes = this.opts.broadcast ? this.opts.broadcast.trunk(trunk) : trunkToBytes(trunk);
        this.traffic.sentBytes += bytes.length;
        const r = await withAckTimeout(sendMessage(this.send, 'trunk', bytes, this.opts.limits, deadlineMs), `trunk to ${this.siteId}`, deadlineMs);
        expectReply(r, 'ok', `trunk to ${this.siteId}`);
      }
      const held = global !== undefined && this.opts.capabilities?.includes(HOLD_CAPABILITY) === true && (await this.hold(spec.runId, global, deadlineMs));
      log.info({ site: this.siteId, run: spec.runId, trunkSent: !hasTrunk, held }, 'site prepared');
      this.preparedRun = spec.runId;
    };
    await withDeadline(work(), deadlineMs, `prepare on ${this.siteId}`);
  }

  /**
   * Leaves `tensors` with the site (a Hold): the next instruction carrying that very set names it by reference.
   * Only a shortcut: if the site refuses it, that instruction carries the tensors in full (false, logged).
   */
  private async hold(runId: string, tensors: TensorSet, deadlineMs: number): Promise<boolean> {
    const h = { runId, tensors };
    const bytes = this.opts.broadcast ? this.opts.broadcast.hold(h, this.opts.wireDType) : holdToBytes(h, this.opts.wireDType);
    this.traffic.sentBytes += bytes.length;
    try {
      const r = await withAckTimeout(sendMessage(this.send, 'hold', bytes, this.opts.limits, deadlineMs), `hold to ${this.siteId}`, deadlineMs);
      expectReply(r, 'ok', `hold to ${this.siteId}`);
    } catch (err) {
      log.warn({ site: this.siteId, err: errorMessage(err) }, 'hold refused; the next instruction carries the global in full');
      return false;
    }
    this.held.keep(tensors, bytes);
    return true;
  }

  /** Sends FitIns and resolves with the site's FitRes, or rejects with the reason it failed. */
  fit(ins: FitIns, deadlineMs: number): Promise<FitRes> {
    const dtype = this.opts.wireDType;
    const msg: Instruction = {
      tensors: ins.tensors,
      full: () => (this.opts.broadcast ? this.opts.broadcast.fitIns(ins, dtype) : fitInsToBytes(ins, dtype)),
      byRef: (digest) => fitInsToBytes(ins, dtype, digest),
    };
    return this.task('fit', ins.runId, ins.round, deadlineMs, msg, fitExpectation(ins.tensors)) as Promise<FitRes>;
  }

  /** Sends EvaluateIns and resolves with the site's EvaluateRes, or rejects with the reason it failed. */
  evaluate(ins: EvaluateIns, deadlineMs: number): Promise<EvaluateRes> {
    const dtype = this.opts.wireDType;
    const msg: Instruction = {
      tensors: ins.tensors,
      full: () => (this.opts.broadcast ? this.opts.broadcast.evaluateIns(ins, dtype) : evaluateInsToBytes(ins, dtype)),
      byRef: (digest) => evaluateInsToBytes(ins, dtype, digest),
    };
    return this.task('evaluate', ins.runId, ins.round, deadlineMs, msg, null) as Promise<EvaluateRes>;
  }

  /** The message bytes of a result envelope; a broken envelope also fails the pending task of `kind`. */
  private openResult(kind: TaskKind, frame: Uint8Array): { bytes: Uint8Array; owned: boolean } {
    try {
      return openEnvelopeOwned(this.reassembler, frame);
    } catch (err) {
      this.settle(kind, undefined, err instanceof Error ? err : new ProtocolError(errorMessage(err)));
      throw err;
    }
  }

  /** A FitRes/EvaluateRes message arrived: settle the matching pending task. Throws to refuse it. */
  private onResult(kind: TaskKind, { bytes, owned }: { bytes: Uint8Array; owned: boolean }): void {
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
      // A reassembled result is ours: its tensors are decoded in place (peak memory ≈ the message, not twice it).
      res = kind === 'fit' ? fitResFromBytes(bytes, { adopt: owned }) : evaluateResFromBytes(bytes);
    } catch (err) {
      // The site broke the protocol while this task was pending: fail the task with the reason.
      this.settle(kind, undefined, err instanceof Error ? err : new ProtocolError(errorMessage(err)));
      throw err;
    }
    const impostor = identityMismatch(kind, res.siteId, this.siteId);
    if (impostor !== null) {
      const err = new ProtocolError(impostor);
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

  /** Any frame arrived from the site (e.g. a chunk of a result upload): it is alive. */
  private touch(): void {
    for (const p of this.pending.values()) p.watchdog.refresh();
  }

  /** A heartbeat arrived: the pending task's site is alive. */
  private onHeartbeat(hb: WireHeartbeat): void {
    if (hb.siteId !== this.siteId) throw new ProtocolError(`heartbeat names site ${hb.siteId}, connection is ${this.siteId}`);
    for (const p of this.pending.values()) {
      if (p.runId !== hb.runId || p.round !== hb.round) continue;
      p.progress = hb.progress;
      p.watchdog.refresh();
    }
  }

  /** The site reported that an accepted task failed. */
  private onFailure(f: WireFailure): void {
    const p = this.pending.get(f.kind);
    if (!p || p.runId !== f.runId || p.round !== f.round) throw new StaleResultError(`failure report for ${f.kind} round ${f.round} is not pending`);
    this.settle(f.kind, undefined, f.error);
  }

  /** The connection closed: every pending task fails with the reason. */
  private onDisconnect(reason: string): void {
    this.closedReason = reason;
    this.reassembler.clear();
    for (const kind of [...this.pending.keys()]) {
      this.settle(kind, undefined, new UnavailableError(`site ${this.siteId} disconnected during ${kind}: ${reason}`));
    }
    this.opts.onClose?.(this, reason);
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

  private task(kind: TaskKind, runId: string, round: number, deadlineMs: number, msg: Instruction, expect: FitExpectation | null): Promise<FitRes | EvaluateRes> {
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
          () => abandon(new TimeoutError(`${kind} on ${this.siteId}: no heartbeat for ${this.opts.heartbeatTimeoutMs} ms`)),
          this.opts.heartbeatTimeoutMs,
        ),
      };
      this.pending.set(kind, p);
      this.lastExpect.set(kind, expect);
      const send = async (): Promise<void> => {
        const timeout = Math.min(deadlineMs, this.opts.limits.ackTimeoutMs);
        // Each acked chunk of a long download is a sign of life too.
        const request: Request = async (ev, f, ms) => {
          const r = await this.send(ev, f, ms);
          p.watchdog.refresh();
          return r;
        };
        const deliver = async (bytes: Uint8Array): Promise<void> => {
          this.traffic.sentBytes += bytes.length;
          const reply = await withAckTimeout(sendMessage(request, kind, bytes, this.opts.limits, timeout), `${kind} to ${this.siteId}`, timeout);
          expectReply(reply, 'ok', `${kind} to ${this.siteId}`);
        };
        const refused = (err: unknown): void => log.info({ site: this.siteId, kind, round, err: errorMessage(err) }, 'tensors reference refused; sending them in full');
        if (!(await this.held.deliverByRef(msg, deliver, refused))) {
          const bytes = msg.full();
          // The site holds these tensors once it accepts. Its result may be handled before this ack's continuation
          // runs, so settle() records the acceptance too.
          p.sentInFull = this.held.sentInFull(msg, bytes);
          await deliver(bytes);
          this.held.accepted(p.sentInFull);
        }
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
    if (!err && p.sentInFull) this.held.accepted(p.sentInFull); // a result means the instruction was accepted
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
    withAckTimeout(this.send('cancel', frame, this.opts.limits.ackTimeoutMs), `cancel to ${this.siteId}`, this.opts.limits.ackTimeoutMs)
      .then((r) => expectReply(r, 'ok', `cancel to ${this.siteId}`))
      .catch((err: unknown) => log.warn({ site: this.siteId, kind, round, err: errorMessage(err) }, 'cancel not acknowledged'));
  }

  private async request(event: 'runSpec', frame: Uint8Array, deadlineMs: number): Promise<unknown> {
    this.traffic.sentBytes += frame.length;
    const timeout = Math.min(deadlineMs, this.opts.limits.ackTimeoutMs);
    return withAckTimeout(this.send(event, frame, timeout), `${event} to ${this.siteId}`, timeout);
  }

  private assertOpen(what: string): void {
    if (this.closedReason !== undefined) throw new UnavailableError(`cannot ${what}: site ${this.siteId} disconnected (${this.closedReason})`);
  }
}

function key(kind: TaskKind, runId: string, round: number): string {
  return `${kind}\u0000${runId}\u0000${round}`;
}

