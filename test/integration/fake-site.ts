/** A deterministic fake SiteHandler for round-loop tests: no tfjs, just arithmetic on the tensors. */
import type { EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteDescription, SiteHandler, SiteRegistration } from '../../shared/federation/types.js';
import type { TensorSet } from '../../shared/domain/tensor-set.js';
import { defaultModelConfig } from '../../shared/model/config.js';
import { PROTOCOL_VERSION } from '../../shared/federation/wire-limits.js';

/** How a fake site misbehaves. */
export type FakeFault = 'none' | 'throw' | 'slow' | 'nan' | 'wrong-shape' | 'replay' | 'hang';

/** A small "model": frozen block1 tensors plus trainable head tensors, named like VGG16. */
export function fakeModel(): TensorSet {
  return [
    { name: 'block1_conv1/kernel', shape: [2, 2], data: Float32Array.from([0.5, -0.5, 0.25, 1]) },
    { name: 'block1_conv1/bias', shape: [2], data: Float32Array.from([0.1, 0.2]) },
    { name: 'head_dense_1/kernel', shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5]) },
    { name: 'head_output/bias', shape: [1], data: Float32Array.from([0.5]) },
  ];
}

/** The model config stored alongside fake models (not verified: fake tensors are not a VGG16). */
export const fakeConfig = defaultModelConfig({ inputSize: 32 });

/** A site that adds `delta` to every trainable value each fit, with `n` examples. */
export class FakeSite implements SiteHandler {
  fault: FakeFault = 'none';
  /** Fault only in these rounds (empty = every round). */
  faultRounds: number[] = [];
  readonly fits: number[] = [];
  trunkInstalls = 0;
  private trunk: string | null = null;
  constructor(
    readonly siteId: string,
    readonly n: number,
    readonly delta: number,
    readonly slowMs = 200,
  ) {}

  registration(): SiteRegistration {
    return {
      siteId: this.siteId,
      protocolVersion: PROTOCOL_VERSION,
      capabilities: [],
      counts: { train: { normal: this.n - Math.floor(this.n / 2), disease: Math.floor(this.n / 2) }, val: { normal: 0, disease: 0 }, test: { normal: 5, disease: 5 } },
    };
  }

  /** What the socket client registers (counts only). */
  async describe(): Promise<SiteDescription> {
    const r = this.registration();
    return { capabilities: r.capabilities, counts: r.counts };
  }

  async hasTrunk(hash: string): Promise<boolean> {
    return this.trunk === hash;
  }

  async prepareRun(spec: RunSpec, frozen: TensorSet | null): Promise<void> {
    if (frozen) this.trunkInstalls++;
    this.trunk = spec.trunkHash;
  }

  private faulty(round: number): boolean {
    return this.fault !== 'none' && (this.faultRounds.length === 0 || this.faultRounds.includes(round));
  }

  async fit(ins: FitIns): Promise<FitRes> {
    this.fits.push(ins.round);
    const faulty = this.faulty(ins.round);
    if (faulty && this.fault === 'throw') throw new Error(`${this.siteId} crashed`);
    if (faulty && this.fault === 'hang') await new Promise(() => undefined);
    if (faulty && this.fault === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    let tensors: TensorSet = ins.tensors.map((t) => ({ ...t, data: t.data.map((v) => v + this.delta) }));
    if (faulty && this.fault === 'nan') tensors = tensors.map((t, i) => (i === 0 ? { ...t, data: t.data.map(() => Number.NaN) } : t));
    if (faulty && this.fault === 'wrong-shape') tensors = tensors.map((t, i) => (i === 0 ? { ...t, shape: [t.data.length] } : t));
    return {
      runId: ins.runId,
      round: faulty && this.fault === 'replay' ? ins.round - 1 : ins.round,
      siteId: this.siteId,
      numExamples: this.n,
      tensors,
      metrics: { trainLoss: 1 / ins.round, trainSeconds: 0.001 },
    };
  }

  async evaluate(ins: EvaluateIns): Promise<EvaluateRes> {
    // Scores depend on the global so evaluations change with rounds.
    const s = Math.abs(ins.tensors[0]?.data[0] ?? 0) % 1;
    const bins = ins.histogramBins; // the run's bin count: a result with another is rejected
    const b = Math.min(bins - 1, Math.floor(s * bins));
    const pos = new Array<number>(bins).fill(0);
    const neg = new Array<number>(bins).fill(0);
    pos[bins - 1] = 5;
    neg[b] = 5;
    return {
      runId: ins.runId,
      round: ins.round,
      siteId: this.siteId,
      numExamples: 10,
      loss: 0.3,
      confusion: { tp: 5, fn: 0, tn: b < bins / 2 ? 5 : 0, fp: b < bins / 2 ? 0 : 5 },
      positiveHistogram: pos,
      negativeHistogram: neg,
      withheld: false,
    };
  }
}
