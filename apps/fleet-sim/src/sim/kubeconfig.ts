import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** Builds an ordinary kubeconfig for one virtual cluster (bearer token, server URL with the cluster path prefix). */
export function kubeconfigYaml(name: string, server: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses plain http unless TLS verification is off (there is no TLS to verify)
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes `<dir>/<name>.yaml` and returns its path. */
export function writeKubeconfig(dir: string, name: string, yaml: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml, { mode: 0o600 });
  return file;
}
