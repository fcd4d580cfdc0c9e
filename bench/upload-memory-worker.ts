/**
 * One measurement of `bench/upload-memory.ts`, in a fresh process: the coordinator's receive path for one valid
 * chunked FitRes — chunk frames read one at a time from FILE (as socket frames arrive) → Reassembler → envelope
 * → pre-decode scan → decode — with the decoder in MODE ('copy': tensors copied out of the message; 'adopt':
 * tensors aligned in place and viewed in the reassembled buffer). Prints one JSON line: peak RSS growth
 * (VmHWM, reset just before) and RSS still held after a GC with the result alive, in bytes.
 * Usage: node --expose-gc bin/run-ts.js bench/upload-memory-worker.ts FILE MODE EXPECTATION_JSON
 */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { Reassembler } from '../shared/federation/chunks.js';
import { fitResFromBytes } from '../shared/federation/serde.js';
import { acceptChunk, openEnvelope } from '../shared/federation/transport.js';
import { resolveWireLimits } from '../shared/federation/wire-limits.js';
import { scanFitRes, type FitExpectation } from '../shared/federation/wire-scan.js';

const [file, mode, expJson] = process.argv.slice(2);
if (!file || (mode !== 'copy' && mode !== 'adopt') || !expJson) throw new Error('usage: upload-memory-worker.ts FILE copy|adopt EXPECTATION_JSON');
const expectation = JSON.parse(expJson) as FitExpectation;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const status = (key: 'VmRSS' | 'VmHWM'): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;

/** Reads the next length-prefixed frame (u32 LE length, then the bytes), or null at the end. */
function reader(path: string): () => Uint8Array | null {
  const fd = openSync(path, 'r');
  let pos = 0;
  return () => {
    const head = Buffer.alloc(4);
    if (readSync(fd, head, 0, 4, pos) < 4) {
      closeSync(fd);
      return null;
    }
    const frame = Buffer.alloc(head.readUInt32LE(0));
    readSync(fd, frame, 0, frame.length, pos + 4);
    pos += 4 + frame.length;
    return frame;
  };
}

const limits = resolveWireLimits();
gc();
writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
const base = status('VmRSS');
const reassembler = new Reassembler(limits);
const next = reader(file);
let envelope: Uint8Array | null = null;
for (let f = next(); f; f = next()) {
  if (f[0] === 0x45 && f[1] === 0x4e && f[2] === 0x56) envelope = f.subarray(3); // "ENV" marks the envelope frame
  else acceptChunk(reassembler, f);
}
if (!envelope) throw new Error('no envelope frame in the file');
/** As the coordinator's proxy does: the message bytes go out of scope once decoded (only the result is kept). */
function receive(env: Uint8Array): { res: ReturnType<typeof fitResFromBytes>; messageBytes: number } {
  const bytes = openEnvelope(reassembler, env);
  scanFitRes(bytes, expectation);
  return { res: fitResFromBytes(bytes, mode === 'adopt' ? { adopt: true } : {}), messageBytes: bytes.length };
}
const { res, messageBytes } = receive(envelope);
envelope = null;
const peak = status('VmHWM') - base;
gc();
const held = status('VmRSS') - base;
const values = res.tensors.reduce((n, t) => n + t.data.length, 0);
process.stdout.write(`${JSON.stringify({ mode, messageBytes, values, peak, held })}\n`);
