/**
 * Model configuration: input size and classification head. One zod schema, one place for defaults;
 * the checkpoint manifest and the federation RunSpec carry this object as JSON.
 */
import { z } from 'zod';
import { ConfigError } from '../domain/errors.js';

/** Smallest input side VGG16 accepts: five 2×2 pools must leave at least a 1×1 map. */
export const MIN_INPUT_SIZE = 32;

/** Zod schema of the head: pooling after block5_pool, hidden dense widths (relu) each followed by dropout. */
export const HeadConfigSchema = z
  .object({
    /** How block5_pool's map becomes a vector. @default 'gap' */
    pooling: z.enum(['gap', 'flatten']),
    /** Hidden dense layer widths, in order (empty: pooled features go straight to the output). @default [256] */
    units: z.array(z.number().int().positive()),
    /** Dropout rate after every hidden dense layer (or before the output if there is none). @default 0.5 */
    dropout: z.number().min(0).lt(1),
  })
  .strict();

/** Zod schema of the whole model configuration. */
export const ModelConfigSchema = z
  .object({
    /** Square input side in pixels (≥ 32). @default 224 */
    inputSize: z.number().int().min(MIN_INPUT_SIZE),
    head: HeadConfigSchema,
  })
  .strict();

/** The classification head's configuration. */
export type HeadConfig = z.infer<typeof HeadConfigSchema>;

/** Input size and head: everything needed to rebuild the architecture. */
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** Overrides accepted by `defaultModelConfig`: any field, the head partially. */
export interface ModelConfigOverrides {
  inputSize?: number;
  head?: Partial<HeadConfig>;
}

/**
 * The default configuration (224×224 input, GAP, one 256-unit dense, dropout 0.5) with overrides,
 * validated. @example defaultModelConfig({ inputSize: 32 })
 */
export function defaultModelConfig(overrides: ModelConfigOverrides = {}): ModelConfig {
  return parseModelConfig({
    inputSize: overrides.inputSize ?? 224,
    head: { pooling: 'gap', units: [256], dropout: 0.5, ...overrides.head },
  });
}

/** Validates an unknown value as a ModelConfig; throws ConfigError naming the bad field. */
export function parseModelConfig(value: unknown): ModelConfig {
  const r = ModelConfigSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  const inputSize = (value as { inputSize?: unknown } | null)?.inputSize;
  if (path === 'inputSize' && typeof inputSize === 'number' && inputSize < MIN_INPUT_SIZE) {
    throw new ConfigError(
      `model inputSize ${inputSize} is too small: VGG16 needs at least ${MIN_INPUT_SIZE}×${MIN_INPUT_SIZE} (five 2×2 max-pools)`,
    );
  }
  throw new ConfigError(`invalid model config at '${path || '(root)'}': ${issue?.message ?? r.error.message}`, {
    cause: r.error,
  });
}
