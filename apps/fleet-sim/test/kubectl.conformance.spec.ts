import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type FleetSim, startFleetSim } from '../src/index.js';
import { smallScenario } from './fleet.fixture.js';

const run = promisify(execFile);
/** kubectl to use: $KUBECTL, else the one on PATH (CI installs Debian's `kubernetes-client`). */
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const MISSING = `kubectl not found (tried "${KUBECTL}"): install Debian's kubectl with \`apt-get install -y kubernetes-client\` or set KUBECTL to a kubectl binary`;

/** Proof that a real Kubernetes client accepts fleet-sim's wire format: kubectl over https with a bearer token. */
describe('kubectl against fleet-sim', () => {
  let sim: FleetSim;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    await run(KUBECTL, ['version', '--client']).catch((e) => {
      throw new Error(e.code === 'ENOENT' ? MISSING : `kubectl does not run: ${e.message}`);
    });
    dir = mkdtempSync(path.join(tmpdir(), 'fleet-kubectl-'));
    sim = await startFleetSim({ scenario: smallScenario(), tls: true, kubeconfigDir: dir });
    kubeconfig = sim.clusters[0].kubeconfigPath!;
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = async (...args: string[]) => (await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args])).stdout;

  it('lists Rollouts across namespaces with a set-based selector', async () => {
    const out = JSON.parse(
      await kubectl(
        'get',
        'rollouts',
        '-A',
        '-l',
        'ringmaster.io/tenant in (acme,globex),ringmaster.io/component=author',
        '-o',
        'json',
      ),
    );
    expect(out.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace).sort()).toEqual([
      'acme-prod',
      'globex-prod',
    ]);
  });

  it('gets one Rollout and reads its status with jsonpath', async () => {
    const out = await kubectl(
      'get',
      'ro',
      'author',
      '-n',
      'acme-prod',
      '-o',
      'jsonpath={.metadata.labels.ringmaster\\.io/tenant} {.status.observedGeneration}',
    );
    expect(out).toMatch(/^acme \d+$/);
  });

  it.each([
    ['merge', '{"spec":{"minReadySeconds":4}}', '4'],
    ['json', '[{"op":"replace","path":"/spec/minReadySeconds","value":5}]', '5'],
  ])('applies a %s patch', async (type, patch, expected) => {
    await kubectl('patch', 'rollout', 'author', '-n', 'acme-prod', '--type', type, '-p', patch);
    expect(await kubectl('get', 'rollout', 'author', '-n', 'acme-prod', '-o', 'jsonpath={.spec.minReadySeconds}')).toBe(
      expected,
    );
  });

  it('reports a 404 the way kubectl words it', async () => {
    const err = await kubectl('get', 'rollout', 'nope', '-n', 'acme-prod').catch((e) => e);
    expect(err.stderr).toContain('rollouts.argoproj.io "nope" not found');
  });

  it('watches Rollouts and sees a change', async () => {
    const child = spawn(KUBECTL, [
      '--kubeconfig',
      kubeconfig,
      'get',
      'rollouts',
      '-n',
      'globex-prod',
      '--watch',
      '-o',
      'jsonpath={.metadata.name}={.metadata.annotations.watched}{"\\n"}',
    ]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 10_000;
      while (!out.includes('author=')) {
        if (Date.now() > deadline) throw new Error(`no initial watch output: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await kubectl(
        'patch',
        'rollout',
        'author',
        '-n',
        'globex-prod',
        '--type',
        'merge',
        '-p',
        '{"metadata":{"annotations":{"watched":"yes"}}}',
      );
      while (!out.includes('author=yes')) {
        if (Date.now() > deadline) throw new Error(`watch did not show the change: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(out).toContain('author=yes');
    } finally {
      child.kill();
    }
  });
});
