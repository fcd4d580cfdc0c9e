/** Maps fedcxr errors to process exit codes, in one place (as Flower's `exit_code.py`). */
import {
  AuthError,
  ConfigError,
  FedcxrError,
  IntegrityError,
  ProtocolError,
  TimeoutError,
  UnavailableError,
  ValueError,
} from '../shared/domain/errors.js';

/** Exit codes of the `fedcxr` command. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  config: 3,
  value: 4,
  integrity: 5,
  unavailable: 6,
  auth: 7,
  protocol: 8,
  timeout: 9,
} as const;

/** The exit code for a thrown value; unknown errors are plain failures. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof AuthError) return ExitCode.auth;
  if (err instanceof ProtocolError) return ExitCode.protocol;
  if (err instanceof ConfigError) return ExitCode.config;
  if (err instanceof ValueError) return ExitCode.value;
  if (err instanceof IntegrityError) return ExitCode.integrity;
  if (err instanceof UnavailableError) return ExitCode.unavailable;
  if (err instanceof TimeoutError) return ExitCode.timeout;
  if (err instanceof FedcxrError) return ExitCode.failure;
  return ExitCode.failure;
}
