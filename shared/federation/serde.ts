/**
 * Domain ⇄ protobuf for the federation's task messages, in validated pairs (`fitInsToBytes` /
 * `fitInsFromBytes`, ...). Encoders copy only the fields the schema defines, so nothing a handler attaches
 * to a result object can reach the wire; decoders throw ProtocolError (malformed bytes) or ValueError naming
 * the bad field. Handshake, replies, errors, chunks and envelopes: `serde-control.ts`; a site's registration,
 * heartbeats and task failures: `serde-session.ts` (re-exported here).
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
  tensorSetFromProto,
  tensorSetToProto,
  text,
  unit,
  u32,
} from './serde-fields.js';
import { MAX_HISTOGRAM_BINS } from './federated-metrics.js';
import type { fedcxr } from '../../proto/gen/fedcxr.js';
import { classWeightsProto, classWeightsField, optionalList, optionalWeights, prototypesField, prototypesProto, prototypeWeightField, referenceHistogramField, scaffoldField, scaffoldProto, tensorNamesField } from './serde-methods.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec } from './types.js';
import { checkTensorsRef } from './tensors-ref.js';
import { encodeAroundTensorSet } from './flat-encode.js';

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
  const { tensors, ...head } = trunkProps(t);
  return encodeAroundTensorSet(pb.Trunk.encode(head).finish(), 3, tensors ?? undefined, new Uint8Array(0));
}

/** The Trunk message as protobufjs properties (validated). */
export function trunkProps(t: WireTrunk): fedcxr.v1.Trunk.$Properties {
  return {
    runId: text(t.runId, 'trunk.runId', 128),
    trunkHash: hashField(t.trunkHash, 'trunk.trunkHash'),
    tensors: tensorSetToProto(t.tensors, 'float32', 'trunk.tensors'),
  };
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

/** What a Hold message carries: the run and its current global trainable tensors. */
export interface WireHold {
  readonly runId: string;
  readonly tensors: TensorSet;
}

/** Encodes a Hold with its tensors in `dtype` (the dtype instructions use, so a reference names the same values). */
export function holdToBytes(h: WireHold, dtype: WireDType): Uint8Array {
  const { tensors, ...head } = holdProps(h, dtype);
  return encodeAroundTensorSet(pb.Hold.encode(head).finish(), 2, tensors ?? undefined, new Uint8Array(0));
}

/** The Hold message as protobufjs properties (validated). */
export function holdProps(h: WireHold, dtype: WireDType): fedcxr.v1.Hold.$Properties {
  return { runId: text(h.runId, 'hold.runId', 128), tensors: tensorSetToProto(h.tensors, dtype, 'hold.tensors') };
}

/** Decodes and validates a Hold (`adopt`: as InsDecodeOptions — float32 tensors become views into `bytes`). */
export function holdFromBytes(bytes: unknown, opts: { adopt?: boolean } = {}): WireHold {
  const m = decodeMessage(pb.Hold, 'Hold', bytes);
  const inPlace = opts.adopt && bytes instanceof Uint8Array ? { buffer: bytes.buffer, floor: bytes.byteOffset } : undefined;
  return { runId: text(m.runId, 'hold.runId', 128), tensors: tensorSetFromProto(m.tensors, 'hold.tensors', inPlace) };
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
  const { tensors, config, tensorsRef: ref, ...head } = fitInsProps(ins, dtype, tensorsRef);
  return encodeAroundTensorSet(pb.FitIns.encode(head).finish(), 5, tensors ?? undefined, pb.FitIns.encode({ config, ...(ref ? { tensorsRef: ref } : {}) }).finish());
}

/** FitIns as protobufjs properties (validated; see fitInsToBytes). */
export function fitInsProps(ins: FitIns, dtype: WireDType, tensorsRef?: Uint8Array): fedcxr.v1.FitIns.$Properties {
  const c = ins.config;
  if (!Number.isSafeInteger(c.seed)) throw new ValueError(`fitIns.config.seed must be a safe integer, got ${c.seed}`, { field: 'fitIns.config.seed' });
  return {
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
      ...prototypeWeightField(c.prototypeWeight, 'fitIns.config.prototypeWeight'),
      prototypes: prototypesProto(c.prototypes, 'fitIns.config.prototypes'),
      ...scaffoldProto(c, dtype),
    },
  };
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
      ...prototypeWeightField(c.prototypeWeight, 'fitIns.config.prototypeWeight'),
      ...optionalList('prototypes', prototypesField(c.prototypes, 'fitIns.config.prototypes')),
      ...scaffoldField(c),
    },
  };
}

/** Encodes FitRes with its tensors in `dtype` (only schema fields: weights, count, loss, accuracy, train time, prototypes). */
export function fitResToBytes(res: FitRes, dtype: WireDType): Uint8Array {
  const { tensors, metrics, prototypes, ...head } = fitResProps(res, dtype);
  return encodeAroundTensorSet(pb.FitRes.encode(head).finish(), 5, tensors ?? undefined, pb.FitRes.encode({ metrics, prototypes }).finish());
}

/** FitRes as protobufjs properties (validated; see fitResToBytes). */
export function fitResProps(res: FitRes, dtype: WireDType): fedcxr.v1.FitRes.$Properties {
  const acc = res.metrics.trainAccuracy;
  const secs = res.metrics.trainSeconds;
  const steps = res.metrics.localSteps;
  return {
    runId: text(res.runId, 'fitRes.runId', 128),
    round: u32(res.round, 'fitRes.round'),
    siteId: siteIdField(res.siteId, 'fitRes.siteId'),
    numExamples: u32(res.numExamples, 'fitRes.numExamples'),
    tensors: tensorSetToProto(res.tensors, dtype, 'fitRes.tensors'),
    metrics: {
      trainLoss: finite(res.metrics.trainLoss, 'fitRes.metrics.trainLoss'),
      ...(acc === undefined ? {} : { trainAccuracy: unit(acc, 'fitRes.metrics.trainAccuracy') }),
      ...(secs === undefined ? {} : { trainSeconds: seconds(secs, 'fitRes.metrics.trainSeconds') }),
      ...(steps === undefined ? {} : { localSteps: positiveU32(steps, 'fitRes.metrics.localSteps') }),
    },
    prototypes: prototypesProto(res.prototypes, 'fitRes.prototypes'),
  };
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
      ...(metrics.localSteps === null || metrics.localSteps === undefined ? {} : { localSteps: positiveU32(metrics.localSteps, 'fitRes.metrics.localSteps') }),
    },
    ...optionalList('prototypes', prototypesField(m.prototypes, 'fitRes.prototypes')),
  };
}

/** Encodes EvaluateIns with its tensors in `dtype`, or with `tensorsRef` instead of them (as fitInsToBytes). */
export function evaluateInsToBytes(ins: EvaluateIns, dtype: WireDType, tensorsRef?: Uint8Array): Uint8Array {
  const { runId, round, level, trunkHash, tensors, ...tail } = evaluateInsProps(ins, dtype, tensorsRef);
  return encodeAroundTensorSet(pb.EvaluateIns.encode({ runId, round, level, trunkHash }).finish(), 5, tensors ?? undefined, pb.EvaluateIns.encode(tail).finish());
}

/** EvaluateIns as protobufjs properties (validated; see evaluateInsToBytes). */
export function evaluateInsProps(ins: EvaluateIns, dtype: WireDType, tensorsRef?: Uint8Array): fedcxr.v1.EvaluateIns.$Properties {
  return {
    runId: text(ins.runId, 'evaluateIns.runId', 128),
    round: u32(ins.round, 'evaluateIns.round'),
    level: LEVEL.toProto(ins.level, 'evaluateIns.level'),
    trunkHash: hashField(ins.trunkHash, 'evaluateIns.trunkHash'),
    ...insTensorsFields(ins.tensors, dtype, 'evaluateIns.tensors', tensorsRef),
    split: SPLIT.toProto(ins.split, 'evaluateIns.split'),
    threshold: unit(ins.threshold, 'evaluateIns.threshold'),
    histogramBins: histogramBins(ins.histogramBins, 'evaluateIns.histogramBins'),
    localTensors: tensorNamesField(ins.localTensors, 'evaluateIns.localTensors'),
  };
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

export { failureFromBytes, failureToBytes, heartbeatFromBytes, heartbeatToBytes, registerFromBytes, registerToBytes } from './serde-session.js';
export type { WireFailure, WireHeartbeat } from './serde-session.js';
