/**
 * What a run stores about itself in the ledger's `runs.config_json`, and the zod schema `resume` reads it
 * back with: a run's identity (level, strategy, seed) comes from there, so it is validated, never cast.
 */
import { z } from 'zod';
import { IntegrityError } from '../shared/domain/errors.js';
import { UNFREEZE_LEVELS, type UnfreezeLevel } from '../shared/domain/levels.js';
import { StrategySchema } from '../shared/config/federation.js';
import type { StrategyConfig } from './strategies.js';

/** The identity fields of the stored run options (other stored fields are informational and ignored). */
const StoredOptionsSchema = z.object({
  level: z.enum(UNFREEZE_LEVELS),
  strategy: StrategySchema,
  seed: z.number().int(),
});

/** The stored run config: `{ options, modelConfig, source, referenceHistogram? }` as `FederatedRun.create` writes it. */
const StoredRunSchema = z.object({ options: StoredOptionsSchema, source: z.string(), referenceHistogram: z.array(z.number().nonnegative()).optional() });

/** A run's identity as read back from the ledger. */
export interface StoredRunIdentity {
  readonly level: UnfreezeLevel;
  readonly strategy: StrategyConfig;
  readonly seed: number;
}

/** Parses and validates a run row's level and config JSON; IntegrityError naming the bad field otherwise. */
export function readRunIdentity(runId: string, level: string, configJson: string): StoredRunIdentity {
  let json: unknown;
  try {
    json = JSON.parse(configJson);
  } catch (err) {
    throw new IntegrityError(`run ${runId}: stored config is not JSON`, { cause: err });
  }
  const parsed = StoredRunSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IntegrityError(`run ${runId}: stored config is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
  }
  const rowLevel = z.enum(UNFREEZE_LEVELS).safeParse(level);
  if (!rowLevel.success) throw new IntegrityError(`run ${runId}: stored level ${JSON.stringify(level)} is not an unfreeze level`);
  const o = parsed.data.options;
  if (o.level !== rowLevel.data) throw new IntegrityError(`run ${runId}: ledger level ${rowLevel.data} ≠ stored options level ${o.level}`);
  return { level: o.level, strategy: o.strategy, seed: o.seed };
}

/** The harmonisation reference a run stored at creation (so a resumed run sends the same one), if any. */
export function storedReferenceHistogram(configJson: string): number[] | undefined {
  const parsed = StoredRunSchema.pick({ referenceHistogram: true }).safeParse(JSON.parse(configJson));
  if (!parsed.success) throw new IntegrityError(`stored harmonisation reference is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data.referenceHistogram;
}
