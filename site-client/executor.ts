/**
 * The site's SiteHandler: trains the global trainable tensors on local data with the local trainer and
 * the frozen-trunk feature cache (reused across rounds — the trunk never changes within a run), and
 * evaluates with confusion counts and fixed-bin histograms only. Everything sent is audited first.
 * Operator caps (rounds, local epochs, upload bytes) are enforced here, whatever the coordinator asks.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Sample } from '../shared/data/sample.js';
import { ConfigError, IntegrityError, ValueError, throwIfCancelled } from '../shared/domain/errors.js';
import { scoreHistogram } from '../shared/train/histogram.js';
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription, SiteHandler } from '../shared/federation/types.js';
import { logger } from '../shared/log.js';
import { parseModelConfig, type ModelConfig } from '../shared/model/config.js';
import { hashTensorSet } from '../shared/model/hash.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { buildModel } from '../shared/model/vgg16.js';
import { getTensorSet, setTensorSet, trainableTensorSet } from '../shared/model/weights.js';
import { bceLoss, predictScores } from '../shared/train/evaluate.js';
import { FeatureCache } from '../shared/train/feature-cache.js';
import { confusionAt } from '../shared/train/metrics.js';
import { trainLocal, type ClassWeights } from '../shared/train/trainer.js';
import { AuditLog } from './audit.js';
import { harmoniser, mapSamples, sampleIntensityHistogram } from '../shared/data/harmonise.js';
import { overlayLocal, pickLocal } from '../shared/federation/personal.js';
import { siteControl, stepCorrection } from '../shared/federation/scaffold.js';
import { fineTuneHead, type FineTuneConfig } from '../shared/train/finetune.js';
import type { NamedTensor } from '../shared/domain/tensor-set.js';
import type { SiteStore } from './store.js';

const log = logger('site-client.executor');

/** A site's local splits (already decoded and preprocessed at `inputSize`). */
export interface SiteData {
  readonly train: readonly Sample[];
  readonly val: readonly Sample[];
  readonly test: readonly Sample[];
  readonly inputSize: number;
}

/** Limits the site's operator sets in site.yaml; the coordinator cannot exceed them. */
export interface SiteCaps {
  /** Fit requests served per run. @default 1000 */
  readonly maxRounds: number;
  /** Local epochs per round (larger requests are clamped, and the clamp is audited). @default 10 */
  readonly maxLocalEpochs: number;
  /** Bytes of tensors one FitRes may carry. @default 1 GiB */
  readonly maxUploadBytes: number;
  /** Score-histogram bins an EvaluateIns may ask for (finer bins say more about single images). @default 100 */
  readonly maxHistogramBins: number;
}

/** Default operator caps. */
export const DEFAULT_CAPS: SiteCaps = { maxRounds: 1000, maxLocalEpochs: 10, maxUploadBytes: 1024 ** 3, maxHistogramBins: 100 };

/** Executor options. */
export interface ExecutorOptions {
  readonly siteId: string;
  readonly data: SiteData;
  /** @default DEFAULT_CAPS */
  readonly caps?: Partial<SiteCaps>;
  /** Metrics from fewer examples than this are withheld. @default 10 */
  readonly minReportExamples?: number;
  /** @default 'balanced' (the paper's sites are heavily skewed) */
  readonly classWeights?: ClassWeights;
  /** Persistent trunk store; without it trunks live in memory only. */
  readonly store?: SiteStore;
  /** @default in-memory audit log */
  readonly audit?: AuditLog;
  /** Feature-cache budget. @default 1 GiB */
  readonly featureCacheBytes?: number;
  /** Inference batch size. @default 32 */
  readonly evalBatchSize?: number;
  /**
   * Personalisation: before every evaluation, fine-tune the received model's head on the local training
   * split (epochs, learning rate); nothing of it is sent. @default none
   */
  readonly fineTune?: FineTuneConfig;
  /**
   * Harmonisation opt-in: share a histogram of the training images' gray levels with this many equal bins
   * at registration (counts only). Whatever this says, a run whose RunSpec carries a reference histogram
   * maps this site's images to it. @default none (not shared)
   */
  readonly intensityBins?: number;
}

interface RunState {
  readonly spec: RunSpec;
  readonly config: ModelConfig;
  readonly model: tf.LayersModel;
  fits: number;
  /** SCAFFOLD: this site's own control variate cᵢ after its last fit (null before the first: zeros). */
  control: TensorSet | null;
}

/** Runs FitIns/EvaluateIns on local data. @example new InMemoryProxy(new SiteExecutor({ siteId, data })) */
export class SiteExecutor implements SiteHandler {
  readonly siteId: string;
  readonly audit: AuditLog;
  readonly caps: SiteCaps;
  private readonly trunks = new Map<string, TensorSet>();
  private readonly cache: FeatureCache;
  private run: RunState | null = null;
  /** The splits the run trains and scores on: the configured data, harmonised when the run asks. */
  private data: SiteData;
  /** FedPer: this site's own copies of the tensors the run keeps local (its head), across rounds. */
  private local = new Map<string, NamedTensor>();
  /** The last personalised head (keyed by run, round and received tensors) so val and test share it. */
  private tuned: { key: string; head: TensorSet } | null = null;
  /** Local record of every fit (round, training seconds) — what the operator sees; nothing here is sent. */
  readonly fitLog: { runId: string; round: number; trainSeconds: number }[] = [];

  constructor(private readonly opts: ExecutorOptions) {
    this.siteId = opts.siteId;
    this.caps = { ...DEFAULT_CAPS, ...opts.caps };
    this.data = opts.data;
    this.audit = opts.audit ?? new AuditLog(null, opts.siteId);
    this.cache = new FeatureCache({
      maxBytes: opts.featureCacheBytes ?? 1024 ** 3,
      ...(opts.store ? { dir: opts.store.featuresDir } : {}),
    });
    if (opts.data.train.length === 0) throw new ConfigError(`site ${opts.siteId} has no training samples`);
  }

  /** Counts per split and class: all the coordinator learns about the data. */
  async describe(): Promise<SiteDescription> {
    const c = (s: readonly Sample[]) => ({ normal: s.filter((x) => x.y === 0).length, disease: s.filter((x) => x.y === 1).length });
    const d = this.opts.data;
    const hist = this.opts.intensityBins ? sampleIntensityHistogram(d.train, this.opts.intensityBins) : undefined;
    const desc = {
      capabilities: ['fedprox', 'feature-cache', 'class-weights', 'local-tensors', 'harmonise', 'scaffold'],
      counts: { train: c(d.train), val: c(d.val), test: c(d.test) },
      ...(hist ? { intensityHistogram: hist } : {}),
    };
    this.audit.record('Registration', { values: { counts: desc.counts, capabilities: desc.capabilities, ...(hist ? { intensityHistogram: hist } : {}) } });
    return desc;
  }

  async hasTrunk(trunkHash: string): Promise<boolean> {
    return this.trunks.has(trunkHash) || ((await this.opts.store?.hasTrunk(trunkHash)) ?? false);
  }

  /** Builds the run's model and installs the verified frozen trunk (given, or from memory/store). */
  async prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void> {
    const config = parseModelConfig(JSON.parse(spec.modelConfigJson));
    if (config.inputSize !== this.opts.data.inputSize) {
      throw new ConfigError(`run ${spec.runId} uses input size ${config.inputSize} but site ${this.siteId} prepared data at ${this.opts.data.inputSize}`);
    }
    let trunk = frozen;
    if (trunk) {
      const got = hashTensorSet(trunk);
      if (got !== spec.trunkHash) throw new IntegrityError(`received trunk hash ${got} ≠ announced ${spec.trunkHash}`);
      this.trunks.set(spec.trunkHash, trunk);
      await this.opts.store?.saveTrunk(spec.trunkHash, trunk, config);
    } else {
      trunk = this.trunks.get(spec.trunkHash) ?? (this.opts.store ? await this.opts.store.loadTrunk(spec.trunkHash) : null);
      // At +B1 nothing is frozen: the coordinator sends no trunk, and the empty set is all there is to hold.
      if (!trunk && spec.trunkHash === hashTensorSet([])) trunk = [];
      if (!trunk) throw new IntegrityError(`site ${this.siteId} does not hold trunk ${spec.trunkHash} and none was sent`);
      this.trunks.set(spec.trunkHash, trunk);
    }
    if (this.run?.spec.runId === spec.runId && this.run.spec.trunkHash === spec.trunkHash) return;
    this.dispose();
    this.local = new Map();
    this.tuned = null;
    const ref = spec.referenceHistogram;
    this.data = ref ? this.harmonised(ref) : this.opts.data;
    const model = buildModel(config);
    setTensorSet(model, trunk);
    this.run = { spec, config, model, fits: 0, control: null };
    log.info({ site: this.siteId, runId: spec.runId, level: spec.level }, 'run prepared');
  }

  /** The configured splits mapped to the reference intensity distribution (map from the training histogram). */
  private harmonised(reference: readonly number[]): SiteData {
    const d = this.opts.data;
    const map = harmoniser(d.train, reference);
    log.info({ site: this.siteId, bins: reference.length }, 'images harmonised to the reference histogram');
    return { ...d, train: mapSamples(d.train, map), val: mapSamples(d.val, map), test: mapSamples(d.test, map) };
  }

  private current(runId: string, trunkHash: string): RunState {
    const r = this.run;
    if (!r || r.spec.runId !== runId) throw new ValueError(`site ${this.siteId} is not prepared for run ${runId}`, { field: 'runId' });
    if (r.spec.trunkHash !== trunkHash) throw new IntegrityError(`trunk hash ${trunkHash} ≠ the run's ${r.spec.trunkHash}`);
    return r;
  }

  async fit(ins: FitIns, onHeartbeat?: (progress: number) => void, signal?: AbortSignal): Promise<FitRes> {
    throwIfCancelled(signal, `fit round ${ins.round}`);
    const r = this.current(ins.runId, ins.trunkHash);
    if (r.fits >= this.caps.maxRounds) throw new ConfigError(`site ${this.siteId} operator cap: at most ${this.caps.maxRounds} rounds per run`);
    const epochs = Math.min(ins.config.localEpochs, this.caps.maxLocalEpochs);
    if (epochs < ins.config.localEpochs) log.warn({ asked: ins.config.localEpochs, epochs }, 'local epochs clamped by operator cap');
    const local = ins.config.localTensors ?? [];
    const start = overlayLocal(ins.tensors, this.local, local);
    const scaffold = ins.config.scaffold === true;
    if (scaffold && ins.config.optimizer !== 'sgd') throw new ConfigError(`SCAFFOLD needs plain SGD steps, FitIns asks for ${ins.config.optimizer}`);
    const correction = scaffold ? stepCorrection(start, ins.config.control ?? null, r.control, 'fitIns.config.control') : null;
    setTensorSet(r.model, start);
    const t0 = performance.now();
    const res = await trainLocal({
      model: r.model,
      level: ins.level,
      train: this.data.train,
      config: {
        epochs,
        batchSize: ins.config.batchSize,
        learningRate: ins.config.learningRate,
        seed: ins.config.seed,
        optimizer: ins.config.optimizer,
        // The coordinator's global class prior wins over the site's own weighting when it sends one.
        classWeights: ins.config.classWeights ?? this.opts.classWeights ?? 'balanced',
        ...(ins.config.logitAdjust ? { logitAdjust: true } : {}),
        proximalMu: ins.config.proximalMu,
        ...(ins.config.prototypeWeight ? { align: { weight: ins.config.prototypeWeight, targets: ins.config.prototypes ?? [] } } : {}),
      },
      // Asked for alignment, the site reports its class means, each over no fewer images than its own floor for
      // reporting any metric (minReportExamples) and never fewer than MIN_PROTOTYPE_COUNT.
      ...(ins.config.prototypeWeight !== undefined ? { reportPrototypes: { minCount: this.opts.minReportExamples ?? 10 } } : {}),
      featureCache: this.cache,
      trunkHash: ins.trunkHash,
      ...(ins.config.proximalMu > 0 ? { proximalCenter: start } : {}),
      ...(correction ? { stepCorrection: correction } : {}),
      onBatch: (b, n) => onHeartbeat?.((b + 1) / n),
      ...(signal ? { signal } : {}),
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const tensors = trainableTensorSet(r.model, ins.level);
    if (local.length > 0) this.local = pickLocal(tensors, local);
    const bytes = tensors.reduce((n, t) => n + t.data.byteLength, 0);
    if (bytes > this.caps.maxUploadBytes) {
      throw new ConfigError(`site ${this.siteId} operator cap: update of ${bytes} bytes exceeds maxUploadBytes ${this.caps.maxUploadBytes}`);
    }
    if (scaffold) r.control = siteControl(r.control, ins.config.control ?? null, start, tensors, res.steps, ins.config.learningRate);
    r.fits++;
    this.fitLog.push({ runId: ins.runId, round: ins.round, trainSeconds });
    const last = res.epochs.at(-1);
    const metrics = { trainLoss: res.finalLoss, ...(last ? { trainAccuracy: last.trainAccuracy } : {}), trainSeconds, ...(scaffold ? { localSteps: res.steps } : {}) };
    const prototypes = res.prototypes ?? [];
    const shared = prototypes.map((p) => ({ label: p.label, count: p.count, values: p.mean.length }));
    this.audit.record('FitRes', { runId: ins.runId, round: ins.round, tensors, values: { numExamples: res.numExamples, epochs, ...metrics, ...(shared.length > 0 ? { prototypes: shared } : {}) } });
    return { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: res.numExamples, tensors, metrics, ...(prototypes.length > 0 ? { prototypes } : {}) };
  }

  async evaluate(ins: EvaluateIns, signal?: AbortSignal): Promise<EvaluateRes> {
    throwIfCancelled(signal, `evaluate round ${ins.round}`);
    const r = this.current(ins.runId, ins.trunkHash);
    const samples = ins.split === 'val' ? this.data.val : this.data.test;
    // The run decides the bin count (every site's histograms must sum); the operator caps how fine it may be.
    const bins = ins.histogramBins;
    if (bins > this.caps.maxHistogramBins) {
      throw new ConfigError(`site ${this.siteId} operator cap: EvaluateIns asks for ${bins} histogram bins, maxHistogramBins is ${this.caps.maxHistogramBins}`);
    }
    const k = this.opts.minReportExamples ?? 10;
    const base = { runId: ins.runId, round: ins.round, siteId: this.siteId, numExamples: samples.length };
    let res: EvaluateRes;
    if (samples.length < k) {
      // Too few examples: any detail could single out a patient, so only the count leaves.
      res = { ...base, loss: 0, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 }, positiveHistogram: new Array<number>(bins).fill(0), negativeHistogram: new Array<number>(bins).fill(0), withheld: true };
    } else {
      setTensorSet(r.model, overlayLocal(ins.tensors, this.local, ins.localTensors ?? []));
      if (this.opts.fineTune) await this.personalise(r.model, ins);
      throwIfCancelled(signal, `evaluate round ${ins.round}`);
      const scores = predictScores(r.model, samples, { batchSize: this.opts.evalBatchSize ?? 32 });
      const labels = Uint8Array.from(samples, (s) => s.y);
      const c = confusionAt(scores, labels, ins.threshold);
      const h = scoreHistogram(scores, labels, bins);
      res = {
        ...base,
        loss: bceLoss(scores, labels),
        confusion: { tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn },
        positiveHistogram: h.positive,
        negativeHistogram: h.negative,
        withheld: false,
      };
    }
    const { runId: _r, round: _n, siteId: _s, ...values } = res;
    this.audit.record('EvaluateRes', { runId: ins.runId, round: ins.round, values });
    return res;
  }

  /** FedPer: this site's own copies of the local tensors (its head) after its last fit; kept after dispose(). */
  localTensors(): TensorSet {
    return [...this.local.values()];
  }

  /** SCAFFOLD: this site's own control variate after its last fit of the current run (null: none yet). */
  controlVariate(): TensorSet | null {
    return this.run?.control ?? null;
  }

  /** The splits the current run uses (harmonised when the run's RunSpec carried a reference). */
  runData(): SiteData {
    return this.data;
  }

  /** Fine-tunes the head of the model just set from `ins` (once per received model; val and test reuse it). */
  private async personalise(model: tf.LayersModel, ins: EvaluateIns): Promise<void> {
    const cfg = this.opts.fineTune as FineTuneConfig;
    const key = `${ins.runId}/${ins.round}/${hashTensorSet(getTensorSet(model, () => true))}`;
    if (this.tuned?.key !== key) {
      const t0 = performance.now();
      // The validation split (when the site has one) early-stops the head when cfg.patience is set.
      await fineTuneHead(model, this.data.train, { ...cfg, classWeights: cfg.classWeights ?? this.opts.classWeights ?? 'balanced' }, this.data.val);
      this.tuned = { key, head: trainableTensorSet(model, 'FC') };
      log.info({ site: this.siteId, round: ins.round, epochs: cfg.epochs, seconds: (performance.now() - t0) / 1000 }, 'head fine-tuned for evaluation');
    }
    setTensorSet(model, this.tuned.head);
  }

  /** Frees the run's model (tf variables). */
  dispose(): void {
    this.run?.model.dispose();
    this.run = null;
  }
}
