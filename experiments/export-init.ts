/**
 * A pretrained init of a finished experiment as a checkpoint directory: `fedcxr experiment --out DIR
 * --export-init related --to models/related-vgg16`. The runner keeps its inits in the report folder
 * (`inits/<name>`, float32) for its own cells; exporting one makes it a starting point for anything that
 * loads checkpoints (the real demo, `fedcxr train --init`, a coordinator), named by where it came from.
 */
import { ConfigError } from '../shared/domain/errors.js';
import type { WireDType } from '../shared/domain/tensor-set.js';
import { saveCheckpoint, type Manifest } from '../shared/model/checkpoint.js';
import { defaultModelConfig } from '../shared/model/config.js';
import { readFolderConfig } from './folder-config.js';
import { CellStore } from './store.js';

/** Inits the runner pretrains (and so can export). */
export const EXPORTABLE_INITS = ['related', 'pneumonia'] as const;
export type ExportableInit = (typeof EXPORTABLE_INITS)[number];

/**
 * Writes init `name` of the experiment in `out` into the empty directory `dest` (float16 by default, as the
 * committed checkpoints are); its provenance names the experiment, the carve's size and the pretraining budget.
 * Throws ConfigError when `out` holds no experiment or has not pretrained that init yet.
 * @example await exportInit('runs/exp-real', 'related', 'models/related-vgg16')
 */
export async function exportInit(out: string, name: ExportableInit, dest: string, dtype: WireDType = 'float16'): Promise<Manifest> {
  const cfg = await readFolderConfig(out);
  if (!cfg) throw new ConfigError(`${out} holds no experiment (no config.json): run \`fedcxr experiment --out ${out}\` first`);
  // The paper preset starts from the committed checkpoint rather than pretraining its own (cells.ts, loadInit).
  if (cfg.kind === 'paper' && name === 'pneumonia') throw new ConfigError(`the ${cfg.name} experiment's pneumonia init is the committed models/pneumonia-vgg16, not one it pretrained: nothing to export`);
  const tensors = await new CellStore(out).getTensors(name);
  if (!tensors) throw new ConfigError(`${out} has not pretrained the ${name} init yet (cell pretrain/${name}): run or resume the experiment first`);
  const p = cfg.pretrain[name];
  return saveCheckpoint(
    dest,
    {
      config: defaultModelConfig({ inputSize: cfg.inputSize }),
      tensors,
      level: '+B1',
      provenance: {
        createdAt: new Date().toISOString(),
        source: `experiment:${cfg.name}/pretrain/${name}`,
        notes: `fedcxr experiment ${cfg.name} (${cfg.kind}), seed ${cfg.train.seed}: +B1 from random on its patient-disjoint ${name} carve (${p.perClass} + ${p.perClass} train, ${p.valPerClass} + ${p.valPerClass} validation images, ${cfg.inputSize} px), up to ${p.epochs} epochs, best epoch by validation AUC`,
      },
    },
    { dtype },
  );
}
