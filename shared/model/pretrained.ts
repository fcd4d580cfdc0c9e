/**
 * The committed pneumonia-pretrained VGG16 checkpoint (Kermany pediatric CXR), the coordinator's default
 * starting point. Written by the pretraining pipeline into `models/pneumonia-vgg16/`.
 */
import { fileURLToPath } from 'node:url';
import { isCheckpointDir } from './checkpoint.js';
import { resolveLatest } from './checkpoint-atomic.js';

/** Absolute path of the committed pneumonia checkpoint (`models/pneumonia-vgg16/` at the repo root). */
export const PRETRAINED_CHECKPOINT_DIR = fileURLToPath(new URL('../../models/pneumonia-vgg16/', import.meta.url));

/**
 * Absolute path of the committed related-task init (`models/related-vgg16/`): VGG16 pretrained from random on NIH
 * normal vs abnormal by `fedcxr experiment --preset real` (its `pretrain/related` cell), exported with
 * `--export-init related`. The real demo starts from it: it does not already solve the demo's pneumonia task.
 */
export const RELATED_CHECKPOINT_DIR = fileURLToPath(new URL('../../models/related-vgg16/', import.meta.url));

/**
 * The checkpoint directory inside `dir`: `dir` itself when it holds a manifest, else what its `LATEST`
 * points at, else null.
 */
export async function findCheckpointDir(dir: string): Promise<string | null> {
  if (await isCheckpointDir(dir)) return dir;
  return resolveLatest(dir);
}
