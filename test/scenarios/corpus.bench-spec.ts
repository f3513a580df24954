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
import { runScenario, score, type Outcome } from './corpus.runner.js';
import { CORPUS } from './corpus.scenarios.js';

/**
 * The attribution corpus, run for real (fleet-sim + Prometheus + PGlite per scenario): not part of `npm test`
 * (`*.bench-spec.ts`), run by bench/attribution. Prints per-class precision and recall, then every miss.
 */
const CONCURRENCY = Number(process.env.CORPUS_CONCURRENCY ?? 2);

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
    const only = process.env.CORPUS_ONLY;
    const outcomes: Outcome[] = [];
    const chosen = CORPUS.filter((s) => !only || s.name.includes(only));
    // a few scenarios at a time: each mostly waits for its bake
    for (let from = 0; from < chosen.length; from += CONCURRENCY) {
      const batch = chosen.slice(from, from + CONCURRENCY);
      const results = await Promise.all(
        batch.map(async (scenario, j) => {
          const started = Date.now();
          const result = await runScenario(scenario, prisma, `s${from + j + 1}`);
          const misses = result.filter((o) => o.expected !== o.actual).length;
          process.stdout.write(
            `scenario "${scenario.name}": ${result.length - misses}/${result.length} right (${Date.now() - started} ms)\n`,
          );
          return result;
        }),
      );
      outcomes.push(...results.flat());
    }
    const rows = score(outcomes).map(
      (s) =>
        `${s.cls.padEnd(14)} precision ${s.precision.toFixed(2)}  recall ${s.recall.toFixed(2)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`,
    );
    const misses = outcomes
      .filter((o) => o.expected !== o.actual)
      .map(
        (o) =>
          `  ${o.scenario} / ${o.environment}: expected ${o.expected}, got ${o.actual} (${o.signature ?? 'no failure'}) ${(o.evidence ?? []).join(' | ')}`,
      );
    process.stdout.write(
      `\nattribution corpus: ${outcomes.length} environments\n${rows.join('\n')}\nmisses:\n${misses.join('\n') || '  none'}\n`,
    );
    expect(outcomes.length).toBeGreaterThan(0);
  }, 900_000);
});
