/**
 * Fuzz every handler on both sides with generated inputs (random bytes, bit flips, truncations, extensions, huge
 * length prefixes, oversize frames, amplification): each input must get a named rejection (or a correct ok for an
 * input that happens to be valid), nothing may crash, and the pending fit — hence the global model — may only be
 * settled by the valid result sent at the end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../shared/federation/hmac.js';
import { pb } from '../../shared/federation/serde-fields.js';
import { evaluateInsToBytes, failureToBytes, fitInsToBytes, fitResToBytes, heartbeatToBytes, registerToBytes, runSpecToBytes } from '../../shared/federation/serde.js';
import { challengeResponseToBytes, chunkToBytes, envelopeFromBytes, envelopeToBytes, helloToBytes, replyFromBytes, replyToBytes } from '../../shared/federation/serde-control.js';
import { splitIntoChunks } from '../../shared/federation/chunks.js';
import { PROTOCOL_VERSION, resolveWireLimits } from '../../shared/federation/wire-limits.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/federation/events.js';
import type { FitIns } from '../../shared/federation/types.js';
import { TaskServer } from '../../site-client/tasks.js';
import type { SiteSocket } from '../../site-client/site-socket.js';
import { FakeHandler, KEYS, RUN, evaluateIns, fitIns, nextConnection, rawHandshake, rawSocket, startServer, type RawSocket } from '../integration/transport-helpers.js';
import { NAMED_REJECTIONS, fuzzInputs } from './fuzz-inputs.js';
import { FUZZ_PER_HANDLER } from './scale.js';

/** The run terms a coordinator with default limits sends with its RunSpec. */
const TERMS = { updateDType: 'float32' as const, heartbeatTimeoutMs: 60_000, maxChunkBytes: resolveWireLimits().chunkBytes, maxMessageBytes: resolveWireLimits().maxTransferBytes };

const CHUNK = 64 * 1024;
const limits = resolveWireLimits({ chunkBytes: CHUNK });
const crashes: unknown[] = [];
const onCrash = (err: unknown): void => void crashes.push(err);
process.on('uncaughtException', onCrash);
process.on('unhandledRejection', onCrash);
afterAll(() => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

/** Tallies one handler's replies. */
class Tally {
  ok = 0;
  named = 0;
  unnamed: string[] = [];
  add(reply: unknown): void {
    try {
      const r = replyFromBytes(reply);
      if (r.kind === 'error') {
        if (NAMED_REJECTIONS.has(r.error.name)) this.named++;
        else this.unnamed.push(r.error.name);
      } else this.ok++;
    } catch (err) {
      this.unnamed.push(`undecodable reply: ${String(err)}`);
    }
  }
}

const summary: Record<string, { inputs: number; named: number; ok: number; unnamed: number }> = {};

describe(`fuzz: ${FUZZ_PER_HANDLER} generated inputs per handler, both sides`, () => {
  it('coordinator handlers: named rejections only, no crash, the pending fit settled only by the valid result', async () => {
    const srv = await startServer({ limits: { chunkBytes: CHUNK } });
    try {
      const key = parseKey(KEYS.KM!);
      const valid: Record<keyof ClientToServerEvents, Uint8Array[]> = {
        hello: [helloToBytes({ siteId: 'KM', protocolVersion: PROTOCOL_VERSION })],
        auth: [challengeResponseToBytes({ siteId: 'KM', siteNonce: new Uint8Array(32), siteProof: new Uint8Array(32) })],
        register: [registerToBytes({ siteId: 'KM', protocolVersion: PROTOCOL_VERSION, capabilities: [], counts: { train: { normal: 1, disease: 1 }, val: { normal: 0, disease: 0 }, test: { normal: 0, disease: 0 } } })],
        heartbeat: [heartbeatToBytes({ runId: RUN.runId, round: 1, siteId: 'KM', progress: 0.5 })],
        chunk: splitIntoChunks(new Uint8Array(3 * CHUNK), CHUNK).map(chunkToBytes),
        fitRes: [envelopeToBytes({ inline: fitResToBytes({ runId: RUN.runId, round: 1, siteId: 'KM', numExamples: 3, tensors: fitIns(1).tensors, metrics: { trainLoss: 1 } }, 'float32') })],
        evaluateRes: [envelopeToBytes({ inline: new Uint8Array(8) })],
        failure: [failureToBytes({ runId: RUN.runId, round: 1, kind: 'fit', error: new Error('x') })],
      };
      const amplification: Partial<Record<keyof ClientToServerEvents, Uint8Array[]>> = {
        fitRes: [envelopeToBytes({ inline: pb.FitRes.encode({ runId: RUN.runId, round: 1, siteId: 'KM', numExamples: 3, tensors: { tensors: Array.from({ length: 20_000 }, () => ({ name: '' })) } }).finish() })],
        evaluateRes: [envelopeToBytes({ inline: pb.EvaluateRes.encode({ runId: RUN.runId, round: 1, siteId: 'KM', positiveHistogram: Array.from({ length: 30_000 }, () => 1) }).finish() })],
        chunk: [chunkToBytes({ ...splitIntoChunks(new Uint8Array(CHUNK), CHUNK)[0]!, totalBytes: 1024 ** 3 - 1, count: 1024 ** 3 / CHUNK })],
      };
      // Unauthenticated handlers: a fresh socket whenever the previous was dropped.
      let s: RawSocket = await rawSocket(srv.url);
      for (const ev of ['hello', 'auth', 'register'] as const) {
        const t = new Tally();
        for (const input of fuzzInputs(valid[ev], FUZZ_PER_HANDLER, limits.maxFrameBytes, amplification[ev] ?? [], ev.length)) {
          if (!s.connected) s = await rawSocket(srv.url);
          try {
            t.add(await s.timeout(3000).emitWithAck(ev, input as Uint8Array));
          } catch {
            // dropped by the server after a fault (auth failure, version mismatch): a named refusal on the wire
            t.named++;
          }
        }
        summary[`coordinator.${ev}`] = { inputs: FUZZ_PER_HANDLER, named: t.named, ok: t.ok, unnamed: t.unnamed.length };
        expect(t.unnamed, ev).toEqual([]);
      }
      s.disconnect();
      // Registered handlers, with a fit pending.
      const conn = nextConnection(srv, 'KM');
      const reg = await rawHandshake(srv.url, 'KM', key);
      const received: FitIns[] = [];
      reg.on('runSpec', (_f, ack) => ack(replyToBytes({ kind: 'prepare', hasTrunk: true })));
      reg.on('fit', (f, ack) => {
        const env = envelopeFromBytes(f);
        if ('inline' in env) received.push(pb.FitIns.decode(env.inline) as never);
        ack(replyToBytes({ kind: 'ok' }));
      });
      reg.on('cancel', (_f, ack) => ack(replyToBytes({ kind: 'ok' })));
      const proxy = await conn;
      await proxy.prepare(RUN, null, 5000);
      let settled = false;
      const pending = proxy.fit(fitIns(1), 600_000).then(
        (r) => ((settled = true), r),
        (e: unknown) => ((settled = true), e),
      );
      for (const ev of ['heartbeat', 'chunk', 'fitRes', 'evaluateRes', 'failure'] as const) {
        const t = new Tally();
        const inputs = fuzzInputs(valid[ev], FUZZ_PER_HANDLER, limits.maxFrameBytes, amplification[ev] ?? [], ev.length * 7);
        for (const input of inputs) {
          // The exact valid result and failure are the only inputs that may settle the fit: skip those two.
          if (input === valid.fitRes[0] || input === valid.failure[0]) continue;
          t.add(await reg.timeout(5000).emitWithAck(ev, input as Uint8Array));
        }
        summary[`coordinator.${ev}`] = { inputs: inputs.length, named: t.named, ok: t.ok, unnamed: t.unnamed.length };
        expect(t.unnamed, ev).toEqual([]);
        if (ev === 'fitRes' || ev === 'failure') expect(t.ok, `${ev}: a fuzzed input was accepted`).toBe(0);
      }
      // Malformed results fail the pending fit (the site broke the protocol): the global never saw them. A fresh
      // fit then completes with the valid result only.
      expect(settled).toBe(true);
      expect(await pending).toBeInstanceOf(Error);
      const next = proxy.fit(fitIns(2), 5000);
      await new Promise((r) => setTimeout(r, 100));
      const res2 = fitResToBytes({ runId: RUN.runId, round: 2, siteId: 'KM', numExamples: 3, tensors: fitIns(2).tensors, metrics: { trainLoss: 1 } }, 'float32');
      expect(replyFromBytes(await reg.timeout(5000).emitWithAck('fitRes', envelopeToBytes({ inline: res2 }))).kind).toBe('ok');
      const got = await next;
      expect(got.tensors.map((x) => Array.from(x.data))).toEqual(fitIns(2).tensors.map((x) => Array.from(x.data)));
      reg.disconnect();
    } finally {
      await srv.close();
    }
    expect(crashes).toEqual([]);
  }, 600_000);

  it('site handlers: named rejections only, no crash', async () => {
    const sent: string[] = [];
    const server = new TaskServer({
      siteId: 'KM',
      handler: new FakeHandler('KM', { hasTrunk: true }),
      limits,
      heartbeatIntervalMs: 50,
      maxUploadBytes: 1e8,
      send: async (_s, ev) => void sent.push(ev),
      onSend: undefined,
      trusts: () => true,
      onTaskFailed: () => undefined,
    });
    const handlers = new Map(server.handlers({} as SiteSocket).map((h) => [h.event, h.handler]));
    const call = (ev: keyof ServerToClientEvents, frame: unknown): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${ev}: no reply`)), 5000);
        (handlers.get(ev) as (f: unknown, ack: (r: unknown) => void) => void)(frame, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    expect(replyFromBytes(await call('runSpec', runSpecToBytes(RUN, TERMS))).kind).toBe('prepare');
    const valid: Partial<Record<keyof ServerToClientEvents, Uint8Array[]>> = {
      runSpec: [runSpecToBytes(RUN, TERMS)],
      trunk: [envelopeToBytes({ inline: new Uint8Array(16) })],
      chunk: splitIntoChunks(new Uint8Array(2 * CHUNK), CHUNK).map(chunkToBytes),
      fit: [envelopeToBytes({ inline: fitInsToBytes(fitIns(1), 'float32') })],
      evaluate: [envelopeToBytes({ inline: evaluateInsToBytes(evaluateIns(1), 'float32') })],
      cancel: [failureToBytes({ runId: RUN.runId, round: 1, kind: 'fit', error: new Error('x') })],
    };
    const amplification: Partial<Record<keyof ServerToClientEvents, Uint8Array[]>> = {
      fit: [envelopeToBytes({ inline: pb.FitIns.encode({ runId: RUN.runId, round: 1, tensors: { tensors: Array.from({ length: 20_000 }, () => ({ name: 'a' })) } }).finish() })],
      chunk: [chunkToBytes({ ...splitIntoChunks(new Uint8Array(CHUNK), CHUNK)[0]!, totalBytes: 4 * 1024 ** 3 - 1, count: 65536 })],
    };
    for (const ev of ['runSpec', 'trunk', 'chunk', 'fit', 'evaluate', 'cancel'] as const) {
      const t = new Tally();
      for (const input of fuzzInputs(valid[ev] ?? [], FUZZ_PER_HANDLER, limits.maxFrameBytes, amplification[ev] ?? [], ev.length * 13)) {
        t.add(await call(ev, input));
      }
      summary[`site.${ev}`] = { inputs: FUZZ_PER_HANDLER, named: t.named, ok: t.ok, unnamed: t.unnamed.length };
      expect(t.unnamed, ev).toEqual([]);
    }
    expect(crashes).toEqual([]);
    const total = Object.values(summary).reduce((s, v) => s + v.inputs, 0);
    process.stdout.write(`fuzz: ${total} inputs over ${Object.keys(summary).length} handlers, crashes ${crashes.length}\n${JSON.stringify(summary)}\n`);
  }, 600_000);
});
