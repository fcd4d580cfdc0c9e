/**
 * The site's append-only audit log for its privacy officer: one JSON line per message the site sent
 * (time, type, size, tensor names + SHA-256, metric values). Opened with O_APPEND and never rewritten;
 * it records what left the site, so it must never contain pixels, file names or per-image values.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashTensor } from '../shared/model/hash.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';

/** One audit line. */
export interface AuditEntry {
  readonly time: string;
  readonly siteId: string;
  /** Message type, e.g. 'Registration', 'FitRes', 'EvaluateRes'. */
  readonly type: string;
  readonly runId?: string;
  readonly round?: number;
  /** Bytes of payload sent (tensor bytes + metric JSON; the wire may add framing). */
  readonly bytes: number;
  readonly tensors: readonly { name: string; shape: readonly number[]; sha256: string }[];
  /** Every scalar value sent, by name. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** Appends audit entries to a JSON-lines file (or keeps them in memory when `path` is null, for tests). */
export class AuditLog {
  readonly entries: AuditEntry[] = [];
  constructor(
    readonly path: string | null,
    private readonly siteId: string,
  ) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }

  /** Records one outgoing message; returns the entry. Synchronous so nothing is sent before it is logged. */
  record(type: string, msg: { runId?: string; round?: number; tensors?: TensorSet; values: Record<string, unknown> }): AuditEntry {
    const tensors = (msg.tensors ?? []).map((t) => ({ name: t.name, shape: [...t.shape], sha256: hashTensor(t) }));
    const valuesJson = JSON.stringify(msg.values);
    const bytes = (msg.tensors ?? []).reduce((n, t) => n + t.data.byteLength, 0) + Buffer.byteLength(valuesJson);
    const entry: AuditEntry = {
      time: new Date().toISOString(),
      siteId: this.siteId,
      type,
      ...(msg.runId !== undefined ? { runId: msg.runId } : {}),
      ...(msg.round !== undefined ? { round: msg.round } : {}),
      bytes,
      tensors,
      values: msg.values,
    };
    if (this.path) appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { flag: 'a' });
    else this.entries.push(entry);
    return entry;
  }
}
