import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { KubeconfigError, loadKubeconfig } from './kubeconfig.loader.js';

function kubeconfig(overrides: Record<string, unknown> = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'eu-1',
        cluster: {
          server: 'https://eu-1.k8s.example:6443',
          'certificate-authority-data': Buffer.from('CA').toString('base64'),
        },
      },
      { name: 'sim', cluster: { server: 'http://127.0.0.1:1234/clusters/sim' } },
    ],
    users: [{ name: 'ringmaster', user: { token: 'tok' } }],
    contexts: [
      { name: 'eu-1', context: { cluster: 'eu-1', user: 'ringmaster' } },
      { name: 'sim', context: { cluster: 'sim', user: 'ringmaster' } },
      { name: 'broken', context: { cluster: 'missing', user: 'ringmaster' } },
      { name: 'nouser', context: { cluster: 'eu-1', user: 'missing' } },
    ],
    'current-context': 'eu-1',
    ...overrides,
  });
}

describe('loadKubeconfig', () => {
  it('uses the current context by default', () => {
    const out = loadKubeconfig({ kind: 'inline', kubeconfig: kubeconfig() });
    expect(out).toMatchObject({ context: 'eu-1', server: 'https://eu-1.k8s.example:6443', plainHttp: false });
    expect(out.kubeConfig.getCurrentUser()?.token).toBe('tok');
  });

  it('switches to the named context and accepts a plain-http server as kubectl does', () => {
    const out = loadKubeconfig({ kind: 'inline', kubeconfig: kubeconfig(), context: 'sim' });
    expect(out).toMatchObject({ context: 'sim', server: 'http://127.0.0.1:1234/clusters/sim', plainHttp: true });
    expect(out.kubeConfig.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });

  it('reads a kubeconfig file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kc-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, kubeconfig());
    expect(loadKubeconfig({ kind: 'path', path: file }).context).toBe('eu-1');
  });

  it.each([
    {
      name: 'unknown context',
      creds: { kind: 'inline', kubeconfig: kubeconfig(), context: 'nope' },
      code: 'CONTEXT_NOT_FOUND',
      message: /context "nope" not found.*eu-1, sim/,
    },
    {
      name: 'no current context',
      creds: { kind: 'inline', kubeconfig: kubeconfig({ 'current-context': '' }) },
      code: 'NO_CURRENT_CONTEXT',
      message: /no current-context/,
    },
    {
      name: 'context names a missing cluster',
      creds: { kind: 'inline', kubeconfig: kubeconfig(), context: 'broken' },
      code: 'CLUSTER_NOT_FOUND',
      message: /cluster "missing"/,
    },
    {
      name: 'context names a missing user',
      creds: { kind: 'inline', kubeconfig: kubeconfig(), context: 'nouser' },
      code: 'USER_NOT_FOUND',
      message: /user "missing"/,
    },
    {
      name: 'not YAML',
      creds: { kind: 'inline', kubeconfig: 'clusters: [' },
      code: 'KUBECONFIG_INVALID',
      message: /not valid/,
    },
    {
      name: 'server is not a URL',
      creds: {
        kind: 'inline',
        kubeconfig: kubeconfig({ clusters: [{ name: 'eu-1', cluster: { server: 'eu-1:6443/x y' } }] }),
      },
      code: 'INVALID_SERVER_URL',
      message: /server must be http\(s\)|invalid server URL/,
    },
    {
      name: 'missing file',
      creds: { kind: 'path', path: '/nonexistent/kubeconfig' },
      code: 'KUBECONFIG_UNREADABLE',
      message: /ENOENT/,
    },
  ] as const)('rejects: $name', ({ creds, code, message }) => {
    let error: unknown;
    try {
      loadKubeconfig(creds);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeconfigError);
    expect((error as KubeconfigError).code).toBe(code);
    expect((error as KubeconfigError).message).toMatch(message);
    expect((error as KubeconfigError).message).not.toContain('tok');
  });
});
