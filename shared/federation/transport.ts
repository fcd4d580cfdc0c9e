/**
 * What both ends of the socket transport share: sending a message whole or in acked chunks, opening an
 * envelope (inline or a completed transfer), and serving a request so that a bad frame becomes an Error
 * reply and a log line, never an exception that takes the process down.
 */
import type { Logger } from 'pino';
import { TimeoutError, errorMessage, ProtocolError, WireLimitError } from '../domain/errors.js';
import { splitIntoChunks, type Reassembler } from './chunks.js';
import { chunkFromBytes, chunkToBytes, envelopeFromBytes, envelopeToBytes, errorReply, expectReply } from './serde-control.js';
import type { AckFn } from './events.js';
import { type WireLimits } from './wire-limits.js';

/** Emits one request frame and resolves with its ack payload (rejects on ack timeout). */
export type RequestFn<E extends string> = (event: E, frame: Uint8Array, timeoutMs: number) => Promise<unknown>;

/** Maps socket.io's ack-timeout error to a TimeoutError naming the request. */
export async function withAckTimeout<T>(p: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Error && /timed out/i.test(err.message)) throw new TimeoutError(`${what}: no ack within ${timeoutMs} ms`, { cause: err });
    throw err;
  }
}

/** Rejects with TimeoutError when `p` does not settle within `ms` (the late value is dropped). */
export async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} missed its ${ms} ms deadline`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Chunks a sender keeps in flight (sent, not yet acked). Acks still pace the sender, and the receiver buffers at
 * most this many frames of a transfer; more than one because every ack round trip waits for the receiver's event
 * loop: with one in flight, a 28.8 MB upload took 7 round trips, each queued behind whatever the receiver (or, in
 * a simulation, the other sites' training in the same process) was doing.
 */
export const CHUNK_WINDOW = 4;

/**
 * Sends `payload` (an encoded message) as `event`: inline in an Envelope when it fits in one chunk, else as
 * acked `chunk` frames (at most `window` unacked) followed by an Envelope naming the transfer. Resolves with the
 * final ack payload; the first refused or unacknowledged chunk stops the sending and rejects.
 * @example const reply = await sendMessage(req, 'fitRes', fitResToBytes(res, 'float32'), limits, 30_000);
 */
export async function sendMessage<E extends string>(
  request: RequestFn<E | 'chunk'>,
  event: E,
  payload: Uint8Array,
  limits: Pick<WireLimits, 'chunkBytes' | 'maxTransferBytes'>,
  timeoutMs: number,
  window = CHUNK_WINDOW,
): Promise<unknown> {
  if (payload.length <= limits.chunkBytes) return request(event, envelopeToBytes({ inline: payload }), timeoutMs);
  if (payload.length > limits.maxTransferBytes) {
    throw new WireLimitError(`${event} of ${payload.length} bytes exceeds the transfer limit of ${limits.maxTransferBytes}`);
  }
  if (!Number.isSafeInteger(window) || window < 1) throw new RangeError(`chunk window must be a positive integer, got ${window}`);
  const chunks = splitIntoChunks(payload, limits.chunkBytes);
  let next = 0;
  let failed = false;
  // `window` lanes take chunks in index order; each sends its next chunk once its previous one was acked.
  const lane = async (): Promise<void> => {
    while (!failed && next < chunks.length) {
      const c = chunks[next++] as (typeof chunks)[number];
      try {
        expectReply(await request('chunk', chunkToBytes(c), timeoutMs), 'ok', `${event} chunk ${c.index}`);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, chunks.length) }, lane));
  return request(event, envelopeToBytes({ transferId: chunks[0]?.transferId ?? '' }), timeoutMs);
}

/** Accepts one `chunk` frame into `reassembler`. */
export function acceptChunk(reassembler: Reassembler, frame: unknown): void {
  reassembler.accept(chunkFromBytes(frame));
}

/** The message bytes an Envelope frame carries (inline, or taken from a completed transfer). */
export function openEnvelope(reassembler: Reassembler, frame: unknown): Uint8Array {
  return openEnvelopeOwned(reassembler, frame).bytes;
}

/**
 * As `openEnvelope`, saying whether the caller now owns the bytes: a completed transfer's buffer is handed over
 * (the decoder may reuse it in place), inline bytes are a view into the socket's frame (read-only to us).
 */
export function openEnvelopeOwned(reassembler: Reassembler, frame: unknown): OpenedEnvelope {
  const env = envelopeFromBytes(frame);
  if ('inline' in env) return { bytes: env.inline, owned: false };
  const { bytes, sha256 } = reassembler.takeVerified(env.transferId);
  return { bytes, owned: true, sha256 };
}

/** A message taken out of its Envelope. */
export interface OpenedEnvelope {
  readonly bytes: Uint8Array;
  /** Whether the caller owns `bytes` (a reassembled transfer) and may decode it in place. */
  readonly owned: boolean;
  /** The SHA-256 a chunked transfer was verified against (absent for inline bytes, which were not hashed). */
  readonly sha256?: Uint8Array;
}

/** Throws unless `frame` is a binary frame within the frame limit. */
export function checkFrame(frame: unknown, maxFrameBytes: number, event: string): asserts frame is Uint8Array {
  if (!(frame instanceof Uint8Array)) throw new ProtocolError(`${event}: frame must be binary, got ${typeof frame}`);
  if (frame.length > maxFrameBytes) throw new WireLimitError(`${event}: frame of ${frame.length} bytes exceeds the limit of ${maxFrameBytes}`);
}

/**
 * Wraps a request handler for `socket.on(event, ...)`: checks the frame, runs `fn`, acks its reply or an
 * Error reply, and logs rejections. A peer that sent no ack callback still gets its frame processed.
 */
export function serveRequest(
  log: Logger,
  event: string,
  maxFrameBytes: number,
  fn: (frame: Uint8Array) => Promise<Uint8Array> | Uint8Array,
  onError?: (err: unknown) => void,
): (frame: Uint8Array, ack: AckFn) => void {
  return (frame: unknown, ack: unknown) => {
    const reply = (bytes: Uint8Array): void => {
      if (typeof ack === 'function') (ack as AckFn)(bytes);
    };
    const fail = (err: unknown): void => {
      log.warn({ event, err: errorMessage(err), kind: err instanceof Error ? err.name : typeof err }, 'request rejected');
      reply(errorReply(err));
      onError?.(err);
    };
    try {
      checkFrame(frame, maxFrameBytes, event);
      Promise.resolve(fn(frame)).then(reply, fail);
    } catch (err) {
      fail(err);
    }
  };
}
