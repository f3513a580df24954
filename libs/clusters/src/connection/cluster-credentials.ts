/**
 * How Ringmaster reaches a cluster: an ordinary kubeconfig, inline or as a path readable by the server,
 * and optionally the context to use (the kubeconfig's current context otherwise).
 */
export type ClusterCredentials =
  | {
      kind: 'inline';
      /** The kubeconfig YAML itself (stored encrypted at rest: see `encryptSecret`). */
      kubeconfig: string;
      context?: string;
    }
  | {
      kind: 'path';
      /** A kubeconfig file on the server. Re-read whenever the client is rebuilt. */
      path: string;
      context?: string;
    };

/** A cluster as the cluster layer needs it: name, credentials and labels (`region` at least). */
export interface ClusterConnection {
  name: string;
  credentials: ClusterCredentials;
  /** The cluster's labels, e.g. `{ region: 'eu' }`; they become part of every environment's selector labels. */
  labels: Readonly<Record<string, string>>;
}

/** A stable fingerprint of credentials: a client is rebuilt when it changes. */
export function credentialsFingerprint(c: ClusterCredentials): string {
  return JSON.stringify(
    c.kind === 'inline' ? ['inline', c.kubeconfig, c.context ?? null] : ['path', c.path, c.context ?? null],
  );
}
