import type { TrainStore } from '@ringmaster/persistence';
import type { PassReport, TrainReconciler } from './train.reconciler.js';

/** Tunables of the loop. */
export interface ReconcileLoopOptions {
  /** how often to look for due trains */
  intervalMs: number;
  /** trains reconciled at the same time by this replica */
  concurrency: number;
  /** due trains fetched per tick */
  batch: number;
}

export const DEFAULT_LOOP_OPTIONS: ReconcileLoopOptions = { intervalMs: 1_000, concurrency: 8, batch: 100 };

/** Told the wall time (ms) of every pass the loop runs, whatever it did, a pass that threw included (metrics). */
export type PassDurationObserver = (ms: number) => void;

/**
 * Drives every active train: each tick picks the trains due (active, nextReconcileAt <= now) and runs their passes,
 * at most `concurrency` at a time and never two passes of one train at once in this replica. Leases (taken in each
 * pass) keep other replicas off; a dead replica's leases expire and its trains are picked up here. `wake` runs a
 * train at once after a command.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<string>();
  private ticking: Promise<void> | undefined;
  private stopped = true;
  /** a pass that threw (database down...): the train is simply picked again on a later tick */
  lastError: unknown;

  constructor(
    private readonly store: TrainStore,
    private readonly reconciler: TrainReconciler,
    private readonly clock: () => number,
    private readonly options: ReconcileLoopOptions = DEFAULT_LOOP_OPTIONS,
    private readonly onPass: PassDurationObserver = () => {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  /** Stops ticking and waits for passes in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One tick: runs every due train's pass (bounded). Overlapping calls share the tick in flight. */
  tick(): Promise<void> {
    if (!this.ticking) {
      this.ticking = this.runDue().finally(() => (this.ticking = undefined));
    }
    return this.ticking;
  }

  /** Makes a train due now and runs a tick (after a command or a watch event). */
  async wake(trainId: string): Promise<void> {
    await this.store.wake(trainId, this.clock());
    if (!this.stopped) void this.tick().then(() => this.tick());
  }

  /** Runs one pass of one train now (unless this replica is already running one). */
  async runOne(trainId: string): Promise<PassReport | undefined> {
    if (this.running.has(trainId)) return undefined;
    this.running.add(trainId);
    // a monotonic timer: `clock` is the trains' time, which a test may hold still
    const started = performance.now();
    try {
      return await this.reconciler.reconcile(trainId, this.clock());
    } catch (error) {
      this.lastError = error;
      return undefined;
    } finally {
      this.running.delete(trainId);
      this.onPass(performance.now() - started);
    }
  }

  private async runDue(): Promise<void> {
    let due: string[];
    try {
      due = (await this.store.due(this.clock(), this.options.batch)).filter((id) => !this.running.has(id));
    } catch (error) {
      this.lastError = error;
      return;
    }
    let next = 0;
    const worker = async () => {
      while (next < due.length) await this.runOne(due[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, worker));
  }
}
