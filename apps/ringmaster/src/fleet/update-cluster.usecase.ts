import { Inject, Injectable } from '@nestjs/common';
import type { RingmasterConfig } from '@ringmaster/config';
import { decryptSecret, encryptSecret } from '@ringmaster/clusters';
import { badUserInputs, notFound, type InputIssue } from '@ringmaster/domain';
import { RINGMASTER_CONFIG } from '../database/database.tokens.js';
import { toLabelList } from '../graphql/label.types.js';
import { checkCredentials, checkLabels, checkPrometheusUrl } from './cluster-input.validator.js';
import type { UpdateClusterInput } from './cluster.model.js';
import { ClusterRepository, type ClusterRow } from './cluster.repository.js';
import { ClusterProber } from './cluster.prober.js';
import { ClusterConnections, type ClusterConnectionRow } from '../inventory/cluster.connections.js';

/** updateCluster: changes what is given, re-checking the whole result as a registration would. */
@Injectable()
export class UpdateCluster {
  constructor(
    private readonly clusters: ClusterRepository,
    private readonly prober: ClusterProber,
    @Inject(RINGMASTER_CONFIG) private readonly config: RingmasterConfig,
    @Inject(ClusterConnections) private readonly connections: ClusterConnections,
  ) {}

  async execute(input: UpdateClusterInput): Promise<ClusterRow> {
    const current = await this.clusters.findByName(input.name);
    if (!current) throw notFound('cluster', input.name);
    const issues: InputIssue[] = [];
    const region = input.region ?? current.region;
    const extra = input.labels ?? toLabelList(current.labels).filter((l) => l.key !== 'region');
    const labels = checkLabels(region, extra, issues);
    const prometheusUrl = input.prometheusUrl === undefined ? current.prometheusUrl : input.prometheusUrl;
    checkPrometheusUrl(prometheusUrl, issues);
    const newCredentials = input.kubeconfig != null || input.kubeconfigPath != null;
    const key = this.config.encryptionKey;
    const credentials = checkCredentials(
      {
        kubeconfig: newCredentials
          ? input.kubeconfig
          : current.kubeconfigEncrypted && key
            ? decryptSecret(key, current.kubeconfigEncrypted, current.name)
            : null,
        kubeconfigPath: newCredentials ? input.kubeconfigPath : current.kubeconfigPath,
        context: input.context === undefined ? current.context : input.context,
      },
      issues,
    );
    if (credentials?.kind === 'inline' && !key) {
      issues.push({ field: 'kubeconfig', message: 'the server has no RINGMASTER_ENCRYPTION_KEY to store it' });
    }
    if (issues.length > 0 || !credentials) throw badUserInputs(issues);
    if (newCredentials || input.context !== undefined) await this.prober.check(credentials);
    const row = await this.clusters.update(input.name, {
      region,
      labels,
      kubeconfigEncrypted:
        credentials.kind === 'inline' ? encryptSecret(key!, credentials.kubeconfig, input.name) : null,
      kubeconfigPath: credentials.kind === 'path' ? credentials.path : null,
      context: credentials.context ?? null,
      prometheusUrl: prometheusUrl ?? null,
    });
    // reconnects when the credentials changed, and picks up new labels
    await this.connections.connect(row as ClusterConnectionRow);
    return row;
  }
}
