import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../bootstrap.js';
import { RingmasterMetrics } from './ringmaster.metrics.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

/** The value of one sample line, e.g. `ringmaster_trains{status="RUNNING"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(service: RunningService): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${service.url}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function insertTrains(service: RunningService, statuses: string[]): Promise<void> {
  await service.db.query(`INSERT INTO "Release" (id, version) VALUES ('r1', '2026.47.1')`);
  await service.db.query(`INSERT INTO "RingPlan" (id, name, "updatedAt") VALUES ('p1', 'default', now())`);
  for (const [i, status] of statuses.entries()) {
    await service.db.query(
      `INSERT INTO "Train" (id, "releaseId", "ringPlanId", "planSnapshot", status)
       VALUES ($1, 'r1', 'p1', '{}', $2::"TrainStatus")`,
      [`t${i}`, status],
    );
  }
}

describe.each(modes)('/metrics on %s', (_mode, makeDatabase) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function start(): Promise<RunningService> {
    const testDb = await makeDatabase();
    cleanups.push(() => testDb.drop());
    const service = await startService({ ...loadConfig({ PORT: '0' }), database: testDb.config });
    cleanups.push(() => service.close());
    return service;
  }

  it('counts trains by status from the database at every scrape, zero for statuses with none', async () => {
    const service = await start();
    const before = await scrape(service);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.text, 'ringmaster_trains{status="RUNNING"}')).toBe(0);

    await insertTrains(service, ['RUNNING', 'RUNNING', 'HALTED', 'COMPLETED']);
    const after = (await scrape(service)).text;
    expect(sample(after, 'ringmaster_trains{status="RUNNING"}')).toBe(2);
    expect(sample(after, 'ringmaster_trains{status="HALTED"}')).toBe(1);
    expect(sample(after, 'ringmaster_trains{status="COMPLETED"}')).toBe(1);
    expect(sample(after, 'ringmaster_trains{status="SCHEDULED"}')).toBe(0);
  });

  // what the engine, the cluster clients and the attributor record in a running service: test/train.api.e2e-spec.ts
  it('exposes pass durations in seconds and delivery counts, on a registry of its own per instance', async () => {
    const [a, b] = [await start(), await start()];
    const metrics = a.app.get(RingmasterMetrics);
    expect(metrics).not.toBe(b.app.get(RingmasterMetrics));
    metrics.observeReconcilePass(42);
    metrics.observeReconcilePass(300);
    metrics.countDelivery('WEBHOOK', 'delivered');
    metrics.countDelivery('SLACK', 'failed');

    const text = (await scrape(a)).text;
    expect(sample(text, 'ringmaster_reconcile_pass_duration_seconds_count')).toBe(2);
    expect(sample(text, 'ringmaster_reconcile_pass_duration_seconds_sum')).toBeCloseTo(0.342, 6);
    expect(sample(text, 'ringmaster_reconcile_pass_duration_seconds_bucket{le="0.05"}')).toBe(1);
    expect(sample(text, 'ringmaster_notification_deliveries_total{kind="WEBHOOK",outcome="delivered"}')).toBe(1);
    expect(sample(text, 'ringmaster_notification_deliveries_total{kind="SLACK",outcome="failed"}')).toBe(1);
    expect(text).toContain('process_cpu_seconds_total');

    const other = (await scrape(b)).text;
    expect(sample(other, 'ringmaster_reconcile_pass_duration_seconds_count')).toBe(0);
    expect(other).not.toContain('kind="WEBHOOK"');
  });

  it('answers 503, not partial figures, when the database is gone', async () => {
    const service = await start();
    await service.db.query('DROP TABLE "Train" CASCADE');
    const res = await scrape(service);
    expect(res.status).toBe(503);
    expect(res.text).toMatch(/^metrics unavailable: /);
  });
});
