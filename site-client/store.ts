/**
 * The site's local cache directory: frozen trunks by hash (so the trunk travels once per site, or never
 * when it is already here), the feature-cache directory and the default audit-log path.
 */
import { join } from 'node:path';
import { IntegrityError } from '../shared/domain/errors.js';
import { isCheckpointDir, loadCheckpoint } from '../shared/model/checkpoint.js';
import { saveCheckpointAtomic } from '../shared/model/checkpoint-atomic.js';
import type { ModelConfig } from '../shared/model/config.js';
import { hashTensorSet } from '../shared/model/hash.js';
import type { TensorSet } from '../shared/domain/tensor-set.js';

/** Layout of a site's cache dir. @example new SiteStore('/var/lib/fedcxr-site') */
export class SiteStore {
  constructor(readonly dir: string) {}

  /** Where the trunk with `hash` lives. */
  trunkDir(hash: string): string {
    return join(this.dir, 'trunks', hash.slice(0, 32));
  }

  /** Feature-cache directory (activations of the frozen trunk). */
  get featuresDir(): string {
    return join(this.dir, 'features');
  }

  /** Default audit-log path. */
  get auditPath(): string {
    return join(this.dir, 'audit.jsonl');
  }

  /** Whether the trunk with `hash` is stored here. */
  async hasTrunk(hash: string): Promise<boolean> {
    return isCheckpointDir(this.trunkDir(hash));
  }

  /** Stores a verified trunk (no-op when already present). */
  async saveTrunk(hash: string, frozen: TensorSet, config: ModelConfig): Promise<void> {
    if (hashTensorSet(frozen) !== hash) throw new IntegrityError(`trunk does not match its hash ${hash}`);
    if (await this.hasTrunk(hash)) return;
    await saveCheckpointAtomic(
      join(this.dir, 'trunks'),
      hash.slice(0, 32),
      { config, tensors: frozen, provenance: { createdAt: new Date().toISOString(), source: `trunk:${hash}` } },
      { updateLatest: false },
    );
  }

  /** Loads a stored trunk and verifies its hash. */
  async loadTrunk(hash: string): Promise<TensorSet> {
    const ck = await loadCheckpoint(this.trunkDir(hash), { verifyArchitecture: false });
    if (hashTensorSet(ck.tensors) !== hash) throw new IntegrityError(`stored trunk ${this.trunkDir(hash)} does not match hash ${hash}`);
    return ck.tensors;
  }
}
