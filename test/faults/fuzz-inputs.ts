/** Generated hostile inputs for the fuzz suite: random bytes, mutations of a valid frame, oversize and amplification frames. */
import { mulberry32 } from '../../shared/domain/random.js';

/** `n` inputs derived from `valid` frames plus the handler's own amplification cases, seeded. */
export function fuzzInputs(valid: readonly Uint8Array[], n: number, maxFrameBytes: number, amplification: readonly Uint8Array[], seed: number): unknown[] {
  const rng = mulberry32(seed);
  const out: unknown[] = [...amplification, new Uint8Array(maxFrameBytes + 1), new Uint8Array(0), 'not binary', 42, { obj: true }, null];
  while (out.length < n) {
    const base = valid[rng.int(0, valid.length - 1)] as Uint8Array;
    const kind = rng.int(0, 4);
    if (kind === 0) out.push(Uint8Array.from({ length: rng.int(0, 2048) }, () => rng.int(0, 255)));
    else if (kind === 1) {
      const m = Uint8Array.from(base);
      for (let k = rng.int(1, 8); k > 0 && m.length > 0; k--) {
        const i = rng.int(0, m.length - 1);
        m[i] = (m[i] as number) ^ (1 << rng.int(0, 7));
      }
      out.push(m);
    } else if (kind === 2) out.push(base.subarray(0, rng.int(0, Math.max(0, base.length - 1))));
    else if (kind === 3) out.push(Uint8Array.from([...base, ...Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 255))]));
    else {
      // A length-delimited field claiming a huge length (varint 0xffffffff) at a random field number.
      const field = rng.int(1, 12);
      out.push(Uint8Array.from([(field << 3) | 2, 0xff, 0xff, 0xff, 0xff, 0x0f, ...base.subarray(0, 32)]));
    }
  }
  return out.slice(0, n);
}

/** Error classes a rejection may carry (anything else — or no reply — counts as a crash). */
export const NAMED_REJECTIONS = new Set(['ProtocolError', 'ValueError', 'WireLimitError', 'AuthError', 'StaleResultError', 'VersionError', 'IntegrityError', 'UnavailableError', 'TimeoutError', 'ConfigError', 'FedcxrError']);
