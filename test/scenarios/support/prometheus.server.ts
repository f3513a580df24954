import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real Prometheus scraping fleet-sim clusters, for end-to-end tests. */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

/** What to scrape: one job per target URL (a fleet-sim `FleetCluster.metricsUrl`). */
export interface ScrapeTarget {
  job: string;
  url: string;
}

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';
const READY_TIMEOUT_MS = 20_000;

/** A free loopback TCP port. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The scrape configuration: every target at `interval`, `honor_labels` so the exposition's namespace label wins. */
export function scrapeConfig(targets: readonly ScrapeTarget[], interval = '1s'): string {
  const jobs = targets.map((t) => {
    const url = new URL(t.url);
    return [
      `  - job_name: ${JSON.stringify(t.job)}`,
      `    scrape_interval: ${interval}`,
      `    scrape_timeout: ${interval}`,
      `    honor_labels: true`,
      `    scheme: ${url.protocol.replace(':', '')}`,
      `    metrics_path: ${JSON.stringify(url.pathname)}`,
      `    static_configs:`,
      `      - targets: [${JSON.stringify(url.host)}]`,
    ].join('\n');
  });
  return `global:\n  scrape_interval: ${interval}\n  evaluation_interval: ${interval}\nscrape_configs:\n${jobs.join('\n')}\n`;
}

/**
 * Every job has been scraped at least once (`up` has a sample, 0 or 1). Prometheus applies its static targets a few
 * seconds after it reports ready; a bake that starts before that sees no traffic at all.
 */
async function scrapedEvery(url: string, targets: readonly ScrapeTarget[]): Promise<boolean> {
  const body = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count by (job) (up)')}`).then(
    (r) => (r.ok ? (r.json() as Promise<{ data?: { result?: { metric: { job?: string } }[] } }>) : undefined),
    () => undefined,
  );
  const scraped = new Set((body?.data?.result ?? []).map((r) => r.metric.job));
  return targets.every((t) => scraped.has(t.job));
}

/**
 * Starts /usr/bin/prometheus on a free loopback port with a generated config in a temp dir, waits until it is ready
 * and has scraped every target once, and returns how to stop it (the process is killed by its own pid and the dir removed).
 */
export async function startPrometheus(targets: readonly ScrapeTarget[], interval = '1s'): Promise<PrometheusServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringmaster-prom-'));
  writeFileSync(path.join(dir, 'prometheus.yml'), scrapeConfig(targets, interval));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && (await scrapedEvery(url, targets))) return { url, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`prometheus not ready in ${READY_TIMEOUT_MS} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
