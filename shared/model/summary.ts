/**
 * A model's layer table: every layer with its output shape, parameter count, block and whether it trains
 * at a level, plus totals (trunk, head, trainable at every level). What `fedcxr model` prints.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config.js';
import { blockOf, isTrainable } from './unfreeze.js';
import { isTrunkLayer, layerParamCount } from './vgg16.js';
import { UNFREEZE_LEVELS, type UnfreezeLevel } from '../domain/levels.js';

/** One row of the layer table. */
export interface LayerRow {
  readonly name: string;
  readonly className: string;
  /** Output shape without the batch dimension. */
  readonly outputShape: readonly number[];
  readonly params: number;
  /** VGG block 1–5, 0 for the input, null for head layers. */
  readonly block: number | null;
  readonly part: 'trunk' | 'head';
  /** Whether the layer's weights train at the summary's level (false for layers without weights). */
  readonly trainable: boolean;
}

/** The whole table with totals. */
export interface ModelSummary {
  readonly config: ModelConfig;
  readonly level: UnfreezeLevel;
  readonly layers: readonly LayerRow[];
  readonly totals: {
    readonly trunkParams: number;
    readonly headParams: number;
    readonly totalParams: number;
    /** Parameters trainable at `level`. */
    readonly trainableParams: number;
    readonly frozenParams: number;
    /** Parameters trainable at each level, FC … +B1. */
    readonly trainableByLevel: Readonly<Record<UnfreezeLevel, number>>;
  };
}

/** Summarises a built model for `level`. */
export function summarizeModel(model: tf.LayersModel, config: ModelConfig, level: UnfreezeLevel): ModelSummary {
  const layers: LayerRow[] = model.layers.map((l) => {
    const params = layerParamCount(l);
    const shape = l.outputShape as (number | null)[];
    return {
      name: l.name,
      className: l.getClassName(),
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params,
      block: blockOf(l.name),
      part: isTrunkLayer(l.name) ? 'trunk' : 'head',
      trainable: params > 0 && isTrainable(l.name, level),
    };
  });
  const sum = (rows: readonly LayerRow[]): number => rows.reduce((n, r) => n + r.params, 0);
  const trainableAt = (lv: UnfreezeLevel): number => sum(layers.filter((r) => isTrainable(r.name, lv)));
  const totalParams = sum(layers);
  const trainableParams = trainableAt(level);
  return {
    config,
    level,
    layers,
    totals: {
      trunkParams: sum(layers.filter((r) => r.part === 'trunk')),
      headParams: sum(layers.filter((r) => r.part === 'head')),
      totalParams,
      trainableParams,
      frozenParams: totalParams - trainableParams,
      trainableByLevel: Object.fromEntries(UNFREEZE_LEVELS.map((lv) => [lv, trainableAt(lv)])) as Record<UnfreezeLevel, number>,
    },
  };
}

/** The summary as a human-readable table. */
export function formatSummary(s: ModelSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const head = `${'layer'.padEnd(16)}${'type'.padEnd(24)}${'output'.padEnd(16)}${'params'.padStart(12)}  trains@${s.level}`;
  const rows = s.layers.map(
    (r) =>
      `${r.name.padEnd(16)}${r.className.padEnd(24)}${r.outputShape.join('×').padEnd(16)}${n(r.params).padStart(12)}  ${
        r.params === 0 ? '' : r.trainable ? 'yes' : 'frozen'
      }`,
  );
  const h = s.config.head;
  const t = s.totals;
  return [
    `VGG16 ${s.config.inputSize}×${s.config.inputSize}×3, head: ${h.pooling}, dense [${h.units.join(', ')}], dropout ${h.dropout}, sigmoid`,
    head,
    '-'.repeat(head.length),
    ...rows,
    '-'.repeat(head.length),
    `trunk params      ${n(t.trunkParams).padStart(12)}`,
    `head params       ${n(t.headParams).padStart(12)}`,
    `total params      ${n(t.totalParams).padStart(12)}`,
    `trainable at ${s.level.padEnd(4)}${n(t.trainableParams).padStart(13)}   (frozen ${n(t.frozenParams)})`,
    'trainable by level',
    ...UNFREEZE_LEVELS.map((lv) => `  ${lv.padEnd(4)} ${n(t.trainableByLevel[lv]).padStart(12)}`),
    '',
  ].join('\n');
}
