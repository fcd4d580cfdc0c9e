/**
 * Where a run's global model starts: a checkpoint directory, the committed pneumonia-pretrained
 * checkpoint, or a seeded random init. Never silently substitutes one for another: callers that allow
 * the random fallback get `fellBack` and must say so.
 */
import { errorMessage } from '../shared/domain/errors.js';
import { loadCheckpoint } from '../shared/model/checkpoint.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { findCheckpointDir, PRETRAINED_CHECKPOINT_DIR } from '../shared/model/pretrained.js';
import { buildModel } from '../shared/model/vgg16.js';
import { getTensorSet } from '../shared/model/weights.js';
import { UnavailableError } from '../shared/domain/errors.js';
import type { InitialModel } from './run.js';

/** The model block of a config (see shared/config/federation.ts). */
export interface ModelSource {
  readonly checkpoint: string;
  readonly inputSize: number;
  readonly headUnits: readonly number[];
  readonly seed: number;
}

/** A seeded random-init VGG16 (Glorot) as a run's starting point. */
export function randomInitialModel(inputSize: number, headUnits: readonly number[], seed: number): InitialModel {
  const config = defaultModelConfig({ inputSize, head: { units: [...headUnits] } });
  const model = buildModel(config, { seed });
  try {
    return { config, tensors: getTensorSet(model), source: `random-init(seed=${seed})` };
  } finally {
    model.dispose();
  }
}

/**
 * Loads the configured starting model. With `fallbackToRandom`, a missing pretrained checkpoint yields a
 * random init and `fellBack: true` with the reason; otherwise it throws UnavailableError.
 */
export async function loadInitialModel(
  src: ModelSource,
  opts: { fallbackToRandom?: boolean; inputSize?: number } = {},
): Promise<{ model: InitialModel; fellBack: boolean; reason?: string }> {
  const size = opts.inputSize ?? src.inputSize;
  if (src.checkpoint === 'random') return { model: randomInitialModel(size, src.headUnits, src.seed), fellBack: false };
  const dir = src.checkpoint === 'pretrained' ? PRETRAINED_CHECKPOINT_DIR : src.checkpoint;
  try {
    const found = await findCheckpointDir(dir);
    if (!found) throw new UnavailableError(`no checkpoint in ${dir}`);
    const ck = await loadCheckpoint(found);
    let config = ck.config;
    // Conv kernels do not depend on the input size, and a GAP head neither: the same weights run at any size.
    if (opts.inputSize !== undefined && opts.inputSize !== config.inputSize) {
      if (config.head.pooling !== 'gap') throw new UnavailableError(`checkpoint ${found} has a flatten head fixed to ${config.inputSize} px`);
      config = { ...config, inputSize: opts.inputSize };
    }
    return { model: { config, tensors: ck.tensors, source: `checkpoint:${found}` }, fellBack: false };
  } catch (err) {
    if (!opts.fallbackToRandom) throw err;
    return { model: randomInitialModel(size, src.headUnits, src.seed), fellBack: true, reason: errorMessage(err) };
  }
}
