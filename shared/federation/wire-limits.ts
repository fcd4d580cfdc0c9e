/**
 * Size, count and time limits of the federation wire, in one place with their defaults.
 * Both ends resolve their options through `resolveWireLimits` so conflicting limits fail at start-up.
 */
import { ConfigError } from '../domain/errors.js';

/**
 * The wire protocol version both ends must speak (bump on any incompatible change to proto/fedcxr.proto).
 * 2: RunSpec carries the heartbeat timeout and the coordinator's chunk/message limits; EvaluateIns carries the
 * histogram bin count every EvaluateRes must use.
 * 3: FitIns/EvaluateIns may name the tensors of an earlier instruction by that message's SHA-256 (`tensors_ref`)
 * instead of carrying them; a peer of version 2 would train on an empty set, so the handshake refuses it.
 */
export const PROTOCOL_VERSION = 3;

const MiB = 1024 * 1024;

/** Limits of one end of the wire. */
export interface WireLimits {
  /** Encoded messages larger than this travel as chunks of this size. @default 4 MiB */
  readonly chunkBytes: number;
  /** Largest application frame accepted (a chunk plus its header fits). @default chunkBytes + 64 KiB */
  readonly maxFrameBytes: number;
  /**
   * socket.io `maxHttpBufferSize`: the transport closes the connection above it. Set above `maxFrameBytes`
   * so a moderately oversized frame still reaches the application and gets an Error reply.
   * @default maxFrameBytes + 1 MiB
   */
  readonly maxHttpBufferSize: number;
  /** Largest chunked transfer (a whole encoded message) accepted. @default 1 GiB */
  readonly maxTransferBytes: number;
  /** Transfers a peer may have in flight at once. @default 4 */
  readonly maxConcurrentTransfers: number;
  /** Bytes one peer's open transfers may hold together. @default maxTransferBytes */
  readonly maxHeldBytes: number;
  /** Bytes every peer's open transfers may hold together (one process-wide budget). @default 1 GiB */
  readonly maxTotalHeldBytes: number;
  /** A transfer not completed within this time is dropped. @default 120 s */
  readonly transferTimeoutMs: number;
  /** How long a request waits for its ack. @default 30 s */
  readonly ackTimeoutMs: number;
}

/** Default limits. */
export const DEFAULT_WIRE_LIMITS: WireLimits = Object.freeze({
  chunkBytes: 4 * MiB,
  maxFrameBytes: 4 * MiB + 64 * 1024,
  maxHttpBufferSize: 5 * MiB + 64 * 1024,
  maxTransferBytes: 1024 * MiB,
  maxConcurrentTransfers: 4,
  maxHeldBytes: 1024 * MiB,
  maxTotalHeldBytes: 1024 * MiB,
  transferTimeoutMs: 120_000,
  ackTimeoutMs: 30_000,
});

/** Fills defaults (derived limits follow `chunkBytes`) and rejects conflicting limits with a ConfigError. */
export function resolveWireLimits(partial: Partial<WireLimits> = {}): WireLimits {
  const chunkBytes = partial.chunkBytes ?? DEFAULT_WIRE_LIMITS.chunkBytes;
  const maxFrameBytes = partial.maxFrameBytes ?? chunkBytes + 64 * 1024;
  const limits: WireLimits = {
    chunkBytes,
    maxFrameBytes,
    maxHttpBufferSize: partial.maxHttpBufferSize ?? maxFrameBytes + MiB,
    maxTransferBytes: partial.maxTransferBytes ?? DEFAULT_WIRE_LIMITS.maxTransferBytes,
    maxConcurrentTransfers: partial.maxConcurrentTransfers ?? DEFAULT_WIRE_LIMITS.maxConcurrentTransfers,
    maxHeldBytes: partial.maxHeldBytes ?? partial.maxTransferBytes ?? DEFAULT_WIRE_LIMITS.maxHeldBytes,
    maxTotalHeldBytes: partial.maxTotalHeldBytes ?? DEFAULT_WIRE_LIMITS.maxTotalHeldBytes,
    transferTimeoutMs: partial.transferTimeoutMs ?? DEFAULT_WIRE_LIMITS.transferTimeoutMs,
    ackTimeoutMs: partial.ackTimeoutMs ?? DEFAULT_WIRE_LIMITS.ackTimeoutMs,
  };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new ConfigError(`wire limit ${k} must be a positive integer, got ${v}`);
  }
  if (limits.chunkBytes < 1024) throw new ConfigError(`wire limit chunkBytes must be ≥ 1024, got ${limits.chunkBytes}`);
  // A chunk frame carries the chunk plus ~100 bytes of header; leave 1 KiB.
  if (limits.maxFrameBytes < limits.chunkBytes + 1024) {
    throw new ConfigError(`wire limit maxFrameBytes (${limits.maxFrameBytes}) must exceed chunkBytes (${limits.chunkBytes}) by ≥ 1 KiB`);
  }
  if (limits.maxHttpBufferSize < limits.maxFrameBytes) {
    throw new ConfigError(`wire limit maxHttpBufferSize (${limits.maxHttpBufferSize}) must be ≥ maxFrameBytes (${limits.maxFrameBytes})`);
  }
  if (limits.maxTransferBytes > 0xffff_ffff) throw new ConfigError('wire limit maxTransferBytes must be < 4 GiB (uint32 on the wire)');
  return limits;
}

/** Whether `host` names this machine's loopback interface (the only place plaintext is allowed by default). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}
