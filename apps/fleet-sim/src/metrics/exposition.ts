import type { RoleTraffic } from '../traffic/traffic.model.js';
import { LATENCY_SIGMA } from '../traffic/traffic.model.js';

/** Histogram buckets of `http_request_duration_seconds` (Prometheus client defaults). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RoleCounters {
  ok: number;
  errors: number;
  errorCode: string;
  /** Cumulative counts per bucket, then sum of seconds. */
  buckets: number[];
  sum: number;
}

interface SeriesState {
  lastAt: number;
  roles: Partial<Record<string, RoleCounters>>;
}

/**
 * Per-cluster Prometheus counters that integrate each Rollout's current request rates over time
 * (expected values, so they are smooth and monotonic). `advance` is called at scrape time.
 */
export class ClusterMetrics {
  private readonly series = new Map<string, SeriesState>();

  /** Adds what `traffic` produced since the last call for this Rollout. */
  advance(namespace: string, rollout: string, traffic: RoleTraffic[], now: number): void {
    const key = `${namespace}/${rollout}`;
    const s = this.series.get(key);
    if (!s) {
      this.series.set(key, { lastAt: now, roles: {} });
      return;
    }
    const dt = Math.max(0, (now - s.lastAt) / 1000);
    s.lastAt = now;
    for (const t of traffic) {
      const c = (s.roles[t.role] ??= {
        ok: 0,
        errors: 0,
        errorCode: t.errorCode,
        buckets: LATENCY_BUCKETS.map(() => 0),
        sum: 0,
      });
      const n = t.rps * dt;
      c.errors += n * t.errorRatio;
      c.ok += n * (1 - t.errorRatio);
      c.errorCode = t.errorCode;
      const cdf = bucketCdf(t.medianSeconds);
      for (let i = 0; i < cdf.length; i++) c.buckets[i] += n * cdf[i];
      c.sum += n * t.medianSeconds * Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2);
    }
  }

  /** Forgets a Rollout that no longer exists. */
  forget(namespace: string, rollout: string): void {
    this.series.delete(`${namespace}/${rollout}`);
  }

  /** The exposition text (format 0.0.4). */
  render(): string {
    const req: string[] = [
      '# HELP http_requests_total Requests served, by HTTP status code.',
      '# TYPE http_requests_total counter',
    ];
    const dur: string[] = [
      '# HELP http_request_duration_seconds Request latency.',
      '# TYPE http_request_duration_seconds histogram',
    ];
    for (const [key, s] of this.series) {
      const [ns, name] = key.split('/');
      for (const [role, c] of Object.entries(s.roles)) {
        if (!c) continue;
        const l = `namespace="${ns}",rollout="${name}",role="${role}"`;
        req.push(`http_requests_total{${l},code="200"} ${Math.floor(c.ok)}`);
        req.push(`http_requests_total{${l},code="${c.errorCode}"} ${Math.floor(c.errors)}`);
        LATENCY_BUCKETS.forEach((le, i) =>
          dur.push(`http_request_duration_seconds_bucket{${l},le="${le}"} ${Math.floor(c.buckets[i])}`),
        );
        const count = Math.floor(c.ok + c.errors);
        dur.push(`http_request_duration_seconds_bucket{${l},le="+Inf"} ${count}`);
        dur.push(`http_request_duration_seconds_sum{${l}} ${c.sum.toFixed(3)}`);
        dur.push(`http_request_duration_seconds_count{${l}} ${count}`);
      }
    }
    return `${req.join('\n')}\n${dur.join('\n')}\n`;
  }
}

// medians repeat across Rollouts and scrapes (a few per release and fault): compute each bucket row once
const cdfRows = new Map<number, number[]>();
const MAX_CACHED_ROWS = 10_000;

/** P(X <= le) for every bucket, for a latency distribution with this median. */
function bucketCdf(median: number): number[] {
  let row = cdfRows.get(median);
  if (!row) {
    if (cdfRows.size >= MAX_CACHED_ROWS) cdfRows.clear();
    row = LATENCY_BUCKETS.map((le) => lognormalCdf(le, median));
    cdfRows.set(median, row);
  }
  return row;
}

/** P(X <= x) for a log-normal with the given median and LATENCY_SIGMA. */
function lognormalCdf(x: number, median: number): number {
  return 0.5 * (1 + erf(Math.log(x / median) / (LATENCY_SIGMA * Math.SQRT2)));
}

// Abramowitz–Stegun 7.1.26, max error 1.5e-7: plenty for simulated histograms
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
