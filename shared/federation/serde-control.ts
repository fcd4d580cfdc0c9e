/**
 * Domain ⇄ protobuf for the wire's control messages: handshake (Hello, Challenge, ChallengeResponse,
 * ServerProof), acknowledgements (`Reply`), errors, chunks and envelopes. Validated like `serde.ts`.
 */
import type { fedcxr } from '../../proto/gen/fedcxr.js';
import { AuthError, FedcxrError, IntegrityError, ProtocolError, StaleResultError, TimeoutError, UnavailableError, ValueError, VersionError, WireLimitError, errorMessage } from '../domain/errors.js';
import type { ChunkFrame } from './chunks.js';
import { NONCE_BYTES } from './hmac.js';
import { decodeMessage, need, pb, siteIdField, text, u32 } from './serde-fields.js';
import { encodeWithTrailingBytes } from './flat-encode.js';

/** The coordinator's Hello → Challenge round trip, site side. */
export interface WireHello {
  readonly siteId: string;
  readonly protocolVersion: number;
}

/** Encodes Hello. */
export function helloToBytes(h: WireHello): Uint8Array {
  return pb.Hello.encode({ siteId: siteIdField(h.siteId, 'hello.siteId'), protocolVersion: u32(h.protocolVersion, 'hello.protocolVersion') }).finish();
}

/** Decodes and validates Hello. */
export function helloFromBytes(bytes: unknown): WireHello {
  const m = decodeMessage(pb.Hello, 'Hello', bytes);
  return { siteId: siteIdField(m.siteId, 'hello.siteId'), protocolVersion: u32(m.protocolVersion, 'hello.protocolVersion') };
}

/** The site's answer to a challenge. */
export interface WireChallengeResponse {
  readonly siteId: string;
  readonly siteNonce: Uint8Array;
  readonly siteProof: Uint8Array;
}

/** Encodes ChallengeResponse. */
export function challengeResponseToBytes(r: WireChallengeResponse): Uint8Array {
  return pb.ChallengeResponse.encode(challengeResponseFields(r)).finish();
}

/** Decodes and validates ChallengeResponse. */
export function challengeResponseFromBytes(bytes: unknown): WireChallengeResponse {
  const m = decodeMessage(pb.ChallengeResponse, 'ChallengeResponse', bytes);
  return challengeResponseFields({ siteId: m.siteId ?? '', siteNonce: m.siteNonce ?? new Uint8Array(), siteProof: m.siteProof ?? new Uint8Array() });
}

function challengeResponseFields(r: WireChallengeResponse): WireChallengeResponse {
  return {
    siteId: siteIdField(r.siteId, 'challengeResponse.siteId'),
    siteNonce: nonce(r.siteNonce, 'challengeResponse.siteNonce'),
    siteProof: fixedBytes(r.siteProof, 32, 'challengeResponse.siteProof'),
  };
}

function nonce(b: Uint8Array, field: string): Uint8Array {
  return fixedBytes(b, NONCE_BYTES, field);
}

function fixedBytes(b: Uint8Array, n: number, field: string): Uint8Array {
  if (b.length !== n) throw new ValueError(`${field} must hold ${n} bytes, got ${b.length}`, { field });
  return Uint8Array.from(b);
}

/** A decoded acknowledgement. */
export type WireReply =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error'; readonly error: FedcxrError }
  | { readonly kind: 'challenge'; readonly protocolVersion: number; readonly serverNonce: Uint8Array }
  | { readonly kind: 'serverProof'; readonly coordinatorProof: Uint8Array }
  | { readonly kind: 'prepare'; readonly hasTrunk: boolean };

/** Encodes a reply. */
export function replyToBytes(r: WireReply): Uint8Array {
  switch (r.kind) {
    case 'ok':
      return pb.Reply.encode({ ok: {} }).finish();
    case 'error':
      return pb.Reply.encode({ error: errorToProto(r.error) }).finish();
    case 'challenge':
      return pb.Reply.encode({ challenge: { protocolVersion: r.protocolVersion, serverNonce: r.serverNonce } }).finish();
    case 'serverProof':
      return pb.Reply.encode({ serverProof: { coordinatorProof: r.coordinatorProof } }).finish();
    case 'prepare':
      return pb.Reply.encode({ prepare: { hasTrunk: r.hasTrunk } }).finish();
  }
}

/** Encodes an error reply for any thrown value. */
export function errorReply(err: unknown): Uint8Array {
  return pb.Reply.encode({ error: errorToProto(err) }).finish();
}

/** Decodes and validates a reply. */
export function replyFromBytes(bytes: unknown): WireReply {
  const m = decodeMessage(pb.Reply, 'Reply', bytes);
  if (m.error) return { kind: 'error', error: errorFromProto(m.error) };
  if (m.ok) return { kind: 'ok' };
  if (m.challenge) {
    return {
      kind: 'challenge',
      protocolVersion: u32(m.challenge.protocolVersion, 'challenge.protocolVersion'),
      serverNonce: nonce(m.challenge.serverNonce ?? new Uint8Array(), 'challenge.serverNonce'),
    };
  }
  if (m.serverProof) return { kind: 'serverProof', coordinatorProof: fixedBytes(m.serverProof.coordinatorProof ?? new Uint8Array(), 32, 'serverProof.coordinatorProof') };
  if (m.prepare) return { kind: 'prepare', hasTrunk: m.prepare.hasTrunk === true };
  throw new ProtocolError('reply has no body');
}

/**
 * Decodes a reply and returns it when it has the expected kind; an error reply is thrown as the error it
 * carries, any other kind as a ProtocolError.
 */
export function expectReply<K extends WireReply['kind']>(bytes: unknown, kind: K, what: string): Extract<WireReply, { kind: K }> {
  const r = replyFromBytes(bytes);
  if (r.kind === 'error') throw r.error;
  if (r.kind !== kind) throw new ProtocolError(`${what}: expected a ${kind} reply, got ${r.kind}`);
  return r as Extract<WireReply, { kind: K }>;
}

/** An error as the wire carries it: class → code, message, field. Never a stack trace. */
export function errorToProto(err: unknown): fedcxr.v1.Error.$Properties {
  const message = errorMessage(err).slice(0, 2000);
  const field = err instanceof ValueError && err.field !== undefined ? err.field.slice(0, 256) : '';
  return { code: codeOf(err), message, field };
}

/**
 * Error class ⇄ wire code, most specific class first (a subclass must precede its base): the one table
 * both directions read. IntegrityError travels as PROTOCOL; anything else as INTERNAL.
 */
const ERROR_CODES: readonly (readonly [fedcxr.v1.ErrorCode, new (message: string) => FedcxrError])[] = [
  [pb.ErrorCode.VERSION, VersionError],
  [pb.ErrorCode.AUTH, AuthError],
  [pb.ErrorCode.STALE, StaleResultError],
  [pb.ErrorCode.LIMIT, WireLimitError],
  [pb.ErrorCode.VALUE, ValueError],
  [pb.ErrorCode.TIMEOUT, TimeoutError],
  [pb.ErrorCode.UNAVAILABLE, UnavailableError],
  [pb.ErrorCode.PROTOCOL, ProtocolError],
];

function codeOf(err: unknown): fedcxr.v1.ErrorCode {
  if (err instanceof IntegrityError) return pb.ErrorCode.PROTOCOL;
  return ERROR_CODES.find(([, cls]) => err instanceof cls)?.[0] ?? pb.ErrorCode.INTERNAL;
}

/** An error received from the peer, rebuilt as the matching local class (message prefixed "peer: "). */
export function errorFromProto(m: fedcxr.v1.Error.$Properties): FedcxrError {
  const msg = `peer: ${m.message ?? ''}`;
  if (m.code === pb.ErrorCode.VALUE) return new ValueError(msg, m.field ? { field: m.field } : {});
  const cls = ERROR_CODES.find(([code]) => code === m.code)?.[1] ?? FedcxrError;
  return new cls(msg);
}

/** Encodes an Error message (for `fault`). */
export function errorToBytes(err: unknown): Uint8Array {
  return pb.Error.encode(errorToProto(err)).finish();
}

/** Decodes an Error message. */
export function errorFromBytes(bytes: unknown): FedcxrError {
  return errorFromProto(decodeMessage(pb.Error, 'Error', bytes));
}

/** Encodes one chunk. */
export function chunkToBytes(c: ChunkFrame): Uint8Array {
  // `data` (field 7, the last) copied once: see flat-encode.ts.
  const head = pb.Chunk.encode({ transferId: c.transferId, index: c.index, count: c.count, totalBytes: c.totalBytes, sha256: c.sha256, offset: c.offset }).finish();
  return encodeWithTrailingBytes(head, 7, c.data);
}

/** Decodes one chunk (range checks happen in the Reassembler). */
export function chunkFromBytes(bytes: unknown): ChunkFrame {
  const m = decodeMessage(pb.Chunk, 'Chunk', bytes);
  return {
    transferId: text(m.transferId, 'chunk.transferId', 64),
    index: u32(m.index, 'chunk.index'),
    count: u32(m.count, 'chunk.count'),
    totalBytes: u32(m.totalBytes, 'chunk.totalBytes'),
    sha256: m.sha256 ?? new Uint8Array(),
    offset: u32(m.offset, 'chunk.offset'),
    data: m.data ?? new Uint8Array(),
  };
}

/** A request/result body: inline bytes, or the id of a completed chunk transfer. */
export type WireEnvelope = { readonly inline: Uint8Array } | { readonly transferId: string };

/** Encodes an envelope. */
export function envelopeToBytes(e: WireEnvelope): Uint8Array {
  return pb.Envelope.encode('inline' in e ? { inline: e.inline } : { transferId: e.transferId }).finish();
}

/** Decodes an envelope. */
export function envelopeFromBytes(bytes: unknown): WireEnvelope {
  const m = decodeMessage(pb.Envelope, 'Envelope', bytes);
  if (m.body === 'inline') return { inline: need(m.inline, 'envelope.inline') };
  if (m.body === 'transferId') return { transferId: text(m.transferId, 'envelope.transferId', 64) };
  throw new ValueError('envelope has no body', { field: 'envelope.body' });
}
