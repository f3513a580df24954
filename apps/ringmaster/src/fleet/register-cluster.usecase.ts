import { Inject, Injectable } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { encryptSecret } from '@ringmaster/clusters';
import { badUserInputs, conflict, type InputIssue } from '@ringmaster/domain';
import { isUniqueViolation } from '@ringmaster/persistence';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { checkClusterName, checkCredentials, checkLabels, checkPrometheusUrl } from './cluster-input.validator.js';
import type { RegisterClusterInput } from './cluster.model.js';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';
import { ClusterProber } from './cluster.prober.js';
import { ClusterConnections, type ClusterConnectionRow } from '../inventory/cluster.connections.js';

/**
 * registerCluster: checks the input and the kubeconfig, probes the cluster (ClusterProber), encrypts an inline kubeconfig (bound to the cluster name),
 * and stores the cluster. A name in use is a CONFLICT.
 */
@Injectable()
export class RegisterCluster {
  constructor(
    private readonly clusters: ClusterRepository,
    private readonly prober: ClusterProber,
    @Inject(RINGMASTER_CONFIG) private readonly config: RingmasterConfig,
    @Inject(ClusterConnections) private readonly connections: ClusterConnections,
  ) {}

  async execute(input: RegisterClusterInput): Promise<ClusterRow> {
    const issues: InputIssue[] = [];
    checkClusterName(input.name, issues);
    const labels = checkLabels(input.region, input.labels ?? [], issues);
    checkPrometheusUrl(input.prometheusUrl, issues);
    const credentials = checkCredentials(input, issues);
    if (credentials?.kind === 'inline' && !this.config.encryptionKey) {
      issues.push({
        field: 'kubeconfig',
        message: 'the server has no RINGMASTER_ENCRYPTION_KEY to store it encrypted; use kubeconfigPath',
      });
    }
    if (issues.length > 0 || !credentials) throw badUserInputs(issues);
    if (await this.clusters.findByName(input.name)) throw conflict(`cluster "${input.name}" is registered already`);
    await this.prober.check(credentials);
    let row: ClusterRow;
    try {
      row = await this.clusters.create(input.name, {
        region: input.region,
        labels,
        kubeconfigEncrypted:
          credentials.kind === 'inline'
            ? encryptSecret(this.config.encryptionKey!, credentials.kubeconfig, input.name)
            : null,
        kubeconfigPath: credentials.kind === 'path' ? credentials.path : null,
        context: credentials.context ?? null,
        prometheusUrl: input.prometheusUrl ?? null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`cluster "${input.name}" is registered already`);
      }
      throw error;
    }
    // watch it and discover its environments at once (also retried by the periodic sync)
    await this.connections.connect(row as ClusterConnectionRow);
    return row;
  }
}
