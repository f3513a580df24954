import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// `npm run demo` as a newcomer runs it, on the small fleet: builds, starts fleet-sim and the service in one process,
// drives both trains over GraphQL and exits 0 only when the good release completed and the bad one was halted,
// attributed and rolled back. Its output is a pipe here, so it prints plain lines.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_TIMEOUT_MS = 300_000;

function runDemo(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run demo', () => {
  it(
    'carries a good release to everyone and halts, attributes and rolls back a crash-looping one',
    async () => {
      const { code, output } = await runDemo([], { DEMO_SCALE: 'small', DEMO_PORT: '0' });
      if (code !== 0) console.log(output);
      expect(code).toBe(0);

      // where to look, and how
      expect(output).toMatch(/Dashboard {2}http:\/\/127\.0\.0\.1:\d+\/\n/);
      expect(output).toMatch(/GraphQL {4}http:\/\/127\.0\.0\.1:\d+\/graphql\n/);
      expect(output).toMatch(/Authorization: Bearer demo-admin-[0-9a-f]{24}/);
      // the fleet, registered and discovered over GraphQL
      expect(output.match(/^registerCluster .* discoverEnvironments: 8 environments$/gm)).toHaveLength(6);
      expect(output).toContain('environments: 48 of 48 in the fleet');
      // the good train: progress per ring, the manual gate approved by the demo, completed
      expect(output).toMatch(/^ {2}internal +\[#{30}\] +6\/6 {2}PASSED +healthy 6$/m);
      expect(output).toMatch(/ring cohort waits at its MANUAL gate/);
      expect(output).toMatch(/RING_APPROVED +ring cohort approved/);
      expect(output).toMatch(/TRAIN_COMPLETED +train .* completed/);
      // the bad train: failures attributed with evidence, halted in the internal ring, rolled back there
      expect(output).toMatch(/TARGET_FAILED +internal-/);
      expect(output).toMatch(/^ {2}internal-[a-z0-9-]+ \(ring internal\): RELEASE, confidence 0\.\d\d/m);
      expect(output).toMatch(/^ {6}- Spread: 6 target\(s\) in 3 tenants across 6 clusters/m);
      // the reason is the engine's (budget exhausted, or the fleet signal that halts at once)
      expect(output).toMatch(/TRAIN_HALTED +train halted: .*ring internal/);
      expect(output).toMatch(/TRAIN_ROLLED_BACK/);
      expect(output).toMatch(/^ {2}internal +\[<{30}\] +6\/6 {2}ROLLED_BACK +rolled back 6$/m);
      // the verdict
      expect(output).toMatch(/good release 2026\.49\.0: COMPLETED in \d+:\d\d — 48 environments on it/);
      expect(output).toMatch(
        /bad release 2026\.49\.1: HALTED in ring internal and ROLLED_BACK in \d+:\d\d — 42 environments never got it/,
      );
      expect(output).toMatch(/demo wall time \d+:\d\d/);
      expect(output.trimEnd().endsWith('demo OK')).toBe(true);
      // a pipe gets plain lines, never cursor movement
      expect(output).not.toContain('\x1b[');
    },
    DEMO_TIMEOUT_MS,
  );

  it('refuses an unknown flag with the usage and exit code 2', async () => {
    const { code, output } = await runDemo(['--fast'], {});
    expect(code).toBe(2);
    expect(output).toMatch(/unknown argument "--fast"\nusage: npm run demo/);
  }, 120_000);
});
