/**
 * Thresholds are chosen on validation and applied to test, never tuned on test: `chooseThreshold` takes
 * validation scores only and returns a `ChosenThreshold`; `evaluateAt` applies a fixed threshold to
 * another split and reports every metric there.
 */
import { ValueError } from '../domain/errors.js';
import {
  accuracy,
  bootstrapAucCI,
  confusionAt,
  f1,
  precision,
  sensitivity,
  specificity,
  thresholdAtSensitivity,
  youdenThreshold,
  type AucWithCI,
  type BootstrapOptions,
  type Labels,
  type Metric,
} from './metrics.js';
import type { Confusion } from '../domain/confusion.js';

/** How to pick a decision threshold on validation data. */
export type ThresholdRule =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'youden' }
  | { readonly kind: 'sensitivity'; readonly target: number };

/** A threshold with where it came from (so reports can say it was chosen on validation). */
export interface ChosenThreshold {
  readonly threshold: number;
  readonly rule: ThresholdRule;
  /** 'validation' when derived from validation scores; 'fixed' when given. */
  readonly source: 'validation' | 'fixed';
  /** Set when the rule could not be applied (one class) and 0.5 was used instead. */
  readonly fallbackReason?: string;
}

/** Picks a threshold from validation scores by `rule`; falls back to 0.5 with a reason when undefined. */
export function chooseThreshold(valScores: ArrayLike<number>, valLabels: Labels, rule: ThresholdRule): ChosenThreshold {
  if (rule.kind === 'fixed') {
    if (!(rule.value >= 0 && rule.value <= 1)) {
      throw new ValueError(`threshold ${rule.value} not in [0,1]`, { field: 'threshold' });
    }
    return { threshold: rule.value, rule, source: 'fixed' };
  }
  const t =
    rule.kind === 'youden'
      ? (youdenThreshold(valScores, valLabels)?.threshold ?? null)
      : thresholdAtSensitivity(valScores, valLabels, rule.target);
  if (t === null) {
    return {
      threshold: 0.5,
      rule,
      source: 'validation',
      fallbackReason: `validation set lacks a class; ${rule.kind} threshold undefined, used 0.5`,
    };
  }
  return { threshold: t, rule, source: 'validation' };
}

/** Every threshold metric on one split, plus AUC with its bootstrap CI. */
export interface BinaryReport {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly threshold: number;
  readonly confusion: Confusion;
  readonly sensitivity: Metric;
  readonly specificity: Metric;
  readonly accuracy: Metric;
  readonly precision: Metric;
  readonly f1: Metric;
  readonly auc: AucWithCI;
}

/** Applies a fixed threshold (e.g. chosen on validation) to scores of another split and reports all metrics. */
export function evaluateAt(
  scores: ArrayLike<number>,
  labels: Labels,
  threshold: number | ChosenThreshold,
  bootstrap: BootstrapOptions = {},
): BinaryReport {
  const t = typeof threshold === 'number' ? threshold : threshold.threshold;
  const confusion = confusionAt(scores, labels, t);
  return {
    n: scores.length,
    positives: confusion.tp + confusion.fn,
    negatives: confusion.tn + confusion.fp,
    threshold: t,
    confusion,
    sensitivity: sensitivity(confusion),
    specificity: specificity(confusion),
    accuracy: accuracy(confusion),
    precision: precision(confusion),
    f1: f1(confusion),
    auc: bootstrapAucCI(scores, labels, bootstrap),
  };
}

/** Formats a metric for text reports: fixed decimals, or "n/a (reason)". */
export function formatMetric(m: Metric, digits = 3): string {
  return m.value === null ? `n/a (${m.reason})` : m.value.toFixed(digits);
}

/** A plain-JSON view of a report (Metric → number|null, reasons collected). */
export function reportToJson(r: BinaryReport): Record<string, unknown> {
  const reasons: string[] = [];
  const v = (m: Metric): number | null => {
    if (m.reason !== null) reasons.push(m.reason);
    return m.value;
  };
  return {
    n: r.n,
    positives: r.positives,
    negatives: r.negatives,
    threshold: r.threshold,
    confusion: r.confusion,
    sensitivity: v(r.sensitivity),
    specificity: v(r.specificity),
    accuracy: v(r.accuracy),
    precision: v(r.precision),
    f1: v(r.f1),
    auc: v(r.auc.auc),
    aucCI: r.auc.ci,
    aucCILevel: r.auc.level,
    undefinedReasons: [...new Set(reasons)],
  };
}
