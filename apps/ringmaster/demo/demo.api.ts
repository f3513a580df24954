import type { GraphQLRequest } from './graphql.transport.js';
import type { TrainApi } from './schema.probe.js';
import {
  attributionsOf,
  attributionsQuery,
  trainQuery,
  TRAIN_FIELDS_FOR_MUTATIONS,
  type AttributionView,
  type TrainView,
} from './train.queries.js';

/** A simulated cluster as the demo registers it. */
export interface ClusterToRegister {
  name: string;
  region: string;
  labels: Record<string, string>;
  kubeconfig: string;
}

/** The GraphQL operations the demo sends, each as a release manager or an admin would write it. */
export class DemoApi {
  constructor(
    private readonly request: GraphQLRequest,
    private readonly api: TrainApi,
  ) {}

  /** whether `train` reads events page by page (after a cursor) */
  get eventsPaged(): boolean {
    return this.api.events?.paged ?? false;
  }

  async registerCluster(cluster: ClusterToRegister): Promise<void> {
    await this.request(`mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`, {
      input: {
        name: cluster.name,
        region: cluster.region,
        labels: Object.entries(cluster.labels).map(([key, value]) => ({ key, value })),
        kubeconfig: cluster.kubeconfig,
      },
    });
  }

  async discoverEnvironments(cluster: string): Promise<{ ok: boolean; upserted: number; message: string | null }> {
    const data = await this.request<{
      discoverEnvironments: { ok: boolean; upserted: number; message: string | null };
    }>(`mutation($cluster: String!) { discoverEnvironments(cluster: $cluster) { ok upserted message } }`, { cluster });
    return data.discoverEnvironments;
  }

  async environmentCount(filter: Record<string, unknown> = {}): Promise<number> {
    const data = await this.request<{ environments: { totalCount: number } }>(
      `query($filter: EnvironmentFilter) { environments(filter: $filter, first: 1) { totalCount } }`,
      { filter },
    );
    return data.environments.totalCount;
  }

  async upsertRingPlan(input: object): Promise<void> {
    await this.request(`mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name revision } }`, {
      input,
    });
  }

  async createRelease(input: object): Promise<void> {
    await this.request(`mutation($input: CreateReleaseInput!) { createRelease(input: $input) { version } }`, { input });
  }

  async createTrain(releaseVersion: string, ringPlan: string): Promise<TrainView> {
    const data = await this.request<{ createTrain: TrainView }>(
      `mutation($input: CreateTrainInput!) { createTrain(input: $input) { ${TRAIN_FIELDS_FOR_MUTATIONS} } }`,
      { input: { releaseVersion, ringPlan, autoRollback: true } },
    );
    return data.createTrain;
  }

  async startTrain(id: string): Promise<TrainView> {
    const data = await this.request<{ startTrain: TrainView }>(
      `mutation($id: ID!) { startTrain(id: $id) { ${TRAIN_FIELDS_FOR_MUTATIONS} } }`,
      { id },
    );
    return data.startTrain;
  }

  async approveRing(trainId: string, ring: string): Promise<void> {
    await this.request(`mutation($id: ID!, $ring: String!) { approveRing(trainId: $id, ring: $ring) { status } }`, {
      id: trainId,
      ring,
    });
  }

  /** The train with its rings and, when the schema has them, its events after `after`. */
  async train(id: string, after: string | null): Promise<TrainView> {
    const data = await this.request<{ train: TrainView }>(
      trainQuery(this.api),
      this.api.events?.paged ? { id, after } : { id },
    );
    return data.train;
  }

  /** The train's attributions; undefined when the schema offers none. */
  async attributions(id: string): Promise<AttributionView[] | undefined> {
    const query = attributionsQuery(this.api);
    if (!query) return undefined;
    return attributionsOf(await this.request(query, { id }));
  }
}
