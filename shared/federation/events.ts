/**
 * Typed socket.io events of the federation wire (socket.io 4 `Server<C2S, S2C, Inter, Data>` style).
 * Every payload is one encoded protobuf message (proto/fedcxr.proto) in a binary frame, and every request
 * carries an ack whose payload is an encoded `Reply`. No event takes an object: what travels is always
 * bytes a serde function produced.
 */

/** One encoded protobuf message. */
export type Frame = Uint8Array;

/** The acknowledgement callback: receives an encoded `Reply`. */
export type AckFn = (reply: Frame) => void;

/** Events a site sends; the comment names the message in the frame. */
export interface ClientToServerEvents {
  /** `Hello` → Reply.challenge | error. */
  hello: (frame: Frame, ack: AckFn) => void;
  /** `ChallengeResponse` → Reply.server_proof | error. */
  auth: (frame: Frame, ack: AckFn) => void;
  /** `Register` → Reply.ok | error. */
  register: (frame: Frame, ack: AckFn) => void;
  /** `Heartbeat` → Reply.ok | error. */
  heartbeat: (frame: Frame, ack: AckFn) => void;
  /** `Chunk` of an upload → Reply.ok | error. */
  chunk: (frame: Frame, ack: AckFn) => void;
  /** `Envelope` of a `FitRes` → Reply.ok | error. */
  fitRes: (frame: Frame, ack: AckFn) => void;
  /** `Envelope` of an `EvaluateRes` → Reply.ok | error. */
  evaluateRes: (frame: Frame, ack: AckFn) => void;
  /** `Failure` of an accepted task → Reply.ok | error. */
  failure: (frame: Frame, ack: AckFn) => void;
}

/** Events the coordinator sends. */
export interface ServerToClientEvents {
  /** `RunSpec` → Reply.prepare | error. */
  runSpec: (frame: Frame, ack: AckFn) => void;
  /** `Envelope` of a `Trunk` → Reply.ok | error (after the site installed it). */
  trunk: (frame: Frame, ack: AckFn) => void;
  /** `Chunk` of a download → Reply.ok | error. */
  chunk: (frame: Frame, ack: AckFn) => void;
  /**
   * `Envelope` of a `Hold` (to a site that registered the "hold" capability, after its preparation) → Reply.ok
   * (the site keeps the tensors for a later instruction to name) | error.
   */
  hold: (frame: Frame, ack: AckFn) => void;
  /** `Envelope` of a `FitIns` → Reply.ok (accepted; the result follows as `fitRes`) | error. */
  fit: (frame: Frame, ack: AckFn) => void;
  /** `Envelope` of an `EvaluateIns` → Reply.ok (accepted; `evaluateRes` follows) | error. */
  evaluate: (frame: Frame, ack: AckFn) => void;
  /**
   * `Failure` naming a fit/evaluate the coordinator abandoned (deadline or heartbeat silence) → Reply.ok | error:
   * the site stops treating it as running (its result, if it ever comes, is dropped) and takes new tasks.
   */
  cancel: (frame: Frame, ack: AckFn) => void;
  /** `Error` sent just before the coordinator disconnects (auth failure, version mismatch). No ack. */
  fault: (frame: Frame) => void;
}

/** Events between coordinator instances (none: one coordinator per federation). */
export type InterServerEvents = Record<string, never>;

/** Handshake progress of one connection. */
export type ConnectionState = 'new' | 'challenged' | 'authenticated' | 'registered';

/** Per-connection data the coordinator keeps on `socket.data`. */
export interface SocketData {
  state: ConnectionState;
  /** Claimed in Hello; trusted only once `state` is 'authenticated' or later. */
  siteId: string | undefined;
  serverNonce: Uint8Array | undefined;
}
