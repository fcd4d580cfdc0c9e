import { describe, expect, it } from 'vitest';
import { exitCodeFor, ExitCode } from '../../../cli/exit-codes.js';
import { AuthError, ConfigError, IntegrityError, ProtocolError, ValueError } from '../../../shared/domain/errors.js';

describe('exitCodeFor', () => {
  it('maps each error class to its own code', () => {
    expect(exitCodeFor(new ConfigError('x'))).toBe(ExitCode.config);
    expect(exitCodeFor(new ValueError('x', { field: 'f' }))).toBe(ExitCode.value);
    expect(exitCodeFor(new IntegrityError('x'))).toBe(ExitCode.integrity);
    expect(exitCodeFor(new ProtocolError('x'))).toBe(ExitCode.protocol);
  });

  it('maps a subclass before its parent (AuthError is a ProtocolError)', () => {
    expect(exitCodeFor(new AuthError('bad hmac'))).toBe(ExitCode.auth);
  });

  it('treats foreign errors as plain failures', () => {
    expect(exitCodeFor(new TypeError('boom'))).toBe(ExitCode.failure);
    expect(exitCodeFor('string thrown')).toBe(ExitCode.failure);
  });
});
