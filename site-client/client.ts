/**
 * The site's transport: connects to the coordinator (socket.io), authenticates mutually — it verifies the
 * coordinator's HMAC before doing anything — registers its counts, and runs the coordinator's requests on a
 * `SiteHandler`, sending heartbeats while a task runs. Reconnects with backoff and jitter and re-registers.
 *
 * Patient data never leaves, by construction: the only frames this file emits are produced by the serde
 * encoders of Hello, ChallengeResponse, Register, Heartbeat, Chunk/Envelope of FitRes or EvaluateRes,
 * Failure and Reply. There is no generic send; FitRes must carry exactly the tensor names and shapes the
 * coordinator sent, the encoders copy only schema fields, and error text is redacted (`redact.ts`).
 * @example
 * const client = new SiteClient({ url, siteId: 'KM', key, handler: executor });
 * await client.start(); // resolves once registered; rejects on AuthError (impostor or wrong key)
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import { AuthError, ConfigError, ProtocolError, UnavailableError, ValueError, errorMessage } from '../shared/errors.js';
import { logger } from '../shared/log.js';
import { layoutMismatch, type WireDType } from '../shared/model/tensor-set.js';
import { Reassembler } from '../shared/federation/chunks.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/federation/events.js';
import { coordinatorProof, newNonce, parseKey, proofsEqual, siteProof } from '../shared/federation/hmac.js';
import {
  evaluateInsFromBytes,
  evaluateResToBytes,
  failureToBytes,
  fitInsFromBytes,
  fitResToBytes,
  heartbeatToBytes,
  registerToBytes,
  runSpecFromBytes,
  trunkFromBytes,
} from '../shared/federation/serde.js';
import { challengeResponseToBytes, errorFromBytes, errorReply, expectReply, helloToBytes, replyToBytes, VersionError } from '../shared/federation/serde-control.js';
import { acceptChunk, openEnvelope, sendMessage, serveRequest, withAckTimeout } from '../shared/federation/transport.js';
import type { FitIns, FitRes, RunSpec, SiteDescription, SiteHandler } from '../shared/federation/types.js';
import { PROTOCOL_VERSION, WireLimitError, isLoopbackHost, resolveWireLimits, type WireLimits } from '../shared/federation/wire-limits.js';
import { Backoff, resolveBackoff, type BackoffOptions } from './reconnect.js';
import { redactError } from './redact.js';

const log = logger('site-client.client');

type SiteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Event = keyof ClientToServerEvents;

/** Options of a site's connection. */
export interface SiteClientOptions {
  /** Coordinator URL (`https://host:port`; `http://` only on loopback unless `insecure`). */
  readonly url: string;
  readonly siteId: string;
  /** Pre-shared key (hex/base64 text or bytes). */
  readonly key: Uint8Array | string;
  readonly handler: SiteHandler;
  /** PEM CA certificate(s) to pin the coordinator's TLS certificate to. @default system CAs */
  readonly ca?: string | Buffer;
  /** PEM client certificate (CN = site id) and its key, for a coordinator that requires mutual TLS. */
  readonly clientCert?: string | Buffer;
  readonly clientKey?: string | Buffer;
  /** Allow plaintext to a non-loopback coordinator. @default false */
  readonly insecure?: boolean;
  /** Heartbeat period while a task runs. @default 5_000 */
  readonly heartbeatIntervalMs?: number;
  /** Operator cap on one uploaded message (bytes); larger results are refused, not sent. @default unlimited */
  readonly maxUploadBytes?: number;
  /** @default DEFAULT_WIRE_LIMITS */
  readonly limits?: Partial<WireLimits>;
  /** Reconnection backoff; `false` disables reconnection. @default DEFAULT_BACKOFF */
  readonly reconnect?: Partial<BackoffOptions> | false;
  /** Called with every frame this client sends (event and bytes), e.g. for the site's audit log. */
  readonly onSend?: (event: Event | 'reply', frame: Uint8Array) => void;
}

/** Events of a site client. */
export interface SiteClientEvents {
  /** Authenticated (both ways) and registered. */
  registered: [];
  disconnected: [reason: string];
  /** Authentication or version failure: the client stopped and will not reconnect. */
  fatal: [error: Error];
  /** A task failed or its result was refused. */
  taskFailed: [kind: 'fit' | 'evaluate', round: number, error: Error];
}

interface RunState {
  readonly spec: RunSpec;
  readonly updateDType: WireDType;
  prepared: boolean;
}

/** A site's connection to the coordinator. */
export class SiteClient extends EventEmitter<SiteClientEvents> {
  private readonly key: Uint8Array;
  private readonly limits: WireLimits;
  private readonly backoff: Backoff | undefined;
  private socket: SiteSocket | undefined;
  private registered = false;
  /** The socket whose coordinator proved the key (requests from any other are refused). */
  private verified: SiteSocket | undefined;
  private stopped = false;
  private busy = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private runs = new Map<string, RunState>();
  private reassembler: Reassembler;
  private started: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(private readonly opts: SiteClientOptions) {
    super();
    this.key = typeof opts.key === 'string' ? parseKey(opts.key) : opts.key;
    this.limits = resolveWireLimits(opts.limits);
    this.reassembler = new Reassembler(this.limits);
    this.backoff = opts.reconnect === false ? undefined : new Backoff(resolveBackoff(opts.reconnect));
    const u = new URL(opts.url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`coordinator URL must be http(s), got ${opts.url}`);
    if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !opts.insecure) {
      throw new ConfigError(`refusing plaintext to ${u.host}: use https:// (with a pinned CA) or pass --insecure`);
    }
  }

  /** Whether the client is authenticated and registered now. */
  get isRegistered(): boolean {
    return this.registered;
  }

  /** Connects; resolves once registered, rejects on a fatal (auth/version) error. Retries transport errors. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.started = { resolve, reject };
      this.connect();
    });
  }

  /** Disconnects and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = undefined;
    this.registered = false;
    await Promise.resolve();
  }

  private connect(): void {
    if (this.stopped) return;
    const socket: SiteSocket = io(this.opts.url, {
      reconnection: false, // our own backoff re-runs the whole handshake on a fresh socket
      forceNew: true,
      transports: ['websocket'],
      ...(this.opts.ca ? { ca: this.opts.ca.toString(), rejectUnauthorized: true } : {}),
      ...(this.opts.clientCert && this.opts.clientKey ? { cert: this.opts.clientCert.toString(), key: this.opts.clientKey.toString() } : {}),
    });
    this.socket = socket;
    this.runs = new Map();
    this.reassembler = new Reassembler(this.limits);
    this.serve(socket);
    socket.on('connect', () => {
      this.handshake(socket).catch((err: unknown) => this.onHandshakeError(socket, err));
    });
    socket.on('connect_error', (err) => {
      const why = describeConnectError(err);
      log.warn({ url: this.opts.url, err: why }, 'connection failed');
      this.retry(socket, why);
    });
    socket.on('fault', (frame) => {
      let err: Error;
      try {
        err = errorFromBytes(frame);
      } catch (e) {
        err = e as Error;
      }
      log.warn({ err: err.message }, 'coordinator reported a fault');
      // The coordinator refused us and is about to disconnect: an auth/version refusal is final.
      if (err instanceof AuthError || err instanceof VersionError) this.onHandshakeError(socket, err);
    });
    socket.on('disconnect', (reason) => {
      const was = this.registered;
      this.registered = false;
      if (was) this.emit('disconnected', reason);
      log.warn({ reason }, 'disconnected');
      this.retry(socket, reason);
    });
  }

  private retry(socket: SiteSocket, why = 'disconnected'): void {
    if (this.socket !== socket || this.stopped) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.socket = undefined;
    if (!this.backoff) {
      this.failStart(new UnavailableError(`cannot reach coordinator at ${this.opts.url}: ${why} (reconnection disabled)`));
      return;
    }
    const delay = this.backoff.next();
    log.info({ delayMs: delay, attempt: this.backoff.attempts }, 'reconnecting');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private onHandshakeError(socket: SiteSocket, err: unknown): void {
    if (this.stopped) return;
    const e = err instanceof Error ? err : new ProtocolError(errorMessage(err));
    if (e instanceof AuthError || e instanceof VersionError) {
      log.error({ err: e.message }, 'authentication failed: stopping');
      this.stopped = true;
      socket.removeAllListeners();
      socket.disconnect();
      this.socket = undefined;
      this.failStart(e);
      this.emit('fatal', e);
      return;
    }
    log.warn({ err: e.message }, 'handshake failed');
    this.retry(socket);
  }

  private failStart(err: Error): void {
    this.started?.reject(err);
    this.started = undefined;
  }

  /** Hello → Challenge → ChallengeResponse → ServerProof (verified) → Register. */
  private async handshake(socket: SiteSocket): Promise<void> {
    const { siteId, handler } = this.opts;
    const challenge = expectReply(await this.request(socket, 'hello', helloToBytes({ siteId, protocolVersion: PROTOCOL_VERSION })), 'challenge', 'hello');
    if (challenge.protocolVersion !== PROTOCOL_VERSION) {
      throw new VersionError(`coordinator speaks protocol version ${challenge.protocolVersion}; this site speaks ${PROTOCOL_VERSION}`);
    }
    const siteNonce = newNonce();
    const proof = siteProof(this.key, siteId, challenge.serverNonce, siteNonce);
    const reply = await this.request(socket, 'auth', challengeResponseToBytes({ siteId, siteNonce, siteProof: proof }));
    const { coordinatorProof: got } = expectReply(reply, 'serverProof', 'auth');
    if (!proofsEqual(coordinatorProof(this.key, siteId, challenge.serverNonce, siteNonce), got)) {
      throw new AuthError('the coordinator failed to prove the site key (impostor or wrong key): refusing to train for it');
    }
    // From here the coordinator may send work; it can do so as soon as it has acked our registration.
    this.verified = socket;
    let desc: SiteDescription;
    if (handler.describe) desc = await handler.describe();
    else {
      log.warn('SiteHandler has no describe(): registering zero counts');
      const zero = { normal: 0, disease: 0 };
      desc = { capabilities: [], counts: { train: zero, val: zero, test: zero } };
    }
    const reg = { siteId, protocolVersion: PROTOCOL_VERSION, capabilities: desc.capabilities, counts: desc.counts };
    expectReply(await this.request(socket, 'register', registerToBytes(reg)), 'ok', 'register');
    this.registered = true;
    this.backoff?.reset();
    log.info({ url: this.opts.url, site: siteId }, 'registered with the coordinator');
    this.started?.resolve();
    this.started = undefined;
    this.emit('registered');
  }

  /** The one way frames leave this site: a typed event, a serde-produced frame, an ack timeout. */
  private async request(socket: SiteSocket, event: Event, frame: Uint8Array, timeoutMs = this.limits.ackTimeoutMs): Promise<unknown> {
    this.opts.onSend?.(event, frame);
    return withAckTimeout(socket.timeout(timeoutMs).emitWithAck(event, frame), event, timeoutMs);
  }

  private serve(socket: SiteSocket): void {
    const on = <E extends keyof ServerToClientEvents>(event: E, fn: (frame: Uint8Array) => Promise<Uint8Array> | Uint8Array): void => {
      const handler = serveRequest(log, event, this.limits.maxFrameBytes, async (frame) => {
        try {
          // Nothing runs for a coordinator that has not proven the key.
          if (this.verified !== socket || this.socket !== socket) throw new AuthError(`${event} before the coordinator authenticated`);
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
      socket.on(event, handler as never);
    };
    on('chunk', (frame) => {
      acceptChunk(this.reassembler, frame);
      return replyToBytes({ kind: 'ok' });
    });
    on('runSpec', async (frame) => {
      const { spec, updateDType } = runSpecFromBytes(frame);
      const has = await this.opts.handler.hasTrunk(spec.trunkHash);
      const state: RunState = { spec, updateDType, prepared: false };
      if (has) {
        await this.opts.handler.prepareRun(spec, null);
        state.prepared = true;
      }
      this.runs.set(spec.runId, state);
      return replyToBytes({ kind: 'prepare', hasTrunk: has });
    });
    on('trunk', async (frame) => {
      const trunk = trunkFromBytes(openEnvelope(this.reassembler, frame));
      const run = this.runs.get(trunk.runId);
      if (!run) throw new ProtocolError(`trunk for run ${trunk.runId} without its RunSpec`);
      if (trunk.trunkHash !== run.spec.trunkHash) throw new ValueError(`trunk hash ${trunk.trunkHash} ≠ RunSpec's ${run.spec.trunkHash}`, { field: 'trunk.trunkHash' });
      await this.opts.handler.prepareRun(run.spec, trunk.tensors);
      run.prepared = true;
      return replyToBytes({ kind: 'ok' });
    });
    on('fit', (frame) => {
      const ins = fitInsFromBytes(openEnvelope(this.reassembler, frame));
      const run = this.accept(ins.runId, ins.trunkHash);
      this.runTask(socket, 'fit', ins.runId, ins.round, async (beat) => {
        const res = await this.opts.handler.fit(ins, beat);
        checkFitRes(res, ins, this.opts.siteId);
        return fitResToBytes(res, run.updateDType);
      });
      return replyToBytes({ kind: 'ok' });
    });
    on('evaluate', (frame) => {
      const ins = evaluateInsFromBytes(openEnvelope(this.reassembler, frame));
      this.accept(ins.runId, ins.trunkHash);
      this.runTask(socket, 'evaluate', ins.runId, ins.round, async () => {
        const res = await this.opts.handler.evaluate(ins);
        if (res.runId !== ins.runId || res.round !== ins.round || res.siteId !== this.opts.siteId) {
          throw new ValueError('EvaluateRes names another run, round or site than its EvaluateIns', { field: 'evaluateRes' });
        }
        return evaluateResToBytes(res);
      });
      return replyToBytes({ kind: 'ok' });
    });
  }

  private accept(runId: string, trunkHash: string): RunState {
    const run = this.runs.get(runId);
    if (!run?.prepared) throw new UnavailableError(`run ${runId} is not prepared on this site`);
    if (trunkHash !== run.spec.trunkHash) throw new ValueError(`trunk hash ${trunkHash} ≠ the run's ${run.spec.trunkHash}`, { field: 'trunkHash' });
    if (this.busy) throw new ProtocolError('a task is already running on this site');
    return run;
  }

  /** Runs an accepted task in the background with heartbeats, then uploads its result (or a Failure). */
  private runTask(
    socket: SiteSocket,
    kind: 'fit' | 'evaluate',
    runId: string,
    round: number,
    work: (beat: (progress: number) => void) => Promise<Uint8Array>,
  ): void {
    this.busy = true;
    let progress = 0;
    const siteId = this.opts.siteId;
    const beat = (): void => {
      if (this.socket !== socket || this.verified !== socket) return;
      const hb = heartbeatToBytes({ runId, round, siteId, progress });
      this.request(socket, 'heartbeat', hb).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'heartbeat not acknowledged'));
    };
    const timer = setInterval(beat, this.opts.heartbeatIntervalMs ?? 5_000);
    const run = async (): Promise<void> => {
      let payload: Uint8Array;
      try {
        payload = await work((p) => {
          progress = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0));
        });
        const cap = this.opts.maxUploadBytes ?? Infinity;
        if (payload.length > cap) {
          throw new WireLimitError(`${kind} result of ${payload.length} bytes exceeds the operator's upload cap of ${cap} bytes (maxUploadBytes)`);
        }
      } catch (err) {
        const e = err instanceof Error ? err : new Error(errorMessage(err));
        log.error({ kind, round, err: e.message }, 'task failed');
        this.emit('taskFailed', kind, round, e);
        clearInterval(timer);
        this.busy = false;
        await this.request(socket, 'failure', failureToBytes({ runId, round, kind, error: redactError(e) }));
        return;
      }
      clearInterval(timer);
      this.busy = false;
      const event = kind === 'fit' ? 'fitRes' : 'evaluateRes';
      const reply = await sendMessage((ev, f, ms) => this.request(socket, ev, f, ms), event, payload, this.limits, this.limits.ackTimeoutMs);
      expectReply(reply, 'ok', event);
      log.info({ kind, round, bytes: payload.length }, 'result delivered');
    };
    run().catch((err: unknown) => {
      clearInterval(timer);
      this.busy = false;
      const e = err instanceof Error ? err : new Error(errorMessage(err));
      log.warn({ kind, round, err: e.message }, 'result not delivered');
      this.emit('taskFailed', kind, round, e);
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

/** socket.io's connect_error says "websocket error"; the cause (e.g. a TLS verification failure) is nested. */
function describeConnectError(err: Error): string {
  const d = (err as Error & { description?: unknown }).description;
  const inner = d instanceof Error ? d : (d as { error?: unknown } | undefined)?.error;
  return inner instanceof Error ? `${err.message}: ${inner.message}` : err.message;
}
