import type { FaultEffect, FaultScope, FaultSpec } from '../scenario/scenario.types.js';
import type { ApiFaultMode } from '../server/fleet.server.js';
import { parseDurationMs } from '../util/duration.js';

/** A fault with its resolved activation window (epoch ms). */
export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  from: number;
  until: number;
}

/** Where a workload runs, to match fault scopes against. */
export interface WorkloadRef {
  cluster: string;
  environment: string;
  tenant: string;
  component: string;
  image: string;
}

/** What a fault does to one workload's pods and traffic. */
export interface WorkloadEffect {
  pod?: FaultEffect;
  /** For slow-leak: ms a pod runs well before it degrades. */
  afterMs?: number;
  errorRate: number;
  latencyMs: number;
  /** The faults that apply (ids), for reports. */
  faults: string[];
}

const DEFAULT_ERROR_RATE = 0.25;
const DEFAULT_LATENCY_MS = 1500;
const DEFAULT_RETRY_AFTER_SECONDS = 2;

/**
 * The fleet's faults: scheduled (from the scenario timeline) and injected at runtime.
 * Every query is answered against the current time, so timed faults switch on and off by themselves;
 * `onChange` listeners hear about injections, clears and window edges (to re-evaluate workloads).
 */
export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private seq = 0;
  private readonly listeners = new Set<(f: ActiveFault) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** throttles' token buckets, by fault id */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a listener for fault windows opening and closing. */
  onChange(l: (f: ActiveFault) => void): void {
    this.listeners.add(l);
  }

  /** Adds a fault; `at` and `for` are relative to `base` (default now). Returns its id. */
  add(spec: FaultSpec, base = this.now()): ActiveFault {
    const from = base + (parseDurationMs(spec.at) ?? 0);
    const forMs = parseDurationMs(spec.for);
    const fault: ActiveFault = {
      id: spec.id ?? `fault-${++this.seq}`,
      spec,
      from,
      until: forMs === undefined ? Infinity : from + forMs,
    };
    this.faults.push(fault);
    this.schedule(fault, from);
    if (fault.until !== Infinity) this.schedule(fault, fault.until);
    return fault;
  }

  /** Removes every fault (or the one with `id`); listeners are told. */
  clear(id?: string): void {
    const removed = this.faults.filter((f) => id === undefined || f.id === id);
    this.faults = this.faults.filter((f) => !removed.includes(f));
    removed.forEach((f) => this.emit(f));
  }

  /** Faults whose window contains now. */
  active(): ActiveFault[] {
    const t = this.now();
    return this.faults.filter((f) => f.from <= t && t < f.until);
  }

  /** Every known fault, including future and expired ones. */
  all(): ActiveFault[] {
    return [...this.faults];
  }

  /**
   * The API fault of one request to a cluster now, if any. A throttle with `qps` is a rate limit: requests within it
   * are admitted (no fault), the rest are refused; without `qps` every request is.
   */
  apiFault(cluster: string): ApiFaultMode | undefined {
    for (const f of this.active()) {
      if (f.spec.kind !== 'api-outage' || f.spec.cluster !== cluster) continue;
      const mode = f.spec.mode ?? 'unavailable';
      if (mode !== 'throttle') return { mode };
      if (this.admitted(f, f.spec.qps ?? 0)) continue;
      return { mode, retryAfterSeconds: f.spec.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
    }
    return undefined;
  }

  /** True while a cluster's metrics cannot be scraped. */
  metricsOutage(cluster: string): boolean {
    return this.active().some((f) => f.spec.kind === 'metrics-outage' && f.spec.cluster === cluster);
  }

  /** True when an upgrade to `image` rotates the content-hashed Secret (a secret-rotation fault matches). */
  rotatesSecret(w: Omit<WorkloadRef, 'image'> & { image: string }): boolean {
    return this.active().some(
      (f) => f.spec.kind === 'secret-rotation' && w.image.includes(f.spec.match.image) && inScope(f.spec, w),
    );
  }

  /** Customer-code faults active now, by environment (their revision is what the environment runs). */
  customerChanges(): { environment: string; revision: string; fault: ActiveFault }[] {
    return this.active().flatMap((f) =>
      f.spec.kind === 'customer-code' ? [{ environment: f.spec.environment, revision: f.spec.revision, fault: f }] : [],
    );
  }

  /**
   * What the active faults do to a workload running `w.image`. `customerBroken` environments break whatever the image.
   * Release faults match when the image contains `match.image` (e.g. the version tag `2026.47.1`).
   */
  effectFor(w: WorkloadRef): WorkloadEffect {
    const out: WorkloadEffect = { errorRate: 0, latencyMs: 0, faults: [] };
    for (const f of this.active()) {
      const s = f.spec;
      if (s.kind === 'bad-release' && w.image.includes(s.match.image) && inScope(s, w)) {
        out.faults.push(f.id);
        if (s.effect === 'error-rate' || s.effect === 'slow-leak') out.errorRate += s.errorRate ?? DEFAULT_ERROR_RATE;
        if (s.effect === 'latency' || s.effect === 'slow-leak') out.latencyMs += s.latencyMs ?? DEFAULT_LATENCY_MS;
        if (s.effect === 'crashloop' || s.effect === 'oom' || s.effect === 'image-pull' || s.effect === 'slow-leak') {
          out.pod = s.effect;
          out.afterMs = parseDurationMs(s.after) ?? 0;
        }
      } else if (s.kind === 'image-pull' && w.image.includes(s.match.image) && inScope(s, w)) {
        out.faults.push(f.id);
        out.pod = 'image-pull';
      } else if (s.kind === 'customer-code' && s.environment === w.environment && inScope(s, w)) {
        out.faults.push(f.id);
        const effect = s.effect ?? 'error-rate';
        if (effect === 'error-rate') out.errorRate += s.errorRate ?? DEFAULT_ERROR_RATE;
        else if (effect === 'latency') out.latencyMs += DEFAULT_LATENCY_MS;
        else out.pod = effect;
      }
    }
    out.errorRate = Math.min(1, out.errorRate);
    return out;
  }

  /** Takes one request from a throttle's token bucket (`qps` per second, a burst of one second's worth, at least 1). */
  private admitted(f: ActiveFault, qps: number): boolean {
    if (qps <= 0) return false;
    const t = this.now();
    const burst = Math.max(1, qps);
    const bucket = this.buckets.get(f.id) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * qps);
    bucket.at = t;
    this.buckets.set(f.id, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Stops the window timers. */
  close(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
  }

  private schedule(f: ActiveFault, at: number): void {
    const delay = at - this.now();
    if (delay <= 0) {
      this.emit(f);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.emit(f);
    }, delay);
    t.unref();
    this.timers.add(t);
  }

  private emit(f: ActiveFault): void {
    for (const l of this.listeners) l(f);
  }
}

function inScope(scope: FaultScope, w: Omit<WorkloadRef, 'image'>): boolean {
  const has = (list: string[] | undefined, v: string) => list === undefined || list.length === 0 || list.includes(v);
  return (
    has(scope.clusters, w.cluster) &&
    has(scope.environments, w.environment) &&
    has(scope.tenants, w.tenant) &&
    has(scope.components, w.component)
  );
}
