// What the engine bench measures around the real parts: target rows written by TrainStore.save, driver calls by
// method with the time each one answered (first and last), and CPU and memory per reconcile pass.
import { TrainStore } from '@ringmaster/persistence';
import { TrainTargetsReader } from '../dist/engine/train-targets.reader.js';

/**
 * CPU (ms) spent inside the phases of the current pass: target reads, driver observe calls, the save. Phases of one
 * pass run one after the other, so process CPU between a phase's start and end is that phase's (plus whatever the
 * process did meanwhile: watch events, GC).
 */
export const phaseCpu = { read: 0, observe: 0, save: 0 };

async function timed(phase, work) {
  const start = process.cpuUsage();
  try {
    return await work();
  } finally {
    phaseCpu[phase] += cpuMs(process.cpuUsage()) - cpuMs(start);
  }
}

/** A TrainTargetsReader that adds its CPU to `phaseCpu.read`. */
export class TimedTargetsReader extends TrainTargetsReader {
  read(...args) {
    return timed('read', () => super.read(...args));
  }
}

/** A TrainStore that counts the target rows each successful save writes, and notes the CPU when a save ends. */
export class CountingTrainStore extends TrainStore {
  targetWrites = 0;
  saves = 0;
  /** process.cpuUsage() right after the last save: splits a pass into "up to the save" and "applying" */
  cpuAfterSave = undefined;
  /** Date.now() right after the last save */
  wallAfterSave = undefined;

  async save(train, result, nextReconcileAt) {
    const saved = await timed('save', () => super.save(train, result, nextReconcileAt));
    if (saved.ok) {
      this.targetWrites += result.changes.targets.length;
      this.saves++;
    }
    this.cpuAfterSave = process.cpuUsage();
    this.wallAfterSave = Date.now();
    return saved;
  }
}

const WRITES = ['deploy', 'promote', 'promoteFull', 'abort', 'retry', 'rollback'];

/**
 * Wraps a RolloutDriver: counts calls by method, keeps, per method, when its last call answered (and its last call
 * that wrote: outcome `applied`), and counts the
 * Rollouts each write method was asked to change, per cluster.
 */
export function recordingDriver(driver) {
  const calls = {};
  const lastAnsweredAt = {};
  const lastAppliedAt = {};
  const firstAppliedAt = {};
  const firstAnsweredAt = {};
  const rolloutsByCluster = {};
  const seen = {};
  const wrapped = {};
  /** per method: the longest call (ms), and calls answered with an error, by its code */
  const slowest = {};
  const failures = {};
  /** per method: when each call answered */
  const answeredAt = {};
  for (const method of ['observe', 'checkRollbackSafety', 'diagnose', ...WRITES]) {
    wrapped[method] = async (...args) => {
      calls[method] = (calls[method] ?? 0) + 1;
      // each environment once: a re-issued write is no more work the rate limit has to let through
      if (WRITES.includes(method) && !(seen[method] ??= new Set()).has(args[0].environment)) {
        seen[method].add(args[0].environment);
        const byCluster = (rolloutsByCluster[method] ??= {});
        byCluster[args[0].cluster] = (byCluster[args[0].cluster] ?? 0) + args[0].components.length;
      }
      const started = Date.now();
      const result = await (method === 'observe'
        ? timed('observe', () => driver[method](...args))
        : driver[method](...args));
      const took = Date.now() - started;
      slowest[method] = Math.max(slowest[method] ?? 0, took);
      (answeredAt[method] ??= []).push(Date.now());
      const code = result?.error?.code;
      if (code !== undefined) {
        const byCode = (failures[method] ??= {});
        byCode[code] = (byCode[code] ?? 0) + 1;
      }
      lastAnsweredAt[method] = Date.now();
      firstAnsweredAt[method] ??= lastAnsweredAt[method];
      // a write that changed something (a re-issued write that found it done answers `noop`)
      if (result?.outcome === 'applied') {
        lastAppliedAt[method] = Date.now();
        firstAppliedAt[method] ??= lastAppliedAt[method];
      }
      return result;
    };
  }
  return {
    driver: wrapped,
    calls,
    lastAnsweredAt,
    lastAppliedAt,
    firstAppliedAt,
    firstAnsweredAt,
    rolloutsByCluster,
    slowest,
    failures,
    answeredAt,
    reset() {
      for (const k of Object.keys(answeredAt)) delete answeredAt[k];
      for (const k of Object.keys(slowest)) delete slowest[k];
      for (const k of Object.keys(failures)) delete failures[k];
      for (const k of Object.keys(lastAppliedAt)) delete lastAppliedAt[k];
      for (const k of Object.keys(firstAppliedAt)) delete firstAppliedAt[k];
      for (const k of Object.keys(firstAnsweredAt)) delete firstAnsweredAt[k];
      for (const k of Object.keys(calls)) delete calls[k];
      for (const k of Object.keys(lastAnsweredAt)) delete lastAnsweredAt[k];
      for (const k of Object.keys(rolloutsByCluster)) delete rolloutsByCluster[k];
      for (const k of Object.keys(seen)) delete seen[k];
    },
  };
}

const cpuMs = (u) => (u.user + u.system) / 1000;

/** CPU (ms) of a pass, split at the save, and the peak memory seen after passes. */
export class PassMeter {
  passes = [];
  peakRss = 0;
  peakHeap = 0;

  /** Runs `pass()` and records its CPU: whole, up to the end of its save, and after (applying actions). */
  async measure(store, pass) {
    store.cpuAfterSave = undefined;
    store.wallAfterSave = undefined;
    for (const k of Object.keys(phaseCpu)) phaseCpu[k] = 0;
    const start = process.cpuUsage();
    const wallStart = Date.now();
    const report = await pass();
    const end = process.cpuUsage();
    const total = cpuMs(end) - cpuMs(start);
    const toSave = store.cpuAfterSave ? cpuMs(store.cpuAfterSave) - cpuMs(start) : total;
    const memory = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, memory.rss);
    this.peakHeap = Math.max(this.peakHeap, memory.heapUsed);
    const wallToSave = store.wallAfterSave ? store.wallAfterSave - wallStart : undefined;
    const phases = { ...phaseCpu };
    this.passes.push({
      total,
      toSave,
      apply: total - toSave,
      phases,
      wallMs: Date.now() - wallStart,
      wallToSave,
      report,
    });
    return report;
  }
}

/** The p-th percentile (0..1) of `values` (nearest rank). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
