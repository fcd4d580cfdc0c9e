/** The small closed vocabularies several rooms share; each spelled once, here. */

/** The two tasks a coordinator asks of a site. */
export const TASK_KINDS = ['fit', 'evaluate'] as const;
/** A task a coordinator asks of a site. */
export type TaskKind = (typeof TASK_KINDS)[number];

/** Data splits at a site. */
export const SPLITS = ['train', 'val', 'test'] as const;
/** One data split at a site. */
export type Split = (typeof SPLITS)[number];
/** The splits a coordinator may ask a site to evaluate. */
export type EvalSplit = Exclude<Split, 'train'>;

/** Local optimisers. */
export const OPTIMIZERS = ['adam', 'sgd'] as const;
/** A local optimiser. */
export type OptimizerKind = (typeof OPTIMIZERS)[number];

