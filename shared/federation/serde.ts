/**
 * Domain ⇄ protobuf for the federation's task messages, in validated pairs (`fitInsToBytes` /
 * `fitInsFromBytes`, ...). Encoders copy only the fields the schema defines, so nothing a handler attaches
 * to a result object can reach the wire; decoders throw ProtocolError (malformed bytes) or ValueError naming
 * the bad field. Handshake, replies, errors, chunks and envelopes: `serde-control.ts`.
 */
import type { WireDType } from '../domain/tensor-set.js';
import type { TensorSet } from '../domain/tensor-set.js';
import { ValueError } from '../domain/errors.js';
import {
  decodeMessage,
  finite,
  hashField,
  histogramBins,
  need,
  DTYPE,
  LEVEL,
  OPTIMIZER,
  pb,
  positiveU32,
  seconds,
  siteIdField,
  SPLIT,
  TASK_KIND,
  tensorSetFromProto,
  tensorSetToProto,
  text,
  unit,
  u32,
} from './serde-fields.js';
import { errorFromProto, errorToProto } from './serde-control.js';
import { MAX_HISTOGRAM_BINS } from './federated-metrics.js';
import type { fedcxr } from '../../proto/gen/fedcxr.js';
import { classWeightsProto, classWeightsField, intensityCountsField, optionalList, optionalWeights, referenceHistogramField, tensorNamesField } from './serde-methods.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteRegistration } from './types.js';
import type { ClassCounts } from '../domain/confusion.js';
import type { TaskKind } from '../domain/kinds.js';
import { checkTensorsRef } from './tensors-ref.js';

/**
 * The terms of a run that depend on the coordinator's transport rather than on the model: the dtype the site
 * answers in, how long the coordinator waits between signs of life, and the largest chunk and message it accepts.
 */
export interface RunTerms {
  readonly updateDType: WireDType;
  /** A pending task fails after this long without a heartbeat or chunk from the site. */
  readonly heartbeatTimeoutMs: number;
  /** Largest `Chunk.data` the coordinator accepts. */
  readonly maxChunkBytes: number;
  /** Largest whole encoded result message the coordinator accepts. */
  readonly maxMessageBytes: number;
}

/** A RunSpec as the wire carries it: the run plus the transport terms the site must respect. */
export interface WireRunSpec {
  readonly spec: RunSpec;
  readonly terms: RunTerms;
}

/** Encodes a RunSpec with its terms. */
export function runSpecToBytes(spec: RunSpec, terms: RunTerms): Uint8Array {
  return pb.RunSpec.encode({
    runId: text(spec.runId, 'runSpec.runId', 128),
    level: LEVEL.toProto(spec.level, 'runSpec.level'),
    modelConfigJson: text(spec.modelConfigJson, 'runSpec.modelConfigJson', 65536),
    trunkHash: hashField(spec.trunkHash, 'runSpec.trunkHash'),
    ...runTermsFields(terms),
    referenceHistogram: referenceHistogramField(spec.referenceHistogram, 'runSpec.referenceHistogram'),
  }).finish();
}

/** Decodes and validates a RunSpec (every term must be present and positive). */
export function runSpecFromBytes(bytes: unknown): WireRunSpec {
  const m = decodeMessage(pb.RunSpec, 'RunSpec', bytes);
  return {
    spec: {
      runId: text(m.runId, 'runSpec.runId', 128),
      level: LEVEL.fromProto(m.level, 'runSpec.level'),
      modelConfigJson: text(m.modelConfigJson, 'runSpec.modelConfigJson', 65536),
      trunkHash: hashField(m.trunkHash, 'runSpec.trunkHash'),
      ...optionalList('referenceHistogram', referenceHistogramField(m.referenceHistogram, 'runSpec.referenceHistogram')),
    },
    terms: {
      updateDType: DTYPE.fromProto(m.updateDtype, 'runSpec.updateDType'),
      heartbeatTimeoutMs: positiveU32(m.heartbeatTimeoutMs, 'runSpec.heartbeatTimeoutMs'),
      maxChunkBytes: positiveU32(m.maxChunkBytes, 'runSpec.maxChunkBytes'),
      maxMessageBytes: positiveU32(m.maxMessageBytes, 'runSpec.maxMessageBytes'),
    },
  };
}

function runTermsFields(t: RunTerms): Pick<fedcxr.v1.RunSpec.$Properties, 'updateDtype' | 'heartbeatTimeoutMs' | 'maxChunkBytes' | 'maxMessageBytes'> {
  return {
    updateDtype: DTYPE.toProto(t.updateDType, 'runSpec.updateDType'),
    heartbeatTimeoutMs: positiveU32(t.heartbeatTimeoutMs, 'runSpec.heartbeatTimeoutMs'),
    maxChunkBytes: positiveU32(t.maxChunkBytes, 'runSpec.maxChunkBytes'),
    maxMessageBytes: positiveU32(t.maxMessageBytes, 'runSpec.maxMessageBytes'),
  };
}

/** The frozen trunk of a run. */
export interface WireTrunk {
  readonly runId: string;
  readonly trunkHash: string;
  readonly tensors: TensorSet;
}

/** Encodes the frozen trunk (always float32: it is sent once and must hash exactly). */
export function trunkToBytes(t: WireTrunk): Uint8Array {
  return pb.Trunk.encode({
    runId: text(t.runId, 'trunk.runId', 128),
    trunkHash: hashField(t.trunkHash, 'trunk.trunkHash'),
    tensors: tensorSetToProto(t.tensors, 'float32', 'trunk.tensors'),
  }).finish();
}

/** Decodes and validates the frozen trunk (`adopt`: as InsDecodeOptions — float32 tensors become views into `bytes`). */
export function trunkFromBytes(bytes: unknown, opts: { adopt?: boolean } = {}): WireTrunk {
  const m = decodeMessage(pb.Trunk, 'Trunk', bytes);
  const inPlace = opts.adopt && bytes instanceof Uint8Array ? { buffer: bytes.buffer, floor: bytes.byteOffset } : undefined;
  return {
    runId: text(m.runId, 'trunk.runId', 128),
    trunkHash: hashField(m.trunkHash, 'trunk.trunkHash'),
    tensors: tensorSetFromProto(m.tensors, 'trunk.tensors', inPlace),
  };
}

/**
 * How FitIns/EvaluateIns decoders treat the tensors: `adopt` — the caller owns `bytes` and gives them up, so
 * float32 tensors become views into them (no second copy); `held` — resolves a `tensorsRef` to the tensors the
 * receiver holds under it, throwing a ValueError on that field when it holds none (without it, any reference is
 * refused the same way).
 */
export interface InsDecodeOptions {
  /** @default false */
  readonly adopt?: boolean;
  /** @default refuse every reference */
  readonly held?: (ref: Uint8Array, field: string) => TensorSet;
}

/** The tensors of an instruction: in the message, or the ones its `tensorsRef` names (exactly one of the two). */
function insTensors(m: { tensors?: fedcxr.v1.TensorSet.$Properties | null; tensorsRef?: Uint8Array | null }, bytes: unknown, field: string, opts: InsDecodeOptions): TensorSet {
  const ref = m.tensorsRef;
  const refField = `${field}Ref`;
  if (ref && ref.length > 0) {
    if (m.tensors) throw new ValueError(`${field} and ${refField} are both set; exactly one may be`, { field: refField });
    checkTensorsRef(ref, refField);
    if (!opts.held) throw new ValueError(`${refField} refused: this receiver holds no referenced tensors`, { field: refField });
    return opts.held(ref, refField);
  }
  const inPlace = opts.adopt && bytes instanceof Uint8Array ? { buffer: bytes.buffer, floor: bytes.byteOffset } : undefined;
  return tensorSetFromProto(m.tensors, field, inPlace);
}

/** The `tensors` or `tensorsRef` field of an encoded instruction. */
function insTensorsFields(tensors: TensorSet, dtype: WireDType, field: string, ref: Uint8Array | undefined): { tensors?: fedcxr.v1.TensorSet.$Properties; tensorsRef?: Uint8Array } {
  if (ref === undefined) return { tensors: tensorSetToProto(tensors, dtype, field) };
  checkTensorsRef(ref, `${field}Ref`);
  return { tensorsRef: ref };
}

/**
 * Encodes FitIns with its tensors in `dtype`, or — given `tensorsRef`, the SHA-256 of an earlier instruction
 * message that carried the same tensors — with that reference instead of the tensors.
 */
export function fitInsToBytes(ins: FitIns, dtype: WireDType, tensorsRef?: Uint8Array): Uint8Array {
  const c = ins.config;
  if (!Number.isSafeInteger(c.seed)) throw new ValueError(`fitIns.config.seed must be a safe integer, got ${c.seed}`, { field: 'fitIns.config.seed' });
  return pb.FitIns.encode({
    runId: text(ins.runId, 'fitIns.runId', 128),
    round: u32(ins.round, 'fitIns.round'),
    level: LEVEL.toProto(ins.level, 'fitIns.level'),
    trunkHash: hashField(ins.trunkHash, 'fitIns.trunkHash'),
    ...insTensorsFields(ins.tensors, dtype, 'fitIns.tensors', tensorsRef),
    config: {
      localEpochs: u32(c.localEpochs, 'fitIns.config.localEpochs'),
      batchSize: u32(c.batchSize, 'fitIns.config.batchSize'),
      learningRate: finite(c.learningRate, 'fitIns.config.learningRate'),
      proximalMu: finite(c.proximalMu, 'fitIns.config.proximalMu'),
      seed: c.seed,
      optimizer: OPTIMIZER.toProto(c.optimizer, 'fitIns.config.optimizer'),
      ...classWeightsProto(c.classWeights),
      localTensors: tensorNamesField(c.localTensors, 'fitIns.config.localTensors'),
      ...(c.logitAdjust ? { logitAdjust: true } : {}),
    },
  }).finish();
}

/** Decodes and validates FitIns (see InsDecodeOptions for in-place decoding and references). */
export function fitInsFromBytes(bytes: unknown, opts: InsDecodeOptions = {}): FitIns {
  const m = decodeMessage(pb.FitIns, 'FitIns', bytes);
  const c = need(m.config, 'fitIns.config');
  const seed = finite(c.seed, 'fitIns.config.seed');
  if (!Number.isSafeInteger(seed)) throw new ValueError(`fitIns.config.seed must be a safe integer, got ${seed}`, { field: 'fitIns.config.seed' });
  const batchSize = u32(c.batchSize, 'fitIns.config.batchSize');
  if (batchSize === 0) throw new ValueError('fitIns.config.batchSize must be ≥ 1', { field: 'fitIns.config.batchSize' });
  return {
    runId: text(m.runId, 'fitIns.runId', 128),
    round: u32(m.round, 'fitIns.round'),
    level: LEVEL.fromProto(m.level, 'fitIns.level'),
    trunkHash: hashField(m.trunkHash, 'fitIns.trunkHash'),
    tensors: insTensors(m, bytes, 'fitIns.tensors', opts),
    config: {
      localEpochs: u32(c.localEpochs, 'fitIns.config.localEpochs'),
      batchSize,
      learningRate: finite(c.learningRate, 'fitIns.config.learningRate'),
      proximalMu: finite(c.proximalMu, 'fitIns.config.proximalMu'),
      seed,
      optimizer: OPTIMIZER.fromProto(c.optimizer, 'fitIns.config.optimizer'),
      ...optionalWeights(classWeightsField(c.classWeightNormal, c.classWeightDisease, 'fitIns.config.classWeights')),
      ...optionalList('localTensors', tensorNamesField(c.localTensors, 'fitIns.config.localTensors')),
      ...(c.logitAdjust === true ? { logitAdjust: true } : {}),
    },
  };
}

/** Encodes FitRes with its tensors in `dtype` (only schema fields: weights, count, loss, accuracy, train time). */
export function fitResToBytes(res: FitRes, dtype: WireDType): Uint8Array {
  const acc = res.metrics.trainAccuracy;
  const secs = res.metrics.trainSeconds;
  return pb.FitRes.encode({
    runId: text(res.runId, 'fitRes.runId', 128),
    round: u32(res.round, 'fitRes.round'),
    siteId: siteIdField(res.siteId, 'fitRes.siteId'),
    numExamples: u32(res.numExamples, 'fitRes.numExamples'),
    tensors: tensorSetToProto(res.tensors, dtype, 'fitRes.tensors'),
    metrics: {
      trainLoss: finite(res.metrics.trainLoss, 'fitRes.metrics.trainLoss'),
      ...(acc === undefined ? {} : { trainAccuracy: unit(acc, 'fitRes.metrics.trainAccuracy') }),
      ...(secs === undefined ? {} : { trainSeconds: seconds(secs, 'fitRes.metrics.trainSeconds') }),
    },
  }).finish();
}

/** Decodes and validates FitRes. */
export function fitResFromBytes(bytes: unknown, opts: { adopt?: boolean } = {}): FitRes {
  const m = decodeMessage(pb.FitRes, 'FitRes', bytes);
  // adopt: the caller owns `bytes` and gives it up; float32 tensors become views into it (no second copy).
  const inPlace = opts.adopt && bytes instanceof Uint8Array ? { buffer: bytes.buffer, floor: bytes.byteOffset } : undefined;
  const metrics = need(m.metrics, 'fitRes.metrics');
  const acc = metrics.trainAccuracy;
  const secs = metrics.trainSeconds;
  return {
    runId: text(m.runId, 'fitRes.runId', 128),
    round: u32(m.round, 'fitRes.round'),
    siteId: siteIdField(m.siteId, 'fitRes.siteId'),
    numExamples: u32(m.numExamples, 'fitRes.numExamples'),
    tensors: tensorSetFromProto(m.tensors, 'fitRes.tensors', inPlace),
    metrics: {
      trainLoss: finite(metrics.trainLoss, 'fitRes.metrics.trainLoss'),
      ...(acc === null || acc === undefined ? {} : { trainAccuracy: unit(acc, 'fitRes.metrics.trainAccuracy') }),
      ...(secs === null || secs === undefined ? {} : { trainSeconds: seconds(secs, 'fitRes.metrics.trainSeconds') }),
    },
  };
}

/** Encodes EvaluateIns with its tensors in `dtype`, or with `tensorsRef` instead of them (as fitInsToBytes). */
export function evaluateInsToBytes(ins: EvaluateIns, dtype: WireDType, tensorsRef?: Uint8Array): Uint8Array {
  return pb.EvaluateIns.encode({
    runId: text(ins.runId, 'evaluateIns.runId', 128),
    round: u32(ins.round, 'evaluateIns.round'),
    level: LEVEL.toProto(ins.level, 'evaluateIns.level'),
    trunkHash: hashField(ins.trunkHash, 'evaluateIns.trunkHash'),
    ...insTensorsFields(ins.tensors, dtype, 'evaluateIns.tensors', tensorsRef),
    split: SPLIT.toProto(ins.split, 'evaluateIns.split'),
    threshold: unit(ins.threshold, 'evaluateIns.threshold'),
    histogramBins: histogramBins(ins.histogramBins, 'evaluateIns.histogramBins'),
    localTensors: tensorNamesField(ins.localTensors, 'evaluateIns.localTensors'),
  }).finish();
}

/** Decodes and validates EvaluateIns (see InsDecodeOptions). */
export function evaluateInsFromBytes(bytes: unknown, opts: InsDecodeOptions = {}): EvaluateIns {
  const m = decodeMessage(pb.EvaluateIns, 'EvaluateIns', bytes);
  const split = SPLIT.fromProto(m.split, 'evaluateIns.split');
  return {
    runId: text(m.runId, 'evaluateIns.runId', 128),
    round: u32(m.round, 'evaluateIns.round'),
    level: LEVEL.fromProto(m.level, 'evaluateIns.level'),
    trunkHash: hashField(m.trunkHash, 'evaluateIns.trunkHash'),
    tensors: insTensors(m, bytes, 'evaluateIns.tensors', opts),
    split,
    threshold: unit(m.threshold, 'evaluateIns.threshold'),
    histogramBins: histogramBins(m.histogramBins, 'evaluateIns.histogramBins'),
    ...optionalList('localTensors', tensorNamesField(m.localTensors, 'evaluateIns.localTensors')),
  };
}

/** Encodes EvaluateRes (counts and histograms only). */
export function evaluateResToBytes(res: EvaluateRes): Uint8Array {
  const v = evaluateResFields(res);
  return pb.EvaluateRes.encode({ ...v, positiveHistogram: [...v.positiveHistogram], negativeHistogram: [...v.negativeHistogram] }).finish();
}

/** Decodes and validates EvaluateRes. */
export function evaluateResFromBytes(bytes: unknown): EvaluateRes {
  const m = decodeMessage(pb.EvaluateRes, 'EvaluateRes', bytes);
  const c = need(m.confusion, 'evaluateRes.confusion');
  return evaluateResFields({
    runId: m.runId ?? '',
    round: m.round ?? 0,
    siteId: m.siteId ?? '',
    numExamples: m.numExamples ?? 0,
    loss: m.loss ?? 0,
    confusion: { tp: c.tp ?? 0, fp: c.fp ?? 0, tn: c.tn ?? 0, fn: c.fn ?? 0 },
    positiveHistogram: m.positiveHistogram ?? [],
    negativeHistogram: m.negativeHistogram ?? [],
    withheld: m.withheld ?? false,
  });
}

/** The validated, schema-only copy of an EvaluateRes (the same checks both ways). */
function evaluateResFields(r: EvaluateRes): EvaluateRes {
  const f = 'evaluateRes';
  const pos = r.positiveHistogram.map((v, i) => u32(v, `${f}.positiveHistogram[${i}]`));
  const neg = r.negativeHistogram.map((v, i) => u32(v, `${f}.negativeHistogram[${i}]`));
  if (pos.length !== neg.length) {
    throw new ValueError(`${f}: histograms differ in length (${pos.length} vs ${neg.length})`, { field: `${f}.negativeHistogram` });
  }
  if (pos.length > MAX_HISTOGRAM_BINS) throw new ValueError(`${f}: more than ${MAX_HISTOGRAM_BINS} histogram bins`, { field: `${f}.positiveHistogram` });
  // A withheld evaluation may carry a NaN loss (nothing was summed); otherwise the loss is a real number.
  const loss = r.withheld && Number.isNaN(r.loss) ? r.loss : finite(r.loss, `${f}.loss`);
  return {
    runId: text(r.runId, `${f}.runId`, 128),
    round: u32(r.round, `${f}.round`),
    siteId: siteIdField(r.siteId, `${f}.siteId`),
    numExamples: u32(r.numExamples, `${f}.numExamples`),
    loss,
    confusion: {
      tp: u32(r.confusion.tp, `${f}.confusion.tp`),
      fp: u32(r.confusion.fp, `${f}.confusion.fp`),
      tn: u32(r.confusion.tn, `${f}.confusion.tn`),
      fn: u32(r.confusion.fn, `${f}.confusion.fn`),
    },
    positiveHistogram: pos,
    negativeHistogram: neg,
    withheld: r.withheld === true,
  };
}

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
