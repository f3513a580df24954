import { EXPECTED_CLASSES, type Expected } from './corpus.types.js';

/** One environment's outcome. */
export interface Outcome {
  scenario: string;
  environment: string;
  expected: Expected;
  actual: Expected;
  signature?: string;
  evidence?: readonly string[];
}

/** Per class: precision and recall over every environment of the corpus. */
export interface ClassScore {
  cls: Expected;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Precision and recall per class (1 when a class never occurs, on either side). */
export function score(outcomes: readonly Outcome[]): ClassScore[] {
  return EXPECTED_CLASSES.map((cls) => {
    const tp = outcomes.filter((o) => o.expected === cls && o.actual === cls).length;
    const fp = outcomes.filter((o) => o.expected !== cls && o.actual === cls).length;
    const fn = outcomes.filter((o) => o.expected === cls && o.actual !== cls).length;
    return {
      cls,
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}
