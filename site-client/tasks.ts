/**
 * Serving the coordinator's requests on an authenticated socket: RunSpec and trunk (prepare a run), fit and
 * evaluate (acked at once, then run in the background with heartbeats, their result uploaded in chunks or a
 * Failure sent instead). One task at a time; an abandoned one (cancel, reconnect) has its AbortSignal aborted,
 * so the handler stops computing at its next batch. A FitRes must carry exactly the run, round, site and tensor
 * layout of its FitIns; error text is redacted before it leaves (`redact.ts`).
 */
import { AuthError, ProtocolError, UnavailableError, ValueError, errorMessage, WireLimitError } from '../shared/domain/errors.js';
import { Reassembler, sha256 } from '../shared/federation/chunks.js';
import type { ServerToClientEvents } from '../shared/federation/events.js';
import {
  evaluateInsFromBytes,
  evaluateResToBytes,
  failureFromBytes,
  failureToBytes,
  fitInsFromBytes,
  fitResToBytes,
  heartbeatToBytes,
  holdFromBytes,
  runSpecFromBytes,
  trunkFromBytes,
} from '../shared/federation/serde.js';
import { errorReply, expectReply, replyToBytes } from '../shared/federation/serde-control.js';
import { acceptChunk, openEnvelopeOwned, sendMessage, serveRequest, type OpenedEnvelope } from '../shared/federation/transport.js';
import { HeldTensors } from '../shared/federation/tensors-ref.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import type { FitIns, FitRes, RunSpec, SiteHandler } from '../shared/federation/types.js';
import type { InsDecodeOptions, RunTerms } from '../shared/federation/serde.js';
import { checkEvaluation, describeRejection } from '../shared/federation/validate-evaluation.js';
import { type WireLimits } from '../shared/federation/wire-limits.js';
import { logger } from '../shared/log.js';
import { layoutMismatch } from '../shared/domain/tensor-set.js';
import { redactError } from './redact.js';
import type { SendFrame, SiteSocket } from './site-socket.js';
import type { TaskKind } from '../shared/domain/kinds.js';

const log = logger('site-client.client'); // client.ts's name, so log filters on it still see these lines

/** A request handler for one ServerToClientEvents event, as `serveRequest` builds it. */
export interface TaskHandler {
  readonly event: keyof ServerToClientEvents;
  readonly handler: ReturnType<typeof serveRequest>;
}

/** The two kinds of task a coordinator runs on a site. */

/** What a TaskServer needs from its SiteClient (defaults already applied). */
export interface TaskServerOptions {
  readonly siteId: string;
  readonly handler: SiteHandler;
  readonly limits: WireLimits;
  /** Heartbeat period while a task runs. */
  readonly heartbeatIntervalMs: number;
  /** Operator cap on one uploaded message (bytes). */
  readonly maxUploadBytes: number;
  readonly send: SendFrame;
  /** The client's onSend (the audit hook), shown every reply frame. */
  readonly onSend: ((event: 'reply', frame: Uint8Array) => void) | undefined;
  /** Whether `socket` is the client's current socket and its coordinator proved the key. */
  readonly trusts: (socket: SiteSocket) => boolean;
  readonly onTaskFailed: (kind: TaskKind, round: number, error: Error) => void;
}

interface RunState {
  readonly spec: RunSpec;
  readonly terms: RunTerms;
  prepared: boolean;
}

/** Runs the coordinator's requests on a SiteHandler; one per SiteClient, its busy flag outlives reconnects. */
export class TaskServer {
  private busy = false;
  /** The running task; a result whose generation is no longer current was abandoned and is dropped. */
  private current: {
    readonly kind: TaskKind;
    readonly runId: string;
    readonly round: number;
    readonly gen: number;
    readonly timer: NodeJS.Timeout;
    /** Aborted when the task is abandoned: the handler stops its work at the next batch boundary. */
    readonly stop: AbortController;
  } | null = null;
  private gen = 0;
  private runs = new Map<string, RunState>();
  private reassembler: Reassembler;
  /** Tensors of the last instructions of this connection, for instructions that refer to them by digest. */
  private readonly held = new HeldTensors();

  constructor(private readonly opts: TaskServerOptions) {
    this.reassembler = new Reassembler(opts.limits);
  }

  /**
   * Decodes an instruction envelope: a reassembled message in place (it is ours), a `tensorsRef` from the held
   * sets; tensors that came in full are then held under the message's digest (the one the transfer was verified
   * with; an inline message, at most one chunk, is hashed here).
   */
  private instruction<T extends { readonly tensors: TensorSet }>(frame: Uint8Array, decode: (bytes: Uint8Array, opts: InsDecodeOptions) => T): T {
    const env: OpenedEnvelope = openEnvelopeOwned(this.reassembler, frame);
    let byRef = false;
    const ins = decode(env.bytes, {
      adopt: env.owned,
      held: (ref, field) => {
        byRef = true;
        return this.held.resolve(ref, field);
      },
    });
    if (!byRef) this.held.remember(env.sha256 ?? sha256(env.bytes), ins.tensors);
    return ins;
  }

  /**
   * Forgets prepared runs and partial messages for a fresh connection, and abandons the running task: the
   * coordinator that asked for it is gone (its proxy failed the task), so the site must take new tasks.
   */
  reset(): void {
    this.runs = new Map();
    this.reassembler = new Reassembler(this.opts.limits);
    this.held.clear(); // references name messages of one connection
    this.abandon('the connection was replaced');
  }

  /** Stops treating the running task as running (its result, when the work ends, is dropped). */
  private abandon(why: string): boolean {
    const c = this.current;
    if (!c) return false;
    clearInterval(c.timer);
    this.current = null;
    this.busy = false;
    this.gen++;
    c.stop.abort(new Error(why));
    log.warn({ kind: c.kind, round: c.round, why }, 'task abandoned');
    return true;
  }

  /**
   * The chunk, runSpec, trunk, fit and evaluate request handlers for `socket` (refused until it is trusted);
   * `client.ts` registers them (socket.io stays there).
   */
  handlers(socket: SiteSocket): TaskHandler[] {
    const handlers: TaskHandler[] = [];
    const on = <E extends keyof ServerToClientEvents>(event: E, fn: (frame: Uint8Array) => Promise<Uint8Array> | Uint8Array): void => {
      const handler = serveRequest(log, event, this.opts.limits.maxFrameBytes, async (frame) => {
        try {
          // Nothing runs for a coordinator that has not proven the key.
          if (!this.opts.trusts(socket)) throw new AuthError(`${event} before the coordinator authenticated`);
          const reply = await fn(frame);
          this.opts.onSend?.('reply', reply);
          return reply;
        } catch (err) {
          log.warn({ event, err: errorMessage(err) }, 'request refused'); // the full text stays in the local log
          const safe = redactError(err);
          this.opts.onSend?.('reply', errorReply(safe));
          throw safe;
        }
      });
      handlers.push({ event, handler });
    };
    on('chunk', (frame) => {
      acceptChunk(this.reassembler, frame);
      return replyToBytes({ kind: 'ok' });
    });
    on('cancel', (frame) => {
      const f = failureFromBytes(frame);
      const c = this.current;
      // Only the task it names: a stale cancel must not abandon a newer task.
      if (c && c.kind === f.kind && c.runId === f.runId && c.round === f.round) this.abandon(`cancelled by the coordinator: ${f.error.message}`);
      return replyToBytes({ kind: 'ok' });
    });
    on('runSpec', async (frame) => {
      const { spec, terms } = runSpecFromBytes(frame);
      const has = await this.opts.handler.hasTrunk(spec.trunkHash);
      const state: RunState = { spec, terms, prepared: false };
      if (has) {
        await this.opts.handler.prepareRun(spec, null);
        state.prepared = true;
      }
      this.runs.set(spec.runId, state);
      return replyToBytes({ kind: 'prepare', hasTrunk: has });
    });
    on('trunk', async (frame) => {
      const env = openEnvelopeOwned(this.reassembler, frame);
      const trunk = trunkFromBytes(env.bytes, { adopt: env.owned }); // a reassembled trunk is ours: decoded in place
      const run = this.runs.get(trunk.runId);
      if (!run) throw new ProtocolError(`trunk for run ${trunk.runId} without its RunSpec`);
      if (trunk.trunkHash !== run.spec.trunkHash) throw new ValueError(`trunk hash ${trunk.trunkHash} ≠ RunSpec's ${run.spec.trunkHash}`, { field: 'trunk.trunkHash' });
      await this.opts.handler.prepareRun(run.spec, trunk.tensors);
      run.prepared = true;
      return replyToBytes({ kind: 'ok' });
    });
    on('hold', (frame) => {
      // Kept under the message's digest (as an instruction's tensors are) for the next FitIns/EvaluateIns to name.
      const h = this.instruction(frame, holdFromBytes);
      if (!this.runs.get(h.runId)?.prepared) throw new UnavailableError(`hold for run ${h.runId}, which is not prepared on this site`);
      return replyToBytes({ kind: 'ok' });
    });
    on('fit', (frame) => {
      const ins = this.instruction(frame, fitInsFromBytes);
      const run = this.accept(ins.runId, ins.trunkHash);
      this.runTask(socket, 'fit', run, ins.round, async (beat, signal) => {
        const res = await this.opts.handler.fit(ins, beat, signal);
        checkFitRes(res, ins, this.opts.siteId);
        return fitResToBytes(res, run.terms.updateDType);
      });
      return replyToBytes({ kind: 'ok' });
    });
    on('evaluate', (frame) => {
      const ins = this.instruction(frame, evaluateInsFromBytes);
      const run = this.accept(ins.runId, ins.trunkHash);
      this.runTask(socket, 'evaluate', run, ins.round, async (_beat, signal) => {
        const res = await this.opts.handler.evaluate(ins, signal);
        // The coordinator's own acceptance rule: refuse here what it would reject there.
        const rejection = checkEvaluation(res, { siteId: this.opts.siteId, ins });
        if (rejection) throw new ValueError(`EvaluateRes refused before sending: ${describeRejection(rejection)}`, { field: 'evaluateRes' });
        return evaluateResToBytes(res);
      });
      return replyToBytes({ kind: 'ok' });
    });
    return handlers;
  }

  private accept(runId: string, trunkHash: string): RunState {
    const run = this.runs.get(runId);
    if (!run?.prepared) throw new UnavailableError(`run ${runId} is not prepared on this site`);
    if (trunkHash !== run.spec.trunkHash) throw new ValueError(`trunk hash ${trunkHash} ≠ the run's ${run.spec.trunkHash}`, { field: 'trunkHash' });
    if (this.busy) throw new ProtocolError('a task is already running on this site');
    return run;
  }

  /**
   * Runs an accepted task in the background with heartbeats, then uploads its result (or a Failure), within
   * the run's terms: beats at least six times per heartbeat timeout, chunks no larger than the coordinator takes.
   */
  private runTask(
    socket: SiteSocket,
    kind: TaskKind,
    state: RunState,
    round: number,
    work: (beat: (progress: number) => void, signal: AbortSignal) => Promise<Uint8Array>,
  ): void {
    this.busy = true;
    const gen = ++this.gen;
    let progress = 0;
    const { siteId, send } = this.opts;
    const { spec, terms } = state;
    const runId = spec.runId;
    const limits = { ...this.opts.limits, chunkBytes: Math.min(this.opts.limits.chunkBytes, terms.maxChunkBytes) };
    const beat = (): void => {
      if (!this.opts.trusts(socket)) return;
      const hb = heartbeatToBytes({ runId, round, siteId, progress });
      send(socket, 'heartbeat', hb).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'heartbeat not acknowledged'));
    };
    const timer = setInterval(beat, Math.max(1, Math.min(this.opts.heartbeatIntervalMs, Math.floor(terms.heartbeatTimeoutMs / 6))));
    const stop = new AbortController();
    this.current = { kind, runId, round, gen, timer, stop };
    const live = (): boolean => this.gen === gen;
    const finish = (): void => {
      clearInterval(timer);
      if (!live()) return;
      this.current = null;
      this.busy = false;
    };
    const run = async (): Promise<void> => {
      let payload: Uint8Array;
      try {
        payload = await work((p) => {
          progress = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0));
        }, stop.signal);
        const cap = this.opts.maxUploadBytes;
        if (payload.length > cap) {
          throw new WireLimitError(`${kind} result of ${payload.length} bytes exceeds the operator's upload cap of ${cap} bytes (maxUploadBytes)`);
        }
        if (payload.length > terms.maxMessageBytes) {
          throw new WireLimitError(`${kind} result of ${payload.length} bytes exceeds the coordinator's message limit of ${terms.maxMessageBytes} bytes`);
        }
      } catch (err) {
        const e = err instanceof Error ? err : new Error(errorMessage(err));
        if (!live()) return void log.warn({ kind, round, err: e.message }, 'abandoned task failed; nothing sent');
        log.error({ kind, round, err: e.message }, 'task failed');
        this.opts.onTaskFailed(kind, round, e);
        finish();
        await send(socket, 'failure', failureToBytes({ runId, round, kind, error: redactError(e) }));
        return;
      }
      if (!live()) return void log.warn({ kind, round }, 'abandoned task finished; result dropped');
      finish();
      const event = kind === 'fit' ? 'fitRes' : 'evaluateRes';
      const reply = await sendMessage((ev, f, ms) => send(socket, ev, f, ms), event, payload, limits, limits.ackTimeoutMs);
      expectReply(reply, 'ok', event);
      log.info({ kind, round, bytes: payload.length }, 'result delivered');
    };
    run().catch((err: unknown) => {
      finish();
      const e = err instanceof Error ? err : new Error(errorMessage(err));
      log.warn({ kind, round, err: e.message }, 'result not delivered');
      this.opts.onTaskFailed(kind, round, e);
    });
  }
}

/**
 * A FitRes may only carry the run, round and site it answers and exactly the tensors (names, shapes, order)
 * the coordinator sent: anything else is refused before encoding.
 */
function checkFitRes(res: FitRes, ins: FitIns, siteId: string): void {
  if (res.runId !== ins.runId || res.round !== ins.round || res.siteId !== siteId) {
    throw new ValueError(`FitRes names run ${res.runId} round ${res.round} site ${res.siteId}; expected ${ins.runId}/${ins.round}/${siteId}`, { field: 'fitRes' });
  }
  const m = layoutMismatch(res.tensors, ins.tensors);
  if (m?.kind === 'count') {
    throw new ValueError(`FitRes carries ${m.actual} tensors; FitIns sent ${m.expected}`, { field: 'fitRes.tensors' });
  }
  if (m) {
    const { index: i, actual: t, expected: sent } = m;
    throw new ValueError(`FitRes tensor ${i} (${t.name} [${t.shape.join(',')}]) differs from the one sent (${sent.name} [${sent.shape.join(',')}])`, {
      field: `fitRes.tensors[${i}]`,
    });
  }
}
