/**
 * Domain ⇄ protobuf for the messages around a site's tasks: its registration (class counts, capabilities), the
 * heartbeats of a running task and a task's failure. Validated like `serde.ts` (which re-exports them).
 */
import type { ClassCounts } from '../domain/confusion.js';
import { ValueError } from '../domain/errors.js';
import type { TaskKind } from '../domain/kinds.js';
import { errorFromProto, errorToProto } from './serde-control.js';
import { decodeMessage, need, pb, siteIdField, TASK_KIND, text, u32, unit } from './serde-fields.js';
import { intensityCountsField, optionalList } from './serde-methods.js';
import type { SiteRegistration } from './types.js';

/** Encodes a registration (site id, version, capabilities, per-split class counts). */
export function registerToBytes(r: SiteRegistration): Uint8Array {
  const v = registrationFields(r);
  return pb.Register.encode({ ...v, capabilities: [...v.capabilities], ...v.counts, intensityHistogram: [...(v.intensityHistogram ?? [])] }).finish();
}

/** Decodes and validates a registration. */
export function registerFromBytes(bytes: unknown): SiteRegistration {
  const m = decodeMessage(pb.Register, 'Register', bytes);
  const counts = (c: { normal?: number | null; disease?: number | null } | null | undefined, split: string): ClassCounts => {
    const v = need(c, `register.${split}`);
    return { normal: v.normal ?? 0, disease: v.disease ?? 0 };
  };
  return registrationFields({
    siteId: m.siteId ?? '',
    protocolVersion: m.protocolVersion ?? 0,
    capabilities: m.capabilities ?? [],
    counts: { train: counts(m.train, 'train'), val: counts(m.val, 'val'), test: counts(m.test, 'test') },
    ...optionalList('intensityHistogram', m.intensityHistogram ?? []),
  });
}

function registrationFields(r: SiteRegistration): SiteRegistration {
  if (r.capabilities.length > 64) throw new ValueError('register.capabilities: more than 64 entries', { field: 'register.capabilities' });
  const cc = (c: ClassCounts, split: string): ClassCounts => ({
    normal: u32(c.normal, `register.${split}.normal`),
    disease: u32(c.disease, `register.${split}.disease`),
  });
  return {
    siteId: siteIdField(r.siteId, 'register.siteId'),
    protocolVersion: u32(r.protocolVersion, 'register.protocolVersion'),
    capabilities: r.capabilities.map((c, i) => text(c, `register.capabilities[${i}]`, 64)),
    counts: { train: cc(r.counts.train, 'train'), val: cc(r.counts.val, 'val'), test: cc(r.counts.test, 'test') },
    ...optionalList('intensityHistogram', intensityCountsField(r.intensityHistogram, 'register.intensityHistogram')),
  };
}

/** A heartbeat: the site is alive and `progress` (0..1) through the task. */
export interface WireHeartbeat {
  readonly runId: string;
  readonly round: number;
  readonly siteId: string;
  readonly progress: number;
}

/** Encodes a heartbeat. */
export function heartbeatToBytes(h: WireHeartbeat): Uint8Array {
  return pb.Heartbeat.encode(heartbeatFields(h)).finish();
}

/** Decodes and validates a heartbeat. */
export function heartbeatFromBytes(bytes: unknown): WireHeartbeat {
  const m = decodeMessage(pb.Heartbeat, 'Heartbeat', bytes);
  return heartbeatFields({ runId: m.runId ?? '', round: m.round ?? 0, siteId: m.siteId ?? '', progress: m.progress ?? 0 });
}

function heartbeatFields(h: WireHeartbeat): WireHeartbeat {
  return {
    runId: text(h.runId, 'heartbeat.runId', 128),
    round: u32(h.round, 'heartbeat.round'),
    siteId: siteIdField(h.siteId, 'heartbeat.siteId'),
    progress: unit(h.progress, 'heartbeat.progress'),
  };
}

/** A task the site accepted but could not complete. */
export interface WireFailure {
  readonly runId: string;
  readonly round: number;
  readonly kind: TaskKind;
  readonly error: Error;
}

/** Encodes a task failure (the error's class and message only; never a stack). */
export function failureToBytes(f: WireFailure): Uint8Array {
  return pb.Failure.encode({
    runId: text(f.runId, 'failure.runId', 128),
    round: u32(f.round, 'failure.round'),
    kind: TASK_KIND.toProto(f.kind, 'failure.kind'),
    error: errorToProto(f.error),
  }).finish();
}

/** Decodes and validates a task failure. */
export function failureFromBytes(bytes: unknown): WireFailure {
  const m = decodeMessage(pb.Failure, 'Failure', bytes);
  const kind = TASK_KIND.fromProto(m.kind, 'failure.kind');
  return {
    runId: text(m.runId, 'failure.runId', 128),
    round: u32(m.round, 'failure.round'),
    kind,
    error: errorFromProto(need(m.error, 'failure.error')),
  };
}
