/**
 * The federated methods the experiment compares, each as a strategy config plus what the sites do:
 * plain FedAvg; site- and class-balanced aggregation with the global class prior in each site's loss; each
 * site's loss logit-adjusted by its own class prior (FedLC-style: a one-class site stops dragging every score);
 * federated intensity harmonisation; both; FedPer (head kept local); class-prototype alignment (each class's
 * features pulled to one direction across sites), alone and with balancing. Every method but FedPer is also
 * scored personalised: each site fine-tunes the head locally after federated training.
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
}

const balanced = { siteWeighting: 'class-balanced', classPrior: true } as const;

/** The spec of a method name. */
export function methodSpec(name: MethodName, prototypeWeight = 1): MethodSpec {
  switch (name) {
    case 'fedavg':
      return { strategy: { name: 'fedavg' }, harmonise: false, localHead: false };
    case 'balanced':
      return { strategy: { name: 'fedavg', ...balanced }, harmonise: false, localHead: false };
    case 'logit-adjusted':
      return { strategy: { name: 'fedavg', logitAdjust: true }, harmonise: false, localHead: false };
    case 'harmonised':
      return { strategy: { name: 'fedavg' }, harmonise: true, localHead: false };
    case 'balanced+harmonised':
      return { strategy: { name: 'fedavg', ...balanced }, harmonise: true, localHead: false };
    case 'aligned':
      return { strategy: { name: 'fedavg', prototypeWeight }, harmonise: false, localHead: false };
    case 'balanced+aligned':
      return { strategy: { name: 'fedavg', ...balanced, prototypeWeight }, harmonise: false, localHead: false };
    case 'fedper':
      return { strategy: { name: 'fedavg', localHead: true }, harmonise: false, localHead: true };
  }
}
