import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  applyPendingMigrations,
  createPrismaClient,
  embeddedTestDatabase,
  openDatabase,
  type DatabaseHandle,
  type PrismaClient,
  type TestDatabase,
} from '@ringmaster/persistence';
import { runTrain, type TrainRun } from './corpus.engine-runner.js';
import { classTable, trainTable } from './corpus.report.js';
import { runScenario } from './corpus.runner.js';
import type { Outcome } from './corpus.score.js';
import { CORPUS } from './corpus.scenarios.js';
import type { CorpusScenario } from './corpus.types.js';

/**
 * The attribution corpus, run for real (fleet-sim + Prometheus per scenario, one embedded database): not part of
 * `npm test` (`*.bench-spec.ts`), run by bench/attribution. Two modes (CORPUS_MODE=direct|engine|both, default both):
 * direct — deploy, bake, BakeObserver + ReleaseAttributor on every target; engine — a real train through
 * TrainReconciler. Prints per-class precision and recall against the targets, then every miss, and for the engine
 * the halts, time to halt and exposure.
 */
const CONCURRENCY = Number(process.env.CORPUS_CONCURRENCY ?? 2);
const MODE = process.env.CORPUS_MODE ?? 'both';

/** Runs `run` over the scenarios, a few at a time (each mostly waits for its bake). */
async function batched<T>(
  scenarios: readonly CorpusScenario[],
  run: (scenario: CorpusScenario, prefix: string) => Promise<T>,
  line: (scenario: CorpusScenario, result: T, ms: number) => string,
  tag: string,
): Promise<T[]> {
  const results: T[] = [];
  for (let from = 0; from < scenarios.length; from += CONCURRENCY) {
    const batch = scenarios.slice(from, from + CONCURRENCY);
    const done = await Promise.all(
      batch.map(async (scenario, j) => {
        const started = Date.now();
        const result = await run(scenario, `${tag}${from + j + 1}`);
        process.stdout.write(`${line(scenario, result, Date.now() - started)}\n`);
        return result;
      }),
    );
    results.push(...done);
  }
  return results;
}

const right = (outcomes: readonly Outcome[]) => {
  const absorbed = outcomes.filter((o) => o.absorbed).length;
  const scored = outcomes.length - absorbed;
  const hits = outcomes.filter((o) => !o.absorbed && o.expected === o.actual).length;
  return `${hits}/${scored} right${absorbed > 0 ? ` (${absorbed} transient absorbed)` : ''}`;
};

describe('attribution corpus', () => {
  let testDb: TestDatabase;
  let db: DatabaseHandle;
  let prisma: PrismaClient;
  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    db = await openDatabase(testDb.config);
    await applyPendingMigrations(db);
    prisma = createPrismaClient(db);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await testDb?.drop();
  });

  it('attributes every labelled scenario and reports per-class precision and recall', async () => {
    // CORPUS_ONLY: substrings of scenario names, separated by '|'
    const only = process.env.CORPUS_ONLY?.split('|').filter((part) => part.length > 0) ?? [];
    const chosen = CORPUS.filter((s) => only.length === 0 || only.some((part) => s.name.includes(part)));
    const report: string[] = [`corpus: ${chosen.length} scenarios`];
    if (MODE === 'direct' || MODE === 'both') {
      const outcomes = await batched(
        chosen,
        (s, prefix) => runScenario(s, prisma, prefix),
        (s, result, ms) => `direct "${s.name}": ${right(result)} (${ms} ms)`,
        'd',
      );
      report.push(classTable('direct (deploy, bake, attribute every target)', outcomes.flat()));
    }
    if (MODE === 'engine' || MODE === 'both') {
      const runs: TrainRun[] = await batched(
        chosen,
        (s, prefix) => runTrain(s, prisma, prefix),
        (s, run, ms) => `engine "${s.name}": ${run.finalStatus}, ${right(run.outcomes)} exposed (${ms} ms)`,
        'e',
      );
      report.push(
        classTable(
          'engine (a train through TrainReconciler; exposed targets only)',
          runs.flatMap((r) => r.outcomes),
        ),
      );
      report.push(trainTable(chosen, runs));
    }
    process.stdout.write(`\n${report.join('\n\n')}\n`);
    expect(chosen.length).toBeGreaterThan(0);
  }, 1_800_000);
});
