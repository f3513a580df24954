import { unobservedReport, type BakeReport, type BakeRing } from '../telemetry/bake.types.js';

/** Judges a ring's bake telemetry; `BakeObserver` is the real one. Resolves or rejects (a rejection stops the clock). */
export interface RingBakeObserver {
  observe(ring: BakeRing, now: Date): Promise<BakeReport>;
}

/** For a service (or test) without Prometheus: every target unobserved, so rings bake by time only. */
export const NO_BAKE_TELEMETRY: RingBakeObserver = {
  async observe(ring) {
    return unobservedReport(ring, { undecided: false });
  },
};

/** Minimum time between two bake observations of one train's ring, by default. */
export const DEFAULT_BAKE_OBSERVE_INTERVAL_MS = 5_000;

/**
 * Bake telemetry for the reconciler, at most once per `intervalMs` per train and ring: within the interval the
 * last report is reused (its failures are already acted on; its "unreachable" keeps the clock stopped until the next
 * look). A ring with no target that has a Prometheus is never queried. An observer that rejects (a plan's template
 * that cannot be rendered, a bug) counts as metrics unreachable: the bake clock stops, nothing fails or passes.
 */
export class BakeTelemetry {
  private readonly last = new Map<string, { ring: string; at: number; report: BakeReport }>();
  /** the latest rejection, for diagnosis */
  lastError: unknown;

  constructor(
    private readonly observer: RingBakeObserver,
    private readonly intervalMs: number = DEFAULT_BAKE_OBSERVE_INTERVAL_MS,
  ) {}

  async observe(trainId: string, ring: BakeRing | undefined, now: number): Promise<BakeReport | undefined> {
    if (!ring || !ring.targets.some((t) => t.prometheusUrl)) {
      this.last.delete(trainId);
      return undefined;
    }
    const last = this.last.get(trainId);
    if (last && last.ring === ring.ring && now >= last.at && now - last.at < this.intervalMs) return last.report;
    const report = await this.observer.observe(ring, new Date(now)).catch((error: unknown) => {
      this.lastError = error;
      return unreachable(ring);
    });
    this.last.set(trainId, { ring: ring.ring, at: now, report });
    return report;
  }

  /** Drops what is kept for a train (it finished, or this replica lost it). */
  forget(trainId: string): void {
    this.last.delete(trainId);
  }
}

function unreachable(ring: BakeRing): BakeReport {
  return {
    ring: ring.ring,
    metricsUnreachable: true,
    silent: [],
    failures: new Map(),
    passed: new Set(),
    unobserved: [],
    verdicts: [],
    undecided: false,
  };
}
