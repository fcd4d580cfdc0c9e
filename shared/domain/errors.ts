/**
 * fedcxr's small error hierarchy. Every error names what was wrong; `cause` keeps the original.
 * The CLI maps each class to an exit code in one place (`cli/exit-codes.ts`).
 */

/** Base class of every error fedcxr raises on purpose. */
export class FedcxrError extends Error {
  override readonly name: string = 'FedcxrError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A value given by a user or a config file is invalid (bad option, conflicting settings). */
export class ConfigError extends FedcxrError {
  override readonly name: string = 'ConfigError';
}

/** Input data is unusable: corrupt image, unsupported transfer syntax, wrong tensor shape, NaN weights. */
export class ValueError extends FedcxrError {
  override readonly name: string = 'ValueError';
  /** The field, tensor, file or message part that was wrong. */
  readonly field: string | undefined;
  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options);
    this.field = options?.field;
  }
}

/** A stored artefact (checkpoint, cache entry, ledger row) fails verification. */
export class IntegrityError extends FedcxrError {
  override readonly name: string = 'IntegrityError';
}

/** A requested capability is not available here (backend not installed, codec missing). */
export class UnavailableError extends FedcxrError {
  override readonly name: string = 'UnavailableError';
}

/** A peer broke the protocol or failed authentication. */
export class ProtocolError extends FedcxrError {
  override readonly name: string = 'ProtocolError';
}

/** Authentication failed: wrong HMAC, unknown site, impostor coordinator. */
export class AuthError extends ProtocolError {
  override readonly name: string = 'AuthError';
}

/** The protocol versions of the two ends differ. */
export class VersionError extends ProtocolError {
  override readonly name: string = 'VersionError';
}

/** A result whose round is not pending (late or replayed); the wire code is STALE. */
export class StaleResultError extends ProtocolError {
  override readonly name: string = 'StaleResultError';
}

/** A frame, transfer or upload exceeded a configured limit. */
export class WireLimitError extends ProtocolError {
  override readonly name: string = 'WireLimitError';
}

/** A readable file is excluded by a filter (reported as a skip, not an error). */
export class FilteredOut extends ValueError {
  override readonly name: string = 'FilteredOut';
}

/** An operation ran past its deadline. */
export class TimeoutError extends FedcxrError {
  override readonly name: string = 'TimeoutError';
}

/** Work stopped because its caller cancelled it (e.g. the coordinator abandoned a fit). */
export class CancelledError extends FedcxrError {
  override readonly name: string = 'CancelledError';
}

/** Throws CancelledError naming `what` and the abort reason when `signal` has been aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (!signal?.aborted) return;
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  throw new CancelledError(`${what} cancelled: ${why}`, { cause: signal.reason });
}

/** Message of any thrown value, for logs and error reports. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
