/** Whether the `openssl` binary (used to make test certificates) is available; TLS tests skip without it. */
import { execFileSync } from 'node:child_process';

/** True when `openssl version` runs. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
