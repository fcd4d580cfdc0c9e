/**
 * Memory of accepting one valid large result (issue 11: "a valid large result must not cost a large multiple of
 * its size"). A FitRes of MiB MiB (float32 and float16 on the wire) is chunked as a site sends it; a fresh
 * process per measurement (`upload-memory-worker.ts`) runs the coordinator's receive path on it — chunks into
 * the Reassembler, envelope, pre-decode scan, decode — and reports peak RSS growth (VmHWM) and RSS held after a
 * GC with the decoded result alive, both per MiB received. Baseline in the same run: the copying decoder
 * (tensors copied out of the message) against the adopting one the coordinator uses for reassembled results
 * (tensors aligned in place and viewed in the reassembled buffer).
 * Run: `npm run -s bench -- upload-memory [--mib 256] [--json]`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitIntoChunks } from '../shared/federation/chunks.js';
import { chunkToBytes, envelopeToBytes } from '../shared/federation/serde-control.js';
import { fitResToBytes } from '../shared/federation/serde.js';
import { resolveWireLimits } from '../shared/federation/wire-limits.js';
import { fitExpectation } from '../shared/federation/wire-scan.js';
import type { TensorSet, WireDType } from '../shared/domain/tensor-set.js';

const args = process.argv.slice(2);
const mib = Number(args[args.indexOf('--mib') + 1] ?? 256) || 256;
const json = args.includes('--json');
const MiB = 1024 * 1024;

/** Float32 tensors totalling `mib` MiB in 8 tensors of odd sizes (so data fields land at unaligned offsets). */
function tensors(): TensorSet {
  const per = Math.floor((mib * MiB) / 4 / 8);
  return Array.from({ length: 8 }, (_, k) => {
    const n = per - k * 3 - 1;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (((i * 2654435761 + k) >>> 0) / 2 ** 32 - 0.5) * 0.01;
    return { name: `block${k}/kernel`, shape: [n], data };
  });
}

/** Writes the chunk frames and the envelope of an encoded FitRes, length-prefixed, to `path`. */
function writeFrames(path: string, payload: Uint8Array): void {
  const fd = openSync(path, 'w');
  const put = (frame: Uint8Array): void => {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(frame.length, 0);
    writeSync(fd, head);
    writeSync(fd, frame);
  };
  const chunks = splitIntoChunks(payload, resolveWireLimits().chunkBytes);
  for (const c of chunks) put(chunkToBytes(c));
  put(Buffer.concat([Buffer.from('ENV'), envelopeToBytes({ transferId: chunks[0]?.transferId ?? '' })]));
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), 'fedcxr-upload-mem-'));
const rows: { dtype: WireDType; mode: string; messageBytes: number; peak: number; held: number }[] = [];
try {
  const sent = tensors();
  const expectation = fitExpectation(sent);
  for (const dtype of ['float32', 'float16'] as const) {
    const file = join(dir, `${dtype}.frames`);
    writeFrames(file, fitResToBytes({ runId: 'bench', round: 1, siteId: 'BENCH', numExamples: 10, tensors: sent, metrics: { trainLoss: 0.5 } }, dtype));
    for (const mode of ['copy', 'adopt']) {
      const r = spawnSync(process.execPath, ['--expose-gc', 'bin/run-ts.js', 'bench/upload-memory-worker.ts', file, mode, JSON.stringify(expectation)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`upload-memory-worker ${dtype} ${mode} failed: ${r.stderr}`);
      rows.push({ dtype, ...(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { mode: string; messageBytes: number; peak: number; held: number }) });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const lines = [`receive path of one valid ${mib} MiB (float32) FitRes; RSS per MiB of message received`, 'wire      decoder  message MiB  peak/MiB  held/MiB  peak vs copy'];
for (const r of rows) {
  const copy = rows.find((x) => x.dtype === r.dtype && x.mode === 'copy');
  const m = r.messageBytes / MiB;
  lines.push(
    `${r.dtype.padEnd(9)} ${r.mode.padEnd(8)} ${m.toFixed(1).padStart(11)} ${(r.peak / r.messageBytes).toFixed(2).padStart(9)} ${(r.held / r.messageBytes).toFixed(2).padStart(9)} ${copy ? `×${(r.peak / copy.peak).toFixed(2)}`.padStart(13) : ''}`,
  );
  if (json) process.stdout.write(`${JSON.stringify({ bench: 'upload-memory', mib, ...r, peakPerByte: r.peak / r.messageBytes, heldPerByte: r.held / r.messageBytes })}\n`);
}
(json ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
