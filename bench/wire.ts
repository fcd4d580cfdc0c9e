/**
 * Wire benchmark (part of `npm run bench -- federation`): at the +B5 trainable size of the default model
 * (224 px, GAP head of 256 units), over real socket.io on loopback with an instant fake trainer:
 *  - bytes on the wire per site per round ÷ (trainable parameters × bytes per value), float32 and float16
 *    (a round moves the tensors down and back up, so the ideal total is 2.00; per direction 1.00);
 *  - round-trip time of a full fit exchange (the transport overhead) and the CPU time both ends spent on it
 *    (robust on a loaded machine), and the RTT as a ratio to encode+decode alone of the same messages in the
 *    same process (the serialisation floor).
 * Run: `node bin/run-ts.js bench/wire.ts [--json] [--rounds N]`.
 */
import type { Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CoordinatorServer } from '../coordinator/server.js';
import type { SocketClientProxy } from '../coordinator/socket-proxy.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { modelWeightSpecs } from '../shared/model/vgg16.js';
import { isTrainable } from '../shared/model/unfreeze.js';
import { countParams, sizeOf, type TensorSet, type WireDType } from '../shared/domain/tensor-set.js';
import { fitInsFromBytes, fitInsToBytes, fitResFromBytes, fitResToBytes } from '../shared/federation/serde.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription, SiteHandler } from '../shared/federation/types.js';
import { SiteClient } from '../site-client/client.js';

const KEY = '5a'.repeat(32);
const HASH = 'ef'.repeat(32);
const RUN: RunSpec = { runId: 'bench', level: '+B5', modelConfigJson: '{}', trunkHash: HASH };

/** +B5 trainable tensors of the default model, filled with deterministic values. */
function trainableAtB5(): TensorSet {
  return modelWeightSpecs(defaultModelConfig())
    .filter((w) => isTrainable(w.name.split('/')[0] ?? '', '+B5'))
    .map((w) => {
      const data = new Float32Array(sizeOf(w.shape));
      for (let i = 0; i < data.length; i++) data[i] = (((i * 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.1;
      return { name: w.name, shape: [...w.shape], data };
    });
}

/** Returns the weights it received, at once: what remains of a round is the transport. */
class InstantHandler implements SiteHandler {
  readonly siteId = 'BENCH';
  async describe(): Promise<SiteDescription> {
    const z = { normal: 0, disease: 0 };
    return { capabilities: [], counts: { train: { normal: 1, disease: 1 }, val: z, test: z } };
  }
  async hasTrunk(): Promise<boolean> {
    return true;
  }
  async prepareRun(): Promise<void> {}
  async fit(ins: FitIns): Promise<FitRes> {
    return { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: 2, tensors: ins.tensors, metrics: { trainLoss: 0 } };
  }
  async evaluate(_ins: EvaluateIns): Promise<EvaluateRes> {
    throw new Error('not benchmarked');
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** One dtype: wire bytes per round and round-trip times. */
async function measure(tensors: TensorSet, dtype: WireDType, rounds: number): Promise<Record<string, number>> {
  const params = countParams(tensors);
  const bytesPerValue = dtype === 'float16' ? 2 : 4;
  const server = await CoordinatorServer.start({ port: 0, siteKey: (id) => (id === 'BENCH' ? KEY : undefined), wireDType: dtype });
  const sockets: NetSocket[] = [];
  server.io.httpServer.on('connection', (s: NetSocket) => sockets.push(s));
  const connected = new Promise<SocketClientProxy>((resolve) => server.once('siteConnected', (p) => resolve(p)));
  const client = new SiteClient({ url: server.url, siteId: 'BENCH', key: KEY, handler: new InstantHandler(), reconnect: false, heartbeatIntervalMs: 60_000 });
  await client.start();
  const proxy = await connected;
  await proxy.prepare(RUN, null, 60_000);
  const wire = (): { down: number; up: number } => ({
    down: sockets.reduce((n, s) => n + s.bytesWritten, 0),
    up: sockets.reduce((n, s) => n + s.bytesRead, 0),
  });
  const ins = (round: number): FitIns => ({
    runId: RUN.runId,
    round,
    level: '+B5',
    trunkHash: HASH,
    tensors,
    config: { localEpochs: 1, batchSize: 8, learningRate: 1e-4, proximalMu: 0, seed: round, optimizer: 'adam' },
  });
  await proxy.fit(ins(0), 120_000); // warm-up
  const rtts: number[] = [];
  let down = 0;
  let up = 0;
  const cpus: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const before = wire();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await proxy.fit(ins(r), 120_000);
    rtts.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    const after = wire();
    down += after.down - before.down;
    up += after.up - before.up;
  }
  await client.stop();
  await server.close();

  // Serialisation floor: encode + decode of the same FitIns and FitRes, no network.
  const serde: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const i = fitInsFromBytes(fitInsToBytes(ins(r), dtype));
    fitResFromBytes(fitResToBytes({ runId: 'bench', round: r, siteId: 'BENCH', numExamples: 2, tensors: i.tensors, metrics: { trainLoss: 0 } }, dtype));
    serde.push(performance.now() - t0);
  }
  const ideal = params * bytesPerValue;
  return {
    params,
    bytesPerValue,
    wireBytesPerRound: (down + up) / rounds,
    ratioTotal: (down + up) / rounds / ideal,
    ratioDown: down / rounds / ideal,
    ratioUp: up / rounds / ideal,
    rttMs: median(rtts),
    // CPU of both ends (one process): robust to a loaded machine, unlike wall time.
    cpuMsPerRound: median(cpus),
    serdeMs: median(serde),
    rttOverSerde: median(rtts) / median(serde),
    throughputMBps: ((down + up) / rounds / (median(rtts) / 1000)) / 1e6,
  };
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 5;
const tensors = trainableAtB5();
const results: Record<string, Record<string, number>> = {};
for (const dtype of ['float32', 'float16'] as const) results[dtype] = await measure(tensors, dtype, rounds);

if (json) {
  process.stdout.write(`${JSON.stringify({ bench: 'wire', level: '+B5', rounds, results }, null, 2)}\n`);
} else {
  const p = results.float32?.params ?? 0;
  console.log(`wire @ +B5 (default model, 224 px, GAP head 256): ${p.toLocaleString('en')} trainable parameters, ${rounds} rounds, loopback`);
  for (const [dtype, r] of Object.entries(results)) {
    console.log(
      `  ${dtype.padEnd(7)}  wire/round ${(r.wireBytesPerRound! / 1e6).toFixed(1)} MB = ${r.ratioTotal!.toFixed(4)} × (params × ${r.bytesPerValue} B)` +
        ` [down ${r.ratioDown!.toFixed(4)}, up ${r.ratioUp!.toFixed(4)}]   fit RTT ${r.rttMs!.toFixed(0)} ms, CPU ${r.cpuMsPerRound!.toFixed(0)} ms` +
        ` (${r.rttOverSerde!.toFixed(2)} × encode+decode ${r.serdeMs!.toFixed(0)} ms; ${r.throughputMBps!.toFixed(0)} MB/s)`,
    );
  }
}
