/**
 * Patient data never leaves a site: every packet the coordinator receives from a site (observed at the
 * engine.io layer, below socket.io, so acks and binary attachments included) is searched for the site's
 * pixel bytes, file names and patient ids. A positive control proves the capture sees the weights.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoordinatorServer } from '../../coordinator/server.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, SiteDescription } from '../../shared/federation/types.js';
import type { SiteClient } from '../../site-client/client.js';
import { FakeHandler, RUN, connectSite, evaluateIns, fitIns, rejectionOf, startServer } from './transport-helpers.js';
import { ValueError } from '../../shared/domain/errors.js';
import { redactText } from '../../site-client/redact.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const FILES = ['person1946_bacteria_4874.jpeg', 'IM-0115-0001.jpeg', 'NORMAL2-IM-1427-0001.jpeg'];
const PATIENTS = ['person1946', 'IM-0115', 'NORMAL2-IM-1427'];

/** A handler that holds a little "dataset" with a distinctive pixel pattern and uses it to train. */
class DataHoldingHandler extends FakeHandler {
  readonly pixels: Float32Array;

  constructor() {
    super('KM');
    this.pixels = new Float32Array(32 * 32 * 3 * FILES.length);
    for (let i = 0; i < this.pixels.length; i++) this.pixels[i] = 1234.5678 + ((i * 7919) % 1000) / 997; // never a weight value
  }

  override async describe(): Promise<SiteDescription> {
    return { capabilities: [], counts: { train: { normal: 2, disease: 1 }, val: { normal: 0, disease: 0 }, test: { normal: 1, disease: 1 } } };
  }

  override async fit(ins: FitIns, onHeartbeat?: (p: number) => void): Promise<FitRes> {
    onHeartbeat?.(0.5);
    let mean = 0;
    for (const v of this.pixels) mean += v;
    mean /= this.pixels.length;
    const tensors = ins.tensors.map((t) => ({ name: t.name, shape: t.shape, data: t.data.map((v) => v + mean * 1e-6) }));
    // A careless trainer might attach its inputs to the result; the wire must not carry them.
    return Object.assign({ runId: ins.runId, round: ins.round, siteId: 'KM', numExamples: 3, tensors, metrics: { trainLoss: 0.7 } }, { files: FILES, pixels: this.pixels });
  }

  override async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    const res = await super.evaluate(ins);
    return Object.assign(res, { perImage: FILES.map((file, i) => ({ file, patient: PATIENTS[i], score: 0.9 })) });
  }
}

/** Every engine.io packet the coordinator receives from now on, as bytes (text frames UTF-8 encoded). */
function captureReceived(srv: CoordinatorServer): Buffer[] {
  const received: Buffer[] = [];
  srv.io.engine.on('connection', (raw: { on(e: 'packet', f: (p: { data?: unknown }) => void): void }) => {
    raw.on('packet', (p) => {
      if (typeof p.data === 'string') received.push(Buffer.from(p.data, 'utf8'));
      else if (p.data instanceof Uint8Array) received.push(Buffer.from(p.data));
    });
  });
  return received;
}

describe('socket transport: privacy', () => {
  it('sends no pixel bytes, file names or patient ids in any frame', async () => {
    const srv: CoordinatorServer = await startServer();
    cleanup.push(() => srv.close());
    const received = captureReceived(srv);
    const tapped: Buffer[] = [];
    const handler = new DataHoldingHandler();
    const { client, proxy } = await connectSite(srv, handler, { onSend: (_e, f) => tapped.push(Buffer.from(f)), heartbeatIntervalMs: 5 });
    cleanup.push(() => (client as SiteClient).stop());

    await proxy.prepare(RUN, null, 5000);
    const res = await proxy.fit(fitIns(1), 5000);
    await proxy.evaluate(evaluateIns(1), 5000);

    for (const stream of [Buffer.concat(received), Buffer.concat(tapped)]) {
      // Positive control: the capture does see what legitimately left (weights and their names).
      const weights = res.tensors[0]!.data;
      expect(stream.includes(Buffer.from(weights.buffer, weights.byteOffset, 64))).toBe(true);
      expect(stream.includes(Buffer.from('block5_conv3/kernel'))).toBe(true);
      // No window of pixel bytes, in any alignment we search, and no names.
      for (let off = 0; off < handler.pixels.length - 16; off += 613) {
        expect(stream.includes(Buffer.from(handler.pixels.buffer, off * 4, 16))).toBe(false);
      }
      for (const s of [...FILES, ...PATIENTS, '.jpeg', 'perImage']) expect(stream.includes(Buffer.from(s))).toBe(false);
    }
    expect(received.length).toBeGreaterThan(5);
  });

  it('redacts paths, file names and patient ids from the error text a failing site sends', async () => {
    const srv: CoordinatorServer = await startServer();
    cleanup.push(() => srv.close());
    const received = captureReceived(srv);
    const failWith = new ValueError(`cannot decode /hospital/scans/PNEUMONIA/${FILES[0]} of patient ${PATIENTS[1]}: bad SOI marker`, { field: `/hospital/scans/${FILES[1]}` });
    const { client, proxy } = await connectSite(srv, new FakeHandler('KM', { failWith }));
    cleanup.push(() => (client as SiteClient).stop());
    await proxy.prepare(RUN, null, 5000);

    const err = await rejectionOf(proxy.fit(fitIns(1), 5000));

    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toBe('peer: cannot decode <path> of patient <id>: bad SOI marker');
    expect((err as ValueError).field).toBe('<path>');
    const stream = Buffer.concat(received);
    for (const s of [...FILES, ...PATIENTS, 'hospital', 'scans']) expect(stream.includes(Buffer.from(s))).toBe(false);
    expect(redactText('fitRes.tensors[0](block5_conv3/kernel).data: 3 values')).toBe('fitRes.tensors[0](block5_conv3/kernel).data: 3 values');
  });
});
