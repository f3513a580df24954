/** Environments and components as discovered from a cluster's Rollouts (shared/API.md, "Cluster conventions"). */

/** One Rollout of an environment. */
export interface DiscoveredComponent {
  /** `ringmaster.io/component`, else the Rollout's name. */
  component: string;
  rollout: string;
  namespace: string;
  /** The container a release sets (named like the component, else the first); null when not known. */
  container: string | null;
  image: string | null;
  /** Where the pod template lives: in the Rollout, or in the `workloadRef` Deployment. */
  template: 'inline' | 'workloadRef';
  /** The Deployment's name when `template` is `workloadRef`. */
  workloadRef: string | null;
  /** `ringmaster.io/customer-revision`, or null. */
  customerRevision: string | null;
}

/** One environment: the Rollouts of one namespace carrying the same `ringmaster.io/environment`. */
export interface DiscoveredEnvironment {
  name: string;
  cluster: string;
  namespace: string;
  tenant: string | null;
  cohort: string | null;
  /**
   * Labels for ring selectors: the Rollouts' `ringmaster.io/*` labels without the prefix (except `component`),
   * then the cluster's labels, then `cluster`.
   */
  labels: Record<string, string>;
  /** The first component's (in name order) customer revision that is set, or null. */
  customerRevision: string | null;
  components: DiscoveredComponent[];
}

/** An environment name found in more than one place: reported, never merged, left out of `environments`. */
export interface DuplicateEnvironment {
  name: string;
  locations: { cluster: string; namespace: string }[];
}

/** What discovery found in one cluster. */
export interface ClusterDiscovery {
  cluster: string;
  environments: DiscoveredEnvironment[];
  duplicates: DuplicateEnvironment[];
  /** Labelled Rollouts seen. */
  rollouts: number;
}
