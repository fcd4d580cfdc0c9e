/**
 * Will a VGG16 training step fit? The wasm backend lives in a 32-bit WebAssembly heap capped at 4 GiB;
 * a batch that needs more aborts the whole process, so we refuse it up front with a clear message.
 * The estimate is a pure function of (inputSize, batchSize, level), calibrated against measured peaks.
 */
import { ConfigError } from '../errors.js';
import type { UnfreezeLevel } from '../federation/types.js';
import type { EngineInfo } from './types.js';

/** The wasm heap ceiling (wasm32 address space). */
export const WASM_HEAP_LIMIT_BYTES = 4 * 1024 ** 3;

/** Heap share we let one training step use: the allocator fragments and the runtime needs the rest. */
const USABLE_FRACTION = 0.85;

/** VGG16 trunk: [block, convs in block, output channels]. */
const VGG16_BLOCKS: readonly (readonly [number, number, number])[] = [
  [1, 2, 64],
  [2, 2, 128],
  [3, 3, 256],
  [4, 3, 512],
  [5, 3, 512],
];

/** First trainable trunk block per level (6 = none: only the head trains). */
const FIRST_TRAINABLE_BLOCK: Record<UnfreezeLevel, number> = { FC: 6, '+B5': 5, '+B4': 4, '+B3': 3, '+B2': 2, '+B1': 1 };

/** What one training step is expected to hold, in bytes. */
export interface StepMemoryEstimate {
  /** Activations kept on the gradient tape (conv outputs, pool outputs, block input). */
  readonly activations: number;
  /** Transient tensors of the backward pass (upstream gradient, masked gradient, input gradient, kernel scratch). */
  readonly backward: number;
  /** Weights, plus gradients and two optimizer moments for the trainable ones. */
  readonly weights: number;
  /** Sum of the above. */
  readonly total: number;
}

/** Size of the problem a training step solves. */
export interface BatchShape {
  /** Square input side in pixels. */
  readonly inputSize: number;
  /** Images per step. */
  readonly batchSize: number;
  /** Unfreeze level (which trunk blocks are on the tape). */
  readonly level: UnfreezeLevel;
}

/** Estimated peak memory of one VGG16 training step (pure). */
export function estimateStepMemory({ inputSize, batchSize, level }: BatchShape): StepMemoryEstimate {
  const first = FIRST_TRAINABLE_BLOCK[level];
  let side = inputSize;
  let inChannels = 3;
  let tapeFloats = 0; // per image
  let largestFloats = 0; // per image, largest single trainable activation
  let trainableParams = 0;
  let frozenParams = 0;
  for (const [block, convs, channels] of VGG16_BLOCKS) {
    const trainable = block >= first;
    if (trainable && block === first) tapeFloats += side * side * inChannels; // input of the taped part
    for (let i = 0; i < convs; i += 1) {
      const params = 9 * inChannels * channels + channels;
      if (trainable) {
        trainableParams += params;
        tapeFloats += side * side * channels;
        largestFloats = Math.max(largestFloats, side * side * channels);
      } else {
        frozenParams += params;
      }
      inChannels = channels;
    }
    side = Math.floor(side / 2);
    if (trainable) tapeFloats += side * side * inChannels;
  }
  // Head (GAP + dense 256 + output): tiny activations, small weights.
  trainableParams += 512 * 256 + 256 + 256 + 1;
  const activations = 4 * batchSize * tapeFloats;
  // dy, dy·relu'(y), dx and the filter-gradient kernel's padded input: four tensors of the largest layer.
  const backward = 4 * batchSize * 4 * largestFloats;
  const weights = 4 * (4 * trainableParams + frozenParams);
  return { activations, backward, weights, total: activations + backward + weights };
}

/** Largest batch (≥ 0) whose estimate fits in `limitBytes`. */
export function maxBatchThatFits(inputSize: number, level: UnfreezeLevel, limitBytes: number): number {
  let batch = 0;
  while (estimateStepMemory({ inputSize, batchSize: batch + 1, level }).total <= limitBytes) {
    batch += 1;
    if (batch >= 4096) break;
  }
  return batch;
}

const GB = 1024 ** 3;

/**
 * Throws ConfigError when a training step at this shape would overflow the wasm heap; no-op on other backends.
 * @example checkBatchFits(await initEngine(), { inputSize: 224, batchSize: 8, level: '+B1' });
 */
export function checkBatchFits(info: Pick<EngineInfo, 'backend'>, shape: BatchShape): void {
  if (info.backend !== 'wasm') return;
  const limit = WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION;
  const need = estimateStepMemory(shape).total;
  if (need <= limit) return;
  const fits = maxBatchThatFits(shape.inputSize, shape.level, limit);
  const advice = fits > 0 ? `use batch ≤ ${fits}` : `no batch fits at ${shape.inputSize}px: use a smaller input or level`;
  throw new ConfigError(
    `batch ${shape.batchSize} at ${shape.inputSize} ${shape.level} needs ~${(need / GB).toFixed(1)} GB; ` +
      `wasm caps at 4 GB: ${advice} or the native engine (FEDCXR_BACKEND=fedcxr-native / tensorflow)`,
  );
}
