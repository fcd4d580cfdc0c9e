/**
 * Shared fixtures of the transport integration tests: a coordinator on port 0, a deterministic fake
 * SiteHandler, a raw socket.io client for hand-made (malformed) frames, and tensor-set builders.
 */
import { io, type Socket } from 'socket.io-client';
import { CoordinatorServer, type CoordinatorServerOptions } from '../../coordinator/server.js';
import type { SocketClientProxy } from '../../coordinator/socket-proxy.js';
import { coordinatorProof, newNonce, siteProof } from '../../shared/federation/hmac.js';
import { challengeResponseToBytes, expectReply, helloToBytes } from '../../shared/federation/serde-control.js';
import { registerToBytes } from '../../shared/federation/serde.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/federation/events.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription, SiteHandler } from '../../shared/federation/types.js';
import { SiteClient, type SiteClientOptions } from '../../site-client/client.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { PROTOCOL_VERSION } from '../../shared/federation/wire-limits.js';

export const KEYS: Record<string, string> = {
  KM: '11'.repeat(32),
  NIHCC: '22'.repeat(32),
  NIOSH: '33'.repeat(32),
};
export const TRUNK_HASH = 'cd'.repeat(32);
export const RUN: RunSpec = { runId: 'run-1', level: '+B5', modelConfigJson: '{"inputSize":32}', trunkHash: TRUNK_HASH };

/** A tensor set with deterministic values (value i = (i % 97) / 97 + offset). */
export function tensorSet(shapes: readonly (readonly [string, readonly number[]])[], offset = 0): TensorSet {
  return shapes.map(([name, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (i % 97) / 97 + offset;
    return { name, shape: [...shape], data };
  });
}

export const SMALL: TensorSet = tensorSet([
  ['block5_conv3/kernel', [3, 3, 4, 4]],
  ['block5_conv3/bias', [4]],
  ['head_output/kernel', [4, 1]],
]);

/** FitIns for round `round` of RUN over `tensors`. */
export function fitIns(round: number, tensors: TensorSet = SMALL): FitIns {
  return { runId: RUN.runId, round, level: RUN.level, trunkHash: TRUNK_HASH, tensors, config: { localEpochs: 1, batchSize: 4, learningRate: 0.01, proximalMu: 0, seed: round, optimizer: 'adam' } };
}

/** EvaluateIns for round `round` of RUN. */
export function evaluateIns(round: number): EvaluateIns {
  return { runId: RUN.runId, round, level: RUN.level, trunkHash: TRUNK_HASH, tensors: SMALL, split: 'test', threshold: 0.5, histogramBins: 3 };
}

/** Behaviour knobs of the fake handler. */
export interface FakeOptions {
  fitDelayMs?: number;
  hasTrunk?: boolean;
  /** Replaces the result (to send wrong shapes etc.). */
  mutate?: (res: FitRes) => FitRes;
  failWith?: Error;
}

/** A deterministic SiteHandler: fit returns every value + 1, evaluate fixed counts. Records its calls. */
export class FakeHandler implements SiteHandler {
  readonly calls: string[] = [];
  readonly trunks: (TensorSet | null)[] = [];
  /** The tensors each fit and evaluate ran on, in call order. */
  readonly received: TensorSet[] = [];
  heartbeats = 0;

  constructor(
    readonly siteId: string,
    readonly opts: FakeOptions = {},
  ) {}

  async describe(): Promise<SiteDescription> {
    return { capabilities: ['float16'], counts: { train: { normal: 10, disease: 5 }, val: { normal: 2, disease: 1 }, test: { normal: 3, disease: 3 } } };
  }

  async hasTrunk(): Promise<boolean> {
    return this.opts.hasTrunk ?? false;
  }

  async prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void> {
    this.calls.push(`prepare:${spec.runId}`);
    this.trunks.push(frozen);
  }

  async fit(ins: FitIns, onHeartbeat?: (progress: number) => void): Promise<FitRes> {
    this.calls.push(`fit:${ins.round}`);
    this.received.push(ins.tensors);
    if (this.opts.failWith) throw this.opts.failWith;
    const steps = 4;
    for (let s = 1; s <= steps && this.opts.fitDelayMs; s++) {
      await new Promise((r) => setTimeout(r, this.opts.fitDelayMs! / steps));
      onHeartbeat?.(s / steps);
    }
    const tensors = ins.tensors.map((t) => ({ name: t.name, shape: t.shape, data: t.data.map((v) => v + 1) }));
    const res: FitRes = { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: 15, tensors, metrics: { trainLoss: 0.5 } };
    return this.opts.mutate ? this.opts.mutate(res) : res;
  }

  async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    this.calls.push(`evaluate:${ins.round}`);
    this.received.push(ins.tensors);
    return {
      runId: ins.runId,
      round: ins.round,
      siteId: this.siteId,
      numExamples: 6,
      loss: 0.25,
      confusion: { tp: 2, fp: 1, tn: 2, fn: 1 },
      positiveHistogram: [0, 1, 2],
      negativeHistogram: [2, 1, 0],
      withheld: false,
    };
  }
}

/** A coordinator on 127.0.0.1:0 that knows KEYS. */
export function startServer(opts: Partial<CoordinatorServerOptions> = {}): Promise<CoordinatorServer> {
  return CoordinatorServer.start({ port: 0, siteKey: (id) => KEYS[id], handshakeTimeoutMs: 5_000, heartbeatTimeoutMs: 10_000, ...opts });
}

/** Resolves with the proxy of `siteId` once it registers. */
export function nextConnection(server: CoordinatorServer, siteId: string): Promise<SocketClientProxy> {
  return new Promise((resolve) => {
    const on = (proxy: SocketClientProxy): void => {
      if (proxy.siteId !== siteId) return;
      server.off('siteConnected', on);
      resolve(proxy);
    };
    server.on('siteConnected', on);
  });
}

/** A SiteClient for `siteId` with its KEYS entry, fast heartbeats, no reconnection unless given. */
export function siteClient(server: CoordinatorServer | string, handler: SiteHandler, opts: Partial<SiteClientOptions> = {}): SiteClient {
  const url = typeof server === 'string' ? server : server.url;
  return new SiteClient({ url, siteId: handler.siteId, key: KEYS[handler.siteId] ?? '00'.repeat(32), handler, heartbeatIntervalMs: 50, reconnect: false, ...opts });
}

/** Starts a site client and waits until the server has its proxy. */
export async function connectSite(server: CoordinatorServer, handler: SiteHandler, opts: Partial<SiteClientOptions> = {}): Promise<{ client: SiteClient; proxy: SocketClientProxy }> {
  const conn = nextConnection(server, handler.siteId);
  const client = siteClient(server, handler, opts);
  await client.start();
  return { client, proxy: await conn };
}

export type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A raw socket.io connection (no SiteClient logic) for hand-made frames. */
export async function rawSocket(url: string): Promise<RawSocket> {
  const s: RawSocket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** Runs the site side of the handshake by hand (registering `capabilities`); returns the authenticated, registered raw socket. */
export async function rawHandshake(url: string, siteId: string, key: Uint8Array, capabilities: readonly string[] = []): Promise<RawSocket> {
  const s = await rawSocket(url);
  const ch = expectReply(await s.timeout(5000).emitWithAck('hello', helloToBytes({ siteId, protocolVersion: PROTOCOL_VERSION })), 'challenge', 'hello');
  const siteNonce = newNonce();
  const reply = await s.timeout(5000).emitWithAck('auth', challengeResponseToBytes({ siteId, siteNonce, siteProof: siteProof(key, siteId, ch.serverNonce, siteNonce) }));
  const sp = expectReply(reply, 'serverProof', 'auth');
  if (Buffer.compare(sp.coordinatorProof, coordinatorProof(key, siteId, ch.serverNonce, siteNonce)) !== 0) throw new Error('bad coordinator proof');
  const zero = { normal: 0, disease: 0 };
  expectReply(
    await s.timeout(5000).emitWithAck('register', registerToBytes({ siteId, protocolVersion: PROTOCOL_VERSION, capabilities, counts: { train: zero, val: zero, test: zero } })),
    'ok',
    'register',
  );
  return s;
}

/** Rejection reason of a promise that must reject. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}
