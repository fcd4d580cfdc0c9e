/**
 * ClientProxy over an in-process SiteHandler: the same round loop as over socket.io, minus the wire.
 * Tensors are copied at the boundary (as serialisation would), so neither side can alias the other's
 * arrays, and every call honours its deadline with a TimeoutError.
 */
import type { TensorSet } from '../shared/domain/tensor-set.js';
import { cloneSet } from '../shared/federation/aggregate.js';
import { withDeadline } from '../shared/federation/transport.js';
import type { ClientProxy, EvaluateIns, EvaluateRes, FitIns, FitRes, RunSpec, SiteHandler } from '../shared/federation/types.js';

/** The in-memory transport. @example new InMemoryProxy(new SiteExecutor(opts)) */
export class InMemoryProxy implements ClientProxy {
  readonly siteId: string;
  constructor(private readonly handler: SiteHandler) {
    this.siteId = handler.siteId;
  }

  /** Sends the frozen trunk only when the site does not already hold it (like the wire). */
  async prepare(spec: RunSpec, frozen: TensorSet | null, deadlineMs: number): Promise<void> {
    const run = async (): Promise<void> => {
      const has = await this.handler.hasTrunk(spec.trunkHash);
      await this.handler.prepareRun(spec, has || !frozen ? null : cloneSet(frozen));
    };
    await withDeadline(run(), deadlineMs, `prepare on ${this.siteId}`);
  }

  async fit(ins: FitIns, deadlineMs: number): Promise<FitRes> {
    const res = await withDeadline(this.handler.fit({ ...ins, tensors: cloneSet(ins.tensors) }), deadlineMs, `fit on ${this.siteId}`);
    return { ...res, tensors: cloneSet(res.tensors) };
  }

  async evaluate(ins: EvaluateIns, deadlineMs: number): Promise<EvaluateRes> {
    return withDeadline(this.handler.evaluate({ ...ins, tensors: cloneSet(ins.tensors) }), deadlineMs, `evaluate on ${this.siteId}`);
  }
}
