/**
 * A site client written only from docs/protocol.md, docs/federation.md and proto/fedcxr.proto, as an outside
 * hospital developer would: raw socket.io-client, the generated protobuf code and node:crypto — nothing from
 * `site-client/` or `shared/`. It "trains" by adding `delta` to every value and "evaluates" with made-up
 * scores, so the conformance test checks the wire, not the model. Every rule it follows is a documented one.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { fedcxr } from '../../proto/gen/fedcxr.js';

const pb = fedcxr.v1;
type Bytes = Uint8Array;

/** How the documented site behaves; `histogramBins` lets a test make it break the bin-count rule. */
export interface DocSiteOptions {
  readonly url: string;
  readonly siteId: string;
  /** The pre-shared key as text (hex, `hex:…` or `base64:…`). */
  readonly key: string;
  /** Train examples [normal, disease] and test examples [normal, disease]. */
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
  /** Added to every trainable value in a fit. */
  readonly delta: number;
  /** Bins to send given the bins EvaluateIns asked for. @default the asked number (the rule) */
  readonly histogramBins?: (asked: number) => number;
  /** Engine.IO transports. @default socket.io's default: long-polling, then upgrade to WebSocket */
  readonly transports?: ('polling' | 'websocket')[];
}

/** What the site saw, for the test's assertions. */
export interface DocSiteLog {
  readonly runSpecs: fedcxr.v1.RunSpec[];
  /** Trunk hash computed here from the received Trunk tensors, per the documented algorithm. */
  readonly trunkHashes: string[];
  readonly fits: number[];
  readonly evaluations: number[];
  heartbeats: number;
  /** Chunked transfers received (coordinator → site) and sent (site → coordinator). */
  chunksIn: number;
  chunksOut: number;
  /** Instructions (FitIns/EvaluateIns) that carried their tensors, and ones that named held tensors instead. */
  fullInstructions: number;
  instructionsByRef: number;
  readonly errors: string[];
}

/** Key text → bytes (docs: hex, optionally `hex:`; or `base64:`; at least 16 bytes). */
export function keyBytes(text: string): Bytes {
  const s = text.trim();
  const b = s.startsWith('base64:') ? Buffer.from(s.slice(7), 'base64') : Buffer.from(s.replace(/^hex:/, ''), 'hex');
  if (b.length < 16) throw new Error('key shorter than 16 bytes');
  return b;
}

/** HMAC-SHA256(K, enc(label) ‖ enc(site_id) ‖ enc(Ns) ‖ enc(Ns')), enc = u32 big-endian length ‖ bytes. */
export function proof(label: string, key: Bytes, siteId: string, serverNonce: Bytes, siteNonce: Bytes): Bytes {
  const h = createHmac('sha256', key);
  for (const part of [Buffer.from(label, 'ascii'), Buffer.from(siteId, 'utf8'), serverNonce, siteNonce]) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(part.length);
    h.update(len).update(part);
  }
  return h.digest();
}

/** The documented trunk hash over tensors as they arrived (FLOAT32 little-endian data bytes). */
export function trunkHash(tensors: readonly fedcxr.v1.Tensor.$Properties[]): string {
  const h = createHash('sha256');
  h.update(Buffer.concat([Buffer.from('fedcxr-tensorset-v1'), Buffer.from([0]), Buffer.from(String(tensors.length)), Buffer.from([0])]));
  for (const t of tensors) {
    h.update(Buffer.concat([Buffer.from(t.name ?? '', 'utf8'), Buffer.from([0]), Buffer.from((t.shape ?? []).join(',')), Buffer.from([0])]));
    h.update(t.data ?? new Uint8Array());
  }
  return h.digest('hex');
}

/** float32 little-endian bytes → numbers. */
function floats(data: Bytes): number[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.byteLength / 4 }, (_, i) => dv.getFloat32(i * 4, true));
}

function float32Bytes(values: readonly number[]): Bytes {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

const ok = (): Bytes => pb.Reply.encode({ ok: {} }).finish();
const error = (code: fedcxr.v1.ErrorCode, message: string): Bytes => pb.Reply.encode({ error: { code, message } }).finish();

/** The documented site. */
export class DocSite {
  readonly log: DocSiteLog = { runSpecs: [], trunkHashes: [], fits: [], evaluations: [], heartbeats: 0, chunksIn: 0, chunksOut: 0, fullInstructions: 0, instructionsByRef: 0, errors: [] };
  private socket: Socket | undefined;
  private readonly transfers = new Map<string, { buf: Buffer; seen: Set<number>; count: number; sha256: Bytes }>();
  private readonly complete = new Map<string, Bytes>();
  private readonly runs = new Map<string, fedcxr.v1.RunSpec>();
  private readonly trunks = new Set<string>();
  private held: { key: string; tensors: fedcxr.v1.ITensorSet }[] = [];

  constructor(private readonly o: DocSiteOptions) {}

  /** Connects, authenticates both ways and registers. */
  async start(): Promise<void> {
    const s = io(this.o.url, { reconnection: false, forceNew: true, ...(this.o.transports ? { transports: this.o.transports } : {}) });
    this.socket = s;
    this.serve(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    const call = async (event: string, bytes: Bytes): Promise<fedcxr.v1.Reply> => pb.Reply.decode(new Uint8Array((await s.timeout(10_000).emitWithAck(event, bytes)) as ArrayBuffer));
    const key = keyBytes(this.o.key);
    const { siteId } = this.o;
    const challenge = await call('hello', pb.Hello.encode({ siteId, protocolVersion: 3 }).finish());
    if (!challenge.challenge) throw new Error(`hello refused: ${challenge.error?.message ?? '?'}`);
    const ns = challenge.challenge.serverNonce ?? new Uint8Array();
    const nsSite = randomBytes(32);
    const sp = await call('auth', pb.ChallengeResponse.encode({ siteId, siteNonce: nsSite, siteProof: proof('fedcxr/v1 site proof', key, siteId, ns, nsSite) }).finish());
    const got = sp.serverProof?.coordinatorProof;
    if (!got || !timingSafeEqual(Buffer.from(got), proof('fedcxr/v1 coordinator proof', key, siteId, ns, nsSite))) throw new Error('coordinator failed to prove the key');
    const counts = (c: readonly [number, number]): fedcxr.v1.ClassCounts.$Properties => ({ normal: c[0], disease: c[1] });
    const reg = await call('register', pb.Register.encode({ siteId, protocolVersion: 3, capabilities: ['conformance'], train: counts(this.o.train), val: counts([0, 0]), test: counts(this.o.test) }).finish());
    if (!reg.ok) throw new Error(`register refused: ${reg.error?.message ?? '?'}`);
  }

  /** The Engine.IO transport in use now ('polling' or 'websocket'). */
  get transport(): string | undefined {
    return this.socket?.io.engine.transport.name;
  }

  /** Disconnects. */
  stop(): void {
    this.socket?.disconnect();
  }

  /** Registers the coordinator-request handlers: each takes one binary argument and acks one Reply. */
  private serve(s: Socket): void {
    const on = (event: string, fn: (data: Bytes) => Bytes): void => {
      s.on(event, (data: ArrayBuffer | Bytes, ack: (reply: Bytes) => void) => {
        try {
          ack(fn(new Uint8Array(data)));
        } catch (err) {
          this.log.errors.push(`${event}: ${(err as Error).message}`);
          ack(error(pb.ErrorCode.PROTOCOL, (err as Error).message));
        }
      });
    };
    on('chunk', (data) => {
      const c = pb.Chunk.decode(data);
      const t = this.transfers.get(c.transferId) ?? { buf: Buffer.alloc(c.totalBytes), seen: new Set<number>(), count: c.count, sha256: c.sha256 };
      this.transfers.set(c.transferId, t);
      Buffer.from(c.data).copy(t.buf, c.offset);
      t.seen.add(c.index);
      this.log.chunksIn++;
      if (t.seen.size === t.count) {
        if (!createHash('sha256').update(t.buf).digest().equals(Buffer.from(t.sha256))) throw new Error(`transfer ${c.transferId}: SHA-256 mismatch`);
        this.transfers.delete(c.transferId);
        this.complete.set(c.transferId, t.buf);
      }
      return ok();
    });
    on('runSpec', (data) => {
      const spec = pb.RunSpec.decode(data);
      this.log.runSpecs.push(spec);
      this.runs.set(spec.runId, spec);
      return pb.Reply.encode({ prepare: { hasTrunk: this.trunks.has(spec.trunkHash) } }).finish();
    });
    on('trunk', (data) => {
      const trunk = pb.Trunk.decode(this.open(data));
      const computed = trunkHash(trunk.tensors?.tensors ?? []);
      this.log.trunkHashes.push(computed);
      if (computed !== this.runs.get(trunk.runId)?.trunkHash) return error(pb.ErrorCode.VALUE, `trunk hash ${computed} ≠ RunSpec's`);
      this.trunks.add(computed);
      return ok();
    });
    on('fit', (data) => {
      const bytes = this.open(data);
      const ins = pb.FitIns.decode(bytes);
      const refused = this.resolveRef(ins, bytes, 'fitIns.tensorsRef');
      if (refused) return refused;
      this.log.fits.push(ins.round);
      setImmediate(() => void this.fit(s, ins).catch((e: unknown) => this.log.errors.push(`fit: ${(e as Error).message}`)));
      return ok(); // accepted: the result follows as its own request
    });
    on('evaluate', (data) => {
      const bytes = this.open(data);
      const ins = pb.EvaluateIns.decode(bytes);
      const refused = this.resolveRef(ins, bytes, 'evaluateIns.tensorsRef');
      if (refused) return refused;
      this.log.evaluations.push(ins.round);
      setImmediate(() => void this.evaluate(s, ins).catch((e: unknown) => this.log.errors.push(`evaluate: ${(e as Error).message}`)));
      return ok();
    });
  }

  /**
   * Protocol 3 references: an instruction that carried tensors is remembered under the SHA-256 of its message
   * bytes (the last two are kept); one with `tensors_ref` gets the tensors remembered under that digest, or — when
   * none are — a VALUE error on the `…tensorsRef` field (the coordinator then sends the tensors in full).
   */
  private resolveRef(ins: { tensors?: fedcxr.v1.ITensorSet | null; tensorsRef: Uint8Array }, message: Bytes, field: string): Bytes | null {
    if (ins.tensorsRef.length === 0) {
      const key = createHash('sha256').update(message).digest('hex');
      this.held = [{ key, tensors: ins.tensors ?? { tensors: [] } }, ...this.held].slice(0, 2);
      this.log.fullInstructions++;
      return null;
    }
    const hit = this.held.find((h) => h.key === Buffer.from(ins.tensorsRef).toString('hex'));
    if (!hit) return pb.Reply.encode({ error: { code: pb.ErrorCode.VALUE, message: 'tensors not held', field } }).finish();
    ins.tensors = hit.tensors;
    this.log.instructionsByRef++;
    return null;
  }

  /** Envelope → message bytes (inline, or a completed chunk transfer). */
  private open(data: Bytes): Bytes {
    const env = pb.Envelope.decode(data);
    if (env.body === 'inline') return env.inline ?? new Uint8Array();
    const id = env.transferId ?? '';
    const bytes = this.complete.get(id);
    if (!bytes) throw new Error(`envelope names unknown transfer ${id}`);
    this.complete.delete(id);
    return bytes;
  }

  private async fit(s: Socket, ins: fedcxr.v1.FitIns): Promise<void> {
    await this.send(s, 'heartbeat', pb.Heartbeat.encode({ runId: ins.runId, round: ins.round, siteId: this.o.siteId, progress: 0.5 }).finish(), false);
    this.log.heartbeats++;
    const tensors = (ins.tensors?.tensors ?? []).map((t) => ({
      name: t.name ?? '',
      shape: t.shape ?? [],
      dtype: pb.DType.FLOAT32,
      data: float32Bytes(floats(t.data ?? new Uint8Array()).map((v) => v + this.o.delta)),
    }));
    const n = this.o.train[0] + this.o.train[1];
    const res = pb.FitRes.encode({ runId: ins.runId, round: ins.round, siteId: this.o.siteId, numExamples: n, tensors: { tensors }, metrics: { trainLoss: 0.5 } }).finish();
    await this.send(s, 'fitRes', res, true, ins.runId);
  }

  private async evaluate(s: Socket, ins: fedcxr.v1.EvaluateIns): Promise<void> {
    const [normal, disease] = this.o.test;
    const bins = this.o.histogramBins?.(ins.histogramBins) ?? ins.histogramBins;
    const bin = (score: number): number => Math.min(bins - 1, Math.floor(score * bins));
    // Made-up scores: disease cases 0.8, normal cases 0.3 (all correct at threshold 0.5).
    const pos = new Array<number>(bins).fill(0);
    const neg = new Array<number>(bins).fill(0);
    pos[bin(0.8)] = disease;
    neg[bin(0.3)] = normal;
    const t = ins.threshold;
    const confusion = { tp: 0.8 >= t ? disease : 0, fn: 0.8 >= t ? 0 : disease, fp: 0.3 >= t ? normal : 0, tn: 0.3 >= t ? 0 : normal };
    const res = pb.EvaluateRes.encode({
      runId: ins.runId, round: ins.round, siteId: this.o.siteId, numExamples: normal + disease, loss: 0.4, confusion,
      positiveHistogram: pos, negativeHistogram: neg, withheld: false,
    }).finish();
    await this.send(s, 'evaluateRes', res, true, ins.runId);
  }

  /** Sends a request and checks its Reply is ok; results go in an Envelope, chunked above max_chunk_bytes. */
  private async send(s: Socket, event: string, message: Bytes, envelope: boolean, runId?: string): Promise<void> {
    const call = async (ev: string, bytes: Bytes): Promise<void> => {
      const r = pb.Reply.decode(new Uint8Array((await s.timeout(10_000).emitWithAck(ev, bytes)) as ArrayBuffer));
      if (!r.ok) throw new Error(`${ev} refused: ${r.error?.message ?? '?'}`);
    };
    if (!envelope) return call(event, message);
    const max = this.runs.get(runId ?? '')?.maxChunkBytes ?? 0;
    if (message.length <= max) return call(event, pb.Envelope.encode({ inline: message }).finish());
    const transferId = randomBytes(16).toString('hex');
    const count = Math.ceil(message.length / max);
    const sha256 = createHash('sha256').update(message).digest();
    for (let index = 0; index < count; index++) {
      const offset = index * max;
      const data = message.subarray(offset, Math.min(message.length, offset + max));
      await call('chunk', pb.Chunk.encode({ transferId, index, count, totalBytes: message.length, sha256, offset, data }).finish());
      this.log.chunksOut++;
    }
    return call(event, pb.Envelope.encode({ transferId }).finish());
  }
}
