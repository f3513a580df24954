import { Injectable } from '@nestjs/common';
import { probeCluster, type ClusterCredentials } from '@ringmaster/clusters';
import { badUserInput } from '@ringmaster/domain';

/**
 * Checks, before a cluster is stored, that Ringmaster can drive it: the API answers, accepts the credentials and
 * serves Argo Rollouts. A failure is BAD_USER_INPUT on the credentials field, its message prefixed with the
 * probe's code (UNREACHABLE, UNAUTHORIZED, CRD_MISSING).
 */
@Injectable()
export class ClusterProber {
  async check(credentials: ClusterCredentials): Promise<void> {
    const result = await probeCluster(credentials);
    if (result.ok) return;
    const field = credentials.kind === 'inline' ? 'kubeconfig' : 'kubeconfigPath';
    throw badUserInput(field, `${result.code}: ${result.message}`);
  }
}
