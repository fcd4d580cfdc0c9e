/**
 * The federated methods the experiment compares, each as a strategy config plus what the sites do:
 * plain FedAvg; site- and class-balanced aggregation with the global class prior in each site's loss; each
 * site's loss logit-adjusted by its own class prior (FedLC-style: a one-class site stops dragging every score);
 * federated intensity harmonisation; both; FedPer (head kept local); class-prototype alignment (each class's
 * features pulled to one direction across sites), alone and with balancing; FedAdam (Reddi et al. 2021): sites
 * take plain SGD steps at a small client rate and the coordinator applies Adam to the averaged step; clustered
 * FedAvg: the sites are grouped by their shared intensity histograms and each group federates its own model (so
 * an institution whose images differ is not averaged into another's model); SCAFFOLD (Karimireddy et al. 2020):
 * sites take plain SGD steps corrected by control variates, so a one-class site stops dragging the shared model
 * towards its own optimum between aggregations (also within clusters). Every method but FedPer is also
 * scored personalised: each two-class site fine-tunes the global model locally after federated training.
 */
import type { StrategyConfig } from '../coordinator/strategies.js';
import type { MethodName } from './config.js';

/** What one method asks of the coordinator and the sites. */
export interface MethodSpec {
  readonly strategy: StrategyConfig;
  /** Sites share intensity histograms; the coordinator builds a reference; sites map images to it. */
  readonly harmonise: boolean;
  /** Each site keeps its own head throughout (FedPer) instead of a shared one. */
  readonly localHead: boolean;
  /** The sites' optimizer and learning rate; null: Adam at the federated budget's learning rate. */
  readonly local: { readonly optimizer: 'sgd'; readonly learningRate: number } | null;
  /** Federations the sites are grouped into by their intensity histograms (`site-clusters.ts`); null: one of all. */
  readonly clusters: number | null;
}

/** The tuned numbers a method may take. */
export interface MethodParams {
  /** λ of the alignment methods. @default 1 */
  readonly prototypeWeight?: number;
  /** FedAdam's server rate η. @default 1e-3 */
  readonly serverRate?: number;
  /** FedAdam's client SGD rate. @default 0.01 */
  readonly clientRate?: number;
  /** Clusters of 'clustered'. @default 2 */
  readonly clusters?: number;
  /** The SCAFFOLD methods' local SGD rate. @default 0.01 */
  readonly scaffoldRate?: number;
}

const balanced = { siteWeighting: 'class-balanced', classPrior: true } as const;

/** The spec of a method name. */
export function methodSpec(name: MethodName, p: MethodParams = {}): MethodSpec {
  const prototypeWeight = p.prototypeWeight ?? 1;
  const plain = { harmonise: false, localHead: false, local: null, clusters: null };
  switch (name) {
    case 'fedavg':
      return { strategy: { name: 'fedavg' }, ...plain };
    case 'balanced':
      return { strategy: { name: 'fedavg', ...balanced }, ...plain };
    case 'logit-adjusted':
      return { strategy: { name: 'fedavg', logitAdjust: true }, ...plain };
    case 'harmonised':
      return { strategy: { name: 'fedavg' }, ...plain, harmonise: true };
    case 'balanced+harmonised':
      return { strategy: { name: 'fedavg', ...balanced }, ...plain, harmonise: true };
    case 'aligned':
      return { strategy: { name: 'fedavg', prototypeWeight }, ...plain };
    case 'balanced+aligned':
      return { strategy: { name: 'fedavg', ...balanced, prototypeWeight }, ...plain };
    case 'fedper':
      return { strategy: { name: 'fedavg', localHead: true }, ...plain, localHead: true };
    case 'fedadam':
      // β1, β2 and τ at Flower's defaults; only η is tuned (Reddi et al. tune η and the client rate on a grid).
      return { strategy: { name: 'fedadam', eta: p.serverRate ?? 1e-3 }, ...plain, local: { optimizer: 'sgd', learningRate: p.clientRate ?? 0.01 } };
    case 'clustered':
      return { strategy: { name: 'fedavg' }, ...plain, clusters: p.clusters ?? 2 };
    case 'scaffold':
      return { strategy: { name: 'scaffold' }, ...plain, local: { optimizer: 'sgd', learningRate: p.scaffoldRate ?? 0.01 } };
    case 'balanced+scaffold':
      return { strategy: { name: 'scaffold', ...balanced }, ...plain, local: { optimizer: 'sgd', learningRate: p.scaffoldRate ?? 0.01 } };
    case 'clustered+scaffold':
      return { strategy: { name: 'scaffold' }, ...plain, local: { optimizer: 'sgd', learningRate: p.scaffoldRate ?? 0.01 }, clusters: p.clusters ?? 2 };
  }
}
