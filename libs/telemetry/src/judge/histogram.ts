import type { LatencyBucket, LatencyQuantile } from './judge.types.js';

/**
 * Turns cumulative Prometheus buckets of two roles into per-bucket counts over the union of their bounds.
 * Counts from `increase()` are extrapolated floats: they are rounded, and a bucket that would be negative (a counter
 * reset seen differently by two buckets) counts 0.
 */
export function alignBuckets(a: LatencyBucket[], b: LatencyBucket[]): { bounds: number[]; a: number[]; b: number[] } {
  const bounds = [...new Set([...a, ...b].map((bucket) => bucket.le))].sort((x, y) => x - y);
  return { bounds, a: perBucket(a, bounds), b: perBucket(b, bounds) };
}

function perBucket(buckets: LatencyBucket[], bounds: number[]): number[] {
  const sorted = [...buckets].sort((x, y) => x.le - y.le);
  let index = 0;
  let cumulative = 0;
  let previous = 0;
  return bounds.map((bound) => {
    // A bound this histogram lacks carries the cumulative count of its last bound below.
    while (index < sorted.length && sorted[index].le <= bound) cumulative = Math.round(sorted[index++].count);
    const count = Math.max(0, cumulative - previous);
    previous = Math.max(previous, cumulative);
    return count;
  });
}

/** Total requests counted by a cumulative histogram (its largest bucket). */
export function histogramTotal(buckets: LatencyBucket[]): number {
  return buckets.reduce((max, bucket) => Math.max(max, Math.round(bucket.count)), 0);
}

/** Sums cumulative histograms bucket by bucket (for pooling). Bounds missing from one histogram are interpolated as its last lower bound. */
export function sumHistograms(histograms: LatencyBucket[][]): LatencyBucket[] {
  const bounds = [...new Set(histograms.flat().map((bucket) => bucket.le))].sort((x, y) => x - y);
  return bounds.map((le) => ({
    le,
    count: histograms.reduce((sum, histogram) => sum + cumulativeAt(histogram, le), 0),
  }));
}

function cumulativeAt(histogram: LatencyBucket[], le: number): number {
  return histogram.reduce((best, bucket) => (bucket.le <= le ? Math.max(best, bucket.count) : best), 0);
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside the bucket like PromQL's
 * `histogram_quantile`; `null` for an empty histogram. A quantile in the `+Inf` bucket returns the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: LatencyBucket[]): number | null {
  return quantileEstimate(q, buckets)?.seconds ?? null;
}

/**
 * {@link histogramQuantile}, telling too whether the quantile lies past the highest finite bound (in the `+Inf`
 * bucket): then `seconds` is that bound, only a lower bound of the true value. `null` for an empty histogram.
 */
export function quantileEstimate(q: number, buckets: LatencyBucket[]): LatencyQuantile | null {
  const sorted = [...buckets].sort((x, y) => x.le - y.le);
  const total = histogramTotal(sorted);
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return { seconds: lowerBound, beyondHighestBound: true };
      const inBucket = bucket.count - lowerCount;
      const seconds =
        inBucket <= 0 ? bucket.le : lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
      return { seconds, beyondHighestBound: false };
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return { seconds: lowerBound, beyondHighestBound: true };
}
