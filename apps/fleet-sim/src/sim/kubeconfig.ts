import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * Builds an ordinary kubeconfig for one virtual cluster (bearer token, server URL with the cluster path prefix).
 * With a CA certificate (https) it carries `certificate-authority-data`; over plain http it sets
 * `insecure-skip-tls-verify`, without which client-node refuses http (note kubectl never sends tokens over http).
 */
export function kubeconfigYaml(name: string, server: string, token: string, caCertPem?: string): string {
  const cluster = caCertPem
    ? { server, 'certificate-authority-data': Buffer.from(caCertPem).toString('base64') }
    : { server, 'insecure-skip-tls-verify': true };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
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
