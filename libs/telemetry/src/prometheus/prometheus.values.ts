import type { PromQueryData } from './prometheus.types.js';

/**
 * The numeric value of an instant query that should yield at most one series (e.g. `sum(...)`).
 * An empty vector means "no such series": `0` for counters summed over a window. `NaN` values (0/0) become `null`.
 */
export function singleValue(data: PromQueryData): number | null {
  if (data.resultType === 'scalar') return numberOrNull(Number(data.result[1]));
  if (data.resultType !== 'vector') return null;
  if (data.result.length === 0) return 0;
  return numberOrNull(data.result.reduce((sum, series) => sum + Number(series.value[1]), 0));
}

/**
 * The values of a vector keyed by one label, e.g. `sum by (le) (...)` keyed by `le`.
 * Series without the label are skipped; non-numeric values are dropped.
 */
export function valuesByLabel(data: PromQueryData, label: string): Map<string, number> {
  const values = new Map<string, number>();
  if (data.resultType !== 'vector') return values;
  for (const series of data.result) {
    const key = series.metric[label];
    const value = Number(series.value[1]);
    if (key !== undefined && !Number.isNaN(value)) values.set(key, value);
  }
  return values;
}

function numberOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
