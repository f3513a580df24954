/** A duration: seconds as a number, or a string like `500ms`, `5s`, `2m`, `1h`. */
export type Duration = number | string;

/** One canary step, as in a Rollout's `spec.strategy.canary.steps`. */
export type CanaryStep =
  { setWeight: number } | { pause: { duration?: Duration } } | { analysis: { templates: { templateName: string }[] } };

/** A component of an environment: one Rollout. */
export interface ComponentSpec {
  name: string;
  replicas?: number;
}

/** One environment (a namespace holding one Rollout per component). */
export interface EnvironmentSpec {
  name: string;
  cluster: string;
  tenant: string;
  cohort?: string;
  components?: (string | ComponentSpec)[];
  replicas?: number;
  /** Requests per second over the whole environment (split evenly across components). */
  rps?: number;
  customerRevision?: string;
  /** Hold the pod template in a Deployment referenced by `workloadRef` instead of inline. */
  workloadRef?: boolean;
  /** Extra `ringmaster.io/<key>` labels. */
  labels?: Record<string, string>;
  steps?: CanaryStep[];
}

/** Many environments from a compact spec: names `<namePrefix>-0001`…, attributes assigned round-robin. */
export interface EnvironmentBatch {
  count: number;
  namePrefix: string;
  /** Clusters to spread over (default: all). */
  clusters?: string[];
  /** Tenants to assign round-robin; or `tenantCount` tenants named `<tenantPrefix>-NNN`. */
  tenants?: string[];
  tenantCount?: number;
  tenantPrefix?: string;
  cohorts?: string[];
  components?: (string | ComponentSpec)[];
  replicas?: number;
  /** A fixed rate, or a range spread log-uniformly (deterministically) across the batch. */
  rps?: number | { min: number; max: number };
  /** Share (0..1) of the batch that runs on `workloadRef` Deployments. */
  workloadRefShare?: number;
  customerRevision?: string;
  steps?: CanaryStep[];
}

/** Where a fault applies. Empty means everywhere. */
export interface FaultScope {
  clusters?: string[];
  environments?: string[];
  tenants?: string[];
  components?: string[];
}

/** How a broken workload behaves. */
export type FaultEffect = 'crashloop' | 'oom' | 'error-rate' | 'latency' | 'slow-leak' | 'image-pull';

/** A fault, injected at `at` after start (default now) and cleared after `for` (default: never). */
export type FaultSpec = FaultScope & {
  id?: string;
  at?: Duration;
  for?: Duration;
} & (
    | {
        /** A release is bad: pods whose image contains `match.image` (e.g. a version tag) misbehave. */
        kind: 'bad-release';
        match: { image: string };
        effect: FaultEffect;
        /** Extra error ratio (0..1) for error-rate / slow-leak. */
        errorRate?: number;
        /** Extra median latency in ms for latency / slow-leak. */
        latencyMs?: number;
        /** For slow-leak: how long a pod runs well before it degrades. */
        after?: Duration;
      }
    | {
        /** A customer deploys breaking code: the environment's customer revision changes and all its pods break. */
        kind: 'customer-code';
        environment: string;
        revision: string;
        effect?: FaultEffect;
        errorRate?: number;
      }
    | {
        kind: 'api-outage';
        cluster: string;
        mode?: 'unavailable' | 'timeout' | 'throttle';
        retryAfterSeconds?: number;
        /** throttle only: requests per second still admitted (a rate limit); 0 or absent refuses every request */
        qps?: number;
      }
    | { kind: 'metrics-outage'; cluster: string }
    | { kind: 'image-pull'; match: { image: string } }
    | {
        /** The upgrade to an image matching `match.image` rotates the component's content-hashed Secret and deletes the old one. */
        kind: 'secret-rotation';
        match: { image: string };
      }
  );

/** Simulator knobs (all durations accept seconds). */
export interface ScenarioSettings {
  /** Controller tick. Default 100 ms. */
  tick?: Duration;
  /** Time a pod takes to become ready. Default 1 s. */
  podStart?: Duration;
  /** Rollout `progressDeadlineSeconds` for generated Rollouts. Default 30. */
  progressDeadlineSeconds?: number;
  /** BOOKMARK interval on watches. Default 10 s. */
  bookmarkInterval?: Duration;
  /** Past changes kept per resource type for watch resume. */
  eventHistory?: number;
}

/** A fleet and what happens to it. */
export interface FleetScenario {
  name?: string;
  settings?: ScenarioSettings;
  platform: { version: string; imageTemplate?: string };
  clusters: { name: string; region: string; labels?: Record<string, string>; token?: string }[];
  canary?: { steps: CanaryStep[] };
  environments?: { generate?: EnvironmentBatch[]; list?: EnvironmentSpec[] };
  faults?: FaultSpec[];
}
