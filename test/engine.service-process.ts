import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The service as its own operating-system process (`node apps/ringmaster/dist/main.js`, as `npm start` runs it), so
// that a test can SIGKILL it mid-pass and start another one on the same database.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'apps/ringmaster/dist/main.js');
const READY_TIMEOUT_MS = 120_000;
const OUTPUT_KEPT = 20_000;

/** Builds the service like `npm start` does (incremental: a few seconds when nothing changed). */
export function buildService(): void {
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A service process started by `startServiceProcess`. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** what it printed (the last OUTPUT_KEPT characters), for failure messages */
  output(): string;
  /** SIGKILL: no shutdown hook runs, whatever pass is in flight stops where it is */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (graceful: passes in flight finish) */
  stop(): Promise<void>;
}

/**
 * Starts `node apps/ringmaster/dist/main.js` with `env` (on top of PATH and HOME only) on a free port and waits
 * until /readyz answers 200. Call `buildService` first.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const running: ServiceProcess = {
    url,
    child,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return running;
    if (Date.now() > deadline) {
      await running.kill();
      throw new Error(`the service was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
