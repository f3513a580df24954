import type { CanarySample, LatencyBucket, RoleSample } from './judge.types.js';

/** Bucket bounds in seconds, like a typical `http_request_duration_seconds` histogram. */
export const BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity];

/** A cumulative histogram from per-bucket counts over {@link BOUNDS}. */
export function histogram(perBucket: number[]): LatencyBucket[] {
  let cumulative = 0;
  return BOUNDS.map((le, i) => ({ le, count: (cumulative += perBucket[i] ?? 0) }));
}

/** Latency mostly in 50–100 ms. */
export const FAST = [200, 600, 150, 40, 10, 0, 0];
/** The same requests, shifted to 100–500 ms. */
export const SLOW = [20, 80, 400, 400, 80, 20, 0];

export function role(requests: number, errors: number, perBucket: number[] = scale(FAST, requests)): RoleSample {
  return { requests, errors, latencyBuckets: histogram(perBucket) };
}

export function sample(target: string, canary: RoleSample, stable: RoleSample): CanarySample {
  return { target, canary, stable };
}

/** Scales a per-bucket shape to a total of `total` requests. */
export function scale(shape: number[], total: number): number[] {
  const sum = shape.reduce((a, b) => a + b, 0);
  return shape.map((count) => Math.round((count * total) / sum));
}
