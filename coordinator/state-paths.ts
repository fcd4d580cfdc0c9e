/**
 * Paths the ledger stores are relative to the state directory, so a state dir restored elsewhere (another
 * disk, a container volume, a backup) still resumes. Absolute paths written by older versions still resolve.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IntegrityError } from '../shared/domain/errors.js';

/** `path` as stored in the ledger: relative to `stateDir` (it must lie inside it). */
export function toStored(stateDir: string, path: string): string {
  const rel = relative(resolve(stateDir), resolve(path));
  if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) throw new IntegrityError(`${path} is outside the state dir ${stateDir}`);
  return rel.split(sep).join('/');
}

/** A stored path made usable: relative ones are resolved against `stateDir`, legacy absolute ones kept. */
export function fromStored(stateDir: string, stored: string): string {
  return isAbsolute(stored) ? stored : join(resolve(stateDir), ...stored.split('/'));
}
