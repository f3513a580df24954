import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterCredentials } from './cluster-credentials.js';

/** Why credentials cannot be turned into a client (terminal: the user must fix the kubeconfig). */
export type KubeconfigErrorCode =
  | 'KUBECONFIG_UNREADABLE'
  | 'KUBECONFIG_INVALID'
  | 'CONTEXT_NOT_FOUND'
  | 'NO_CURRENT_CONTEXT'
  | 'CLUSTER_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'INVALID_SERVER_URL';

/** A kubeconfig that cannot be used, with a message that says what to fix. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
  constructor(
    readonly code: KubeconfigErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A validated kubeconfig, switched to the context to use. */
export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  context: string;
  /** The API server URL (may carry a path prefix). */
  server: string;
  /** True when the server is plain `http://` (no TLS at all). */
  plainHttp: boolean;
}

/**
 * Builds a client-node `KubeConfig` from credentials and checks it: readable, parseable, the context exists
 * (the given one, else the current one), its cluster and user exist, the server is an http(s) URL.
 * @throws KubeconfigError with a message naming what is wrong (never a secret value).
 */
export function loadKubeconfig(credentials: ClusterCredentials): LoadedKubeconfig {
  const text = credentials.kind === 'inline' ? credentials.kubeconfig : readKubeconfigFile(credentials.path);
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (e) {
    throw new KubeconfigError('KUBECONFIG_INVALID', `kubeconfig is not valid: ${firstLine(e)}`);
  }
  const contexts = kc.getContexts().map((c) => c.name);
  const context = credentials.context ?? kc.getCurrentContext();
  if (!context) {
    throw new KubeconfigError(
      'NO_CURRENT_CONTEXT',
      `kubeconfig has no current-context; name one of: ${contexts.join(', ') || '(none defined)'}`,
    );
  }
  const ctx = kc.getContextObject(context);
  if (!ctx) {
    throw new KubeconfigError(
      'CONTEXT_NOT_FOUND',
      `context "${context}" not found in kubeconfig; available: ${contexts.join(', ') || '(none)'}`,
    );
  }
  kc.setCurrentContext(context);
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster)
    throw new KubeconfigError(
      'CLUSTER_NOT_FOUND',
      `context "${context}" names cluster "${ctx.cluster}", which is not defined`,
    );
  if (ctx.user && !kc.getUser(ctx.user)) {
    throw new KubeconfigError('USER_NOT_FOUND', `context "${context}" names user "${ctx.user}", which is not defined`);
  }
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new KubeconfigError(
      'INVALID_SERVER_URL',
      `cluster "${cluster.name}" has an invalid server URL "${cluster.server}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KubeconfigError(
      'INVALID_SERVER_URL',
      `cluster "${cluster.name}" server must be http(s), got "${url.protocol}"`,
    );
  }
  const plainHttp = url.protocol === 'http:';
  if (plainHttp && !cluster.skipTLSVerify) {
    // kubectl accepts a plain-http server as written; client-node refuses it unless TLS verification is "skipped",
    // which means nothing without TLS. Mark it so, as kubectl would behave.
    const clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c));
    kc.loadFromOptions({ clusters, users: kc.users, contexts: kc.contexts, currentContext: context });
  }
  return { kubeConfig: kc, context, server: cluster.server.replace(/\/+$/, ''), plainHttp };
}

function readKubeconfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KubeconfigError(
      'KUBECONFIG_UNREADABLE',
      `cannot read kubeconfig file "${path}": ${(e as NodeJS.ErrnoException).code ?? firstLine(e)}`,
    );
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
