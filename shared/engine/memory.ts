/**
 * Will a VGG16 training step fit? The wasm backend lives in a 32-bit WebAssembly heap capped at 4 GiB;
 * a batch that needs more aborts the whole process, so we refuse it up front with a clear message.
 * The estimate is a pure function of (inputSize, batchSize, level), calibrated against measured heap high-water marks.
 */
import { ConfigError } from '../domain/errors.js';
import type { EngineInfo } from './types.js';
import { FIRST_TRAINABLE_BLOCK, type UnfreezeLevel } from '../domain/levels.js';

/** The wasm heap ceiling (wasm32 address space). */
export const WASM_HEAP_LIMIT_BYTES = 4 * 1024 ** 3;

/** Heap share a training step may plan to use: the rest absorbs what the model does not see (data, caches). */
export const USABLE_FRACTION = 0.9;

// Calibration, from `node bin/run-ts.js bench/wasm-memory.ts` (heap high-water after one Adam step, fresh process
// per point; see docs/engine.md): e.g. 224 px +B1 at batch 2/4/8 → 1.04/1.86/3.40 GB, 64 px +B1 → 0.91 GB.
/** Emscripten runtime, XNNPACK and tfjs bookkeeping before any weight. */
const RUNTIME_BYTES = 30 * 1024 ** 2;
/** Live copies of each weight: the tensor and XNNPACK's packed copy cached per conv/matmul operator. */
const WEIGHT_COPIES = 2;
/**
 * Trainable-sized buffers alive while Adam updates: gradient, two moments, and the ~11 temporaries tfjs' Adam
 * keeps for every variable until its single tidy() ends (the measured +B1 plateau at small inputs).
 */
const ADAM_BUFFERS = 14;
/**
 * Live bytes per taped activation float, over the forward and backward pass: conv, bias-add and relu outputs stay
 * on the tape, their gradients, and the conv-gradient scratch (fit of the 224 px +B1 batch slope, ~400 MB/image).
 */
const ACTIVATION_BYTES_PER_FLOAT = 4 * 6.7;
/** Live bytes per float of the largest frozen activation while the frozen trunk computes features (no tape). */
const INFERENCE_BYTES_PER_FLOAT = 4 * 1.5;
/**
 * Allocator fragmentation (dlmalloc holes) and later steps: 3 steps at 224 px +B1 batch 4 reached 2.07 GB against
 * 1.86 GB after one, and +B5 at 224 px sat 11 % above the unfragmented model.
 */
const FRAGMENTATION = 1.2;

/** VGG16 trunk: [block, convs in block, output channels]. */
const VGG16_BLOCKS: readonly (readonly [number, number, number])[] = [
  [1, 2, 64],
  [2, 2, 128],
  [3, 3, 256],
  [4, 3, 512],
  [5, 3, 512],
];

/** Default head (GAP → dense 256 → dense 1) parameters. */
const HEAD_PARAMS = 512 * 256 + 256 + 256 + 1;

/** What one training step is expected to hold, in bytes. */
export interface StepMemoryEstimate {
  /** Weights (all layers) with their packed XNNPACK copies, plus the runtime. */
  readonly weights: number;
  /** Forward + backward peak beyond the weights: gradients and taped activations (grows with the batch). */
  readonly training: number;
  /** Optimizer-update peak beyond the weights: gradients, Adam moments and temporaries. */
  readonly optimizer: number;
  /** Frozen-trunk feature pass beyond the weights (0 at +B1). */
  readonly inference: number;
  /** (weights + max(training, optimizer, inference)) × fragmentation margin. */
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

/** Estimated wasm heap need of one VGG16 + Adam training step, frozen-trunk feature pass included (pure). */
export function estimateStepMemory({ inputSize, batchSize, level }: BatchShape): StepMemoryEstimate {
  const first = FIRST_TRAINABLE_BLOCK[level];
  let side = inputSize;
  let inChannels = 3;
  let tapeFloats = 0; // per image: activations of the trainable blocks
  let frozenMaxFloats = 0; // per image: largest activation of the frozen blocks
  let trainableParams = HEAD_PARAMS;
  let allParams = HEAD_PARAMS;
  for (const [block, convs, channels] of VGG16_BLOCKS) {
    const trainable = block >= first;
    if (trainable && block === first) tapeFloats += side * side * inChannels; // input of the taped part
    for (let i = 0; i < convs; i += 1) {
      const params = 9 * inChannels * channels + channels;
      allParams += params;
      if (trainable) {
        trainableParams += params;
        tapeFloats += side * side * channels;
      } else {
        frozenMaxFloats = Math.max(frozenMaxFloats, side * side * channels);
      }
      inChannels = channels;
    }
    side = Math.floor(side / 2);
    if (trainable) tapeFloats += side * side * inChannels; // pool output
  }
  const weights = RUNTIME_BYTES + 4 * allParams * WEIGHT_COPIES;
  const training = 4 * trainableParams + batchSize * tapeFloats * ACTIVATION_BYTES_PER_FLOAT;
  const optimizer = 4 * trainableParams * ADAM_BUFFERS;
  const inference = batchSize * frozenMaxFloats * INFERENCE_BYTES_PER_FLOAT;
  const peak = Math.max(training, optimizer, inference);
  return { weights, training, optimizer, inference, total: Math.round((weights + peak) * FRAGMENTATION) };
}

/** Largest batch (≥ 0) whose estimate fits in `limitBytes`. @default limitBytes the usable wasm heap */
export function maxBatchThatFits(inputSize: number, level: UnfreezeLevel, limitBytes = WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION): number {
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
  const need = estimateStepMemory(shape).total;
  if (need <= WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION) return;
  const fits = maxBatchThatFits(shape.inputSize, shape.level);
  const advice = fits > 0 ? `use batch ≤ ${fits}` : `no batch fits at ${shape.inputSize}px: use a smaller input or level`;
  throw new ConfigError(
    `batch ${shape.batchSize} at ${shape.inputSize} ${shape.level} needs ~${(need / GB).toFixed(1)} GB; ` +
      `wasm caps at 4 GB: ${advice} or the native engine (FEDCXR_BACKEND=fedcxr-native / tensorflow)`,
  );
}
