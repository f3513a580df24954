import type { TrainRun } from './corpus.engine-runner.js';
import { score, type Outcome } from './corpus.score.js';
import { isBadRelease, type CorpusScenario } from './corpus.types.js';

/** The issue's targets, printed next to the numbers. */
export const TARGETS = {
  releasePrecision: 0.97,
  releaseRecall: 1,
  customerPrecision: 0.95,
  observerOutageHalts: 0,
  crashHaltMs: 3 * 60_000,
} as const;

const CRASH_EFFECTS = new Set(['crashloop', 'oom', 'image-pull']);

/** A release whose pods cannot run (crash loop, OOM, missing image, deleted Secret): the engine sees it at once. */
export function isCrashRelease(scenario: CorpusScenario): boolean {
  return (
    isBadRelease(scenario) &&
    (scenario.fleet.faults ?? []).some(
      (f) => f.kind === 'secret-rotation' || (f.kind === 'bad-release' && CRASH_EFFECTS.has(f.effect)),
    )
  );
}

/** An outage of what observes the fleet (Prometheus or a cluster's API). */
export function isObserverOutage(scenario: CorpusScenario): boolean {
  return (scenario.fleet.faults ?? []).some((f) => f.kind === 'metrics-outage' || f.kind === 'api-outage');
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Per-class precision and recall with the RELEASE and CUSTOMER_CODE targets, then every miss. */
export function classTable(title: string, outcomes: readonly Outcome[]): string {
  const scores = score(outcomes);
  const rows = scores.map(
    (s) =>
      `  ${s.cls.padEnd(14)} precision ${s.precision.toFixed(2)}  recall ${s.recall.toFixed(2)}  ` +
      `(tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`,
  );
  const release = scores.find((s) => s.cls === 'RELEASE')!;
  const customer = scores.find((s) => s.cls === 'CUSTOMER_CODE')!;
  const targets = [
    `  target RELEASE precision ≥ ${pct(TARGETS.releasePrecision)}: ${pct(release.precision)} ` +
      mark(release.precision >= TARGETS.releasePrecision),
    `  target RELEASE recall ${pct(TARGETS.releaseRecall)}: ${pct(release.recall)} ` +
      mark(release.recall >= TARGETS.releaseRecall),
    `  target CUSTOMER_CODE precision ≥ ${pct(TARGETS.customerPrecision)}: ${pct(customer.precision)} ` +
      mark(customer.precision >= TARGETS.customerPrecision),
  ];
  const absorbed = outcomes.filter((o) => o.absorbed);
  const misses = outcomes
    .filter((o) => o.expected !== o.actual && !o.absorbed)
    .map(
      (o) =>
        `  ${o.scenario} / ${o.environment}: expected ${o.expected}, got ${o.actual} ` +
        `(${o.signature ?? 'no failure'}) ${(o.evidence ?? []).join(' | ')}`,
    );
  return [
    `${title}: ${outcomes.length} environments`,
    ...rows,
    ...targets,
    `  TRANSIENT conditions absorbed (no failure, no halt; scored in no class): ${absorbed.length}` +
      (absorbed.length > 0 ? ` (${absorbed.map((o) => `${o.scenario} / ${o.environment}`).join('; ')})` : ''),
    'misses:',
    ...(misses.length > 0 ? misses : ['  none']),
  ].join('\n');
}

/** What the trains did: halts on good and bad releases, time to halt, exposure, rollback safety. */
export function trainTable(scenarios: readonly CorpusScenario[], runs: readonly TrainRun[]): string {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const halted = (r: TrainRun) => r.haltAfterMs !== undefined;
  const good = runs.filter((r) => !isBadRelease(byName.get(r.scenario)!));
  const bad = runs.filter((r) => isBadRelease(byName.get(r.scenario)!));
  const falseHalts = good.filter(halted);
  const missedHalts = bad.filter((r) => !halted(r));
  const outageHalts = runs.filter((r) => isObserverOutage(byName.get(r.scenario)!) && halted(r));
  const crash = bad.filter((r) => isCrashRelease(byName.get(r.scenario)!));
  const crashTimes = crash.filter(halted).map((r) => r.haltAfterMs!);
  const slowestCrash = crashTimes.length > 0 ? Math.max(...crashTimes) : undefined;
  const haltTimes = bad.filter(halted).map((r) => r.haltAfterMs!);
  const exposure = bad.filter(halted).map((r) => r.exposedShare);
  // the train can only have rolled back (and found unsafe) what it touched
  const unsafeWrong = runs.filter((r) => {
    const labelled = byName.get(r.scenario)!.rollbackUnsafe ?? [];
    const expected = r.exposed.filter((e) => labelled.includes(e)).sort();
    return [...r.rollbackUnsafe].sort().join(',') !== expected.join(',');
  });
  const perRun = runs.map(
    (r) =>
      `  ${r.scenario.padEnd(72)} ${r.finalStatus.padEnd(11)} ` +
      `${halted(r) ? `halt after ${(r.haltAfterMs! / 1000).toFixed(1)} s` : 'no halt'.padEnd(17)}  ` +
      `exposed ${pct(r.exposedShare)}${r.rollbackUnsafe.length > 0 ? `  ROLLBACK_UNSAFE ${r.rollbackUnsafe.length}` : ''}` +
      `${r.timedOut ? heldOrTimedOut(byName.get(r.scenario)!) : ''}`,
  );
  const held = runs.filter((r) => r.timedOut && byName.get(r.scenario)!.engineHolds !== undefined);
  const stuck = runs.filter((r) => r.timedOut && byName.get(r.scenario)!.engineHolds === undefined);
  const meantToHold = runs.filter((r) => byName.get(r.scenario)!.engineHolds !== undefined);
  const ms = (values: number[]) =>
    values.length === 0
      ? 'n/a'
      : `median ${(median(values) / 1000).toFixed(1)} s, max ${(Math.max(...values) / 1000).toFixed(1)} s`;
  return [
    `trains: ${runs.length} (${good.length} good releases, ${bad.length} bad)`,
    ...perRun,
    `  false-halt rate on good releases: ${pct(good.length === 0 ? 0 : falseHalts.length / good.length)} ` +
      `(${falseHalts.length}/${good.length}${falseHalts.length > 0 ? `: ${falseHalts.map((r) => r.scenario).join('; ')}` : ''})`,
    `  bad releases halted: ${bad.length - missedHalts.length}/${bad.length}` +
      `${missedHalts.length > 0 ? ` (not halted: ${missedHalts.map((r) => r.scenario).join('; ')})` : ''}`,
    `  time from first exposure to halt, bad releases: ${ms(haltTimes)}`,
    `  fleet exposed at the halt, bad releases: ${exposure.length === 0 ? 'n/a' : `mean ${pct(mean(exposure))}, max ${pct(Math.max(...exposure))}`}`,
    `  target no halt caused by an observer outage: ${outageHalts.length} ${mark(outageHalts.length === TARGETS.observerOutageHalts)}`,
    `  target crash-type releases halted within ${TARGETS.crashHaltMs / 60_000} min of first exposure: ` +
      `${crashTimes.length}/${crash.length} halted, slowest ${slowestCrash === undefined ? 'n/a' : `${(slowestCrash / 1000).toFixed(1)} s`} ` +
      mark(crashTimes.length === crash.length && (slowestCrash ?? 0) <= TARGETS.crashHaltMs),
    `  trains held, as intended (outages that must stop them): ${held.length}/${meantToHold.length}`,
    `  trains that did not finish in time although they should progress: ${stuck.length} ` +
      `${mark(stuck.length === 0)}${stuck.length > 0 ? ` (${stuck.map((r) => r.scenario).join('; ')})` : ''}`,
    `  ROLLBACK_UNSAFE reported as labelled: ${runs.length - unsafeWrong.length}/${runs.length}` +
      `${unsafeWrong.length > 0 ? ` (wrong: ${unsafeWrong.map((r) => `${r.scenario} [${r.rollbackUnsafe.join(',')}]`).join('; ')})` : ''}`,
  ].join('\n');
}

function heldOrTimedOut(scenario: CorpusScenario): string {
  return scenario.engineHolds ? `  held, as intended (${scenario.engineHolds})` : '  TIMED OUT';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
