import { EXPECTED_CLASSES, type Expected } from './corpus.types.js';

/** One environment's outcome. */
export interface Outcome {
  scenario: string;
  environment: string;
  expected: Expected;
  actual: Expected;
  signature?: string;
  evidence?: readonly string[];
  /**
   * a TRANSIENT-labelled target that never failed (engine mode: in a train that never halted) — the engine waited out
   * or retried through the transient condition (DESIGN.md: unreachable targets wait, never fail), or the direct
   * mode's looks all got through a rate-limited API. There is no failure to attribute, so it is scored in no class
   * (neither a TRANSIENT hit nor a miss) and counted apart.
   */
  absorbed?: boolean;
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

/** Precision and recall per class (1 when a class never occurs, on either side); absorbed outcomes are left out. */
export function score(all: readonly Outcome[]): ClassScore[] {
  const outcomes = all.filter((o) => !o.absorbed);
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
