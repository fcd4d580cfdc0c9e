/**
 * The settings of a pretraining run as stored in its state.json, with the defaults of the nested protocol and
 * the values that reproduce a run started before those options existed (resumed as it was trained).
 */
import type { AugmentOptions } from '../data/augment.js';
import { augmentBatch, DEFAULT_AUGMENT } from '../data/augment.js';
import type { ModelConfig } from '../model/config.js';
import type { PretrainProtocol } from './pretrain-carve.js';
import type { AugmentFn } from './trainer.js';

/** Augmentation strength. */
export type AugmentLevel = 'none' | 'standard' | 'strong';

/** Everything that defines a run (what `--resume` reads back). */
export interface PretrainSettings {
  readonly data: string;
  readonly out: string;
  readonly inputSize: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Peak learning rate of the schedule. */
  readonly learningRate: number;
  readonly seed: number;
  /** Early stopping: epochs without a better validation AUC. */
  readonly patience: number;
  /** Official test folder, scored at the end beside the internal test. */
  readonly test?: string;
  /** paper: per-class counts; nTest: per class from `test`. */
  readonly nTrain: number;
  readonly nVal: number;
  readonly nTest: number;
  readonly head?: ModelConfig['head'];
  /** @default 'full' */
  readonly protocol: PretrainProtocol;
  /** full protocol fractions. @default 0.1 and 0.1 */
  readonly valFraction: number;
  readonly testFraction: number;
  /** Linear warm-up epochs before the cosine decay. @default 1 */
  readonly warmupEpochs: number;
  /** Final learning rate as a fraction of the peak. @default 0.01 */
  readonly minLrFactor: number;
  /** EMA decay per step; 0 turns weight averaging off. @default 0.999 */
  readonly emaDecay: number;
  /** Test-time augmentation at the final evaluation. @default true */
  readonly tta: boolean;
  /** @default 'strong' */
  readonly augment: AugmentLevel;
}

/** The nested protocol's defaults for the new options. */
export const PROTOCOL_DEFAULTS = {
  protocol: 'full',
  valFraction: 0.1,
  testFraction: 0.1,
  warmupEpochs: 1,
  minLrFactor: 0.01,
  emaDecay: 0.999,
  tta: true,
  augment: 'strong',
} as const satisfies Partial<PretrainSettings>;

/** How runs from before the nested protocol trained: constant rate, no EMA, TTA or augmentation, paper carve. */
const LEGACY = { protocol: 'paper', valFraction: 0.1, testFraction: 0.1, warmupEpochs: 0, minLrFactor: 1, emaDecay: 0, tta: false, augment: 'none' } as const;

/** Settings read from an older state.json, completed so the run resumes as it was trained. */
export function withLegacyDefaults(stored: Partial<PretrainSettings> & Omit<PretrainSettings, keyof typeof LEGACY>): PretrainSettings {
  return { ...LEGACY, ...stored };
}

/** Stronger-than-default ranges (rotation 10°, shift 8 %, zoom 12 %, brightness 10 %, contrast 20 %). */
export const STRONG_AUGMENT: Required<AugmentOptions> = { rotation: 10, shift: 0.08, zoom: 0.12, brightness: 0.1, contrast: 0.2 };

/** The batch augmentation for a level (null for none). */
export function augmentFor(level: AugmentLevel): AugmentFn | null {
  if (level === 'none') return null;
  const opts = level === 'strong' ? STRONG_AUGMENT : DEFAULT_AUGMENT;
  return (batch, n, size, seed) => {
    const per = size * size * 3;
    const views = augmentBatch(Array.from({ length: n }, (_, i) => batch.subarray(i * per, (i + 1) * per)), seed, opts);
    const out = new Float32Array(batch.length);
    views.forEach((v, i) => out.set(v, i * per));
    return out;
  };
}
