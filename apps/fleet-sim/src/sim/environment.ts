import type { CanaryStep } from '../scenario/scenario.types.js';

/** One simulated environment as the simulator knows it (the cluster objects are the truth; this is the catalogue). */
export interface SimEnvironment {
  name: string;
  cluster: string;
  tenant: string;
  cohort?: string;
  components: { name: string; replicas: number }[];
  /** Requests per second over the whole environment. */
  rps: number;
  customerRevision: string;
  workloadRef: boolean;
  labels: Record<string, string>;
  /** Canary steps of this environment's Rollouts (default: the scenario's). */
  steps?: CanaryStep[];
}

/** One entry of an environment's image history. */
export interface ImageChange {
  at: string;
  component: string;
  image: string;
  /** What wrote it: `scenario` for the initial deploy, otherwise the API verb (`patch`, `update`, ...). */
  source: string;
}
