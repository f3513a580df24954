// fleet-sim in a child process for the engine bench, so the bench's CPU figures are the engine's alone. Started from
// the built CLI (apps/fleet-sim/dist/main.js) with a scenario file; read back through its control API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fleet-sim/dist/main.js');
const START_TIMEOUT_MS = 300_000;

/**
 * Starts fleet-sim on `scenario` (an object) and resolves once it listens: `{ url, control(path), clusters(), close() }`.
 * `clusters()` gives each cluster with its kubeconfig text.
 */
export async function startFleetSimProcess(scenario) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringmaster-bench-fleet-'));
  const file = path.join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--max-old-space-size=4096',
      MAIN,
      '--scenario',
      file,
      '--port',
      '0',
      '--kubeconfig-dir',
      path.join(dir, 'kube'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet-sim did not start:\n${output}`)), START_TIMEOUT_MS);
    const read = (chunk) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`fleet-sim exited with ${code}:\n${output}`)));
  });
  const control = async (route) => {
    const res = await fetch(`${url}/control${route}`);
    if (!res.ok) throw new Error(`fleet-sim control ${route}: ${res.status}`);
    return res.json();
  };
  return {
    url,
    control,
    /** CPU time (ms) fleet-sim has used so far, from /proc (Linux): tells whether the simulator was the bound. */
    cpuMs() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux)
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async clusters() {
      const list = await control('/clusters');
      return list.map((c) => ({ ...c, kubeconfig: readFileSync(c.kubeconfigPath, 'utf8') }));
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
