import type { EnvironmentTarget, RolloutStatusSnapshot, TargetObservation } from '@ringmaster/clusters';

/** A Rollout settled Healthy on one up-to-date replica; `over` says what differs. */
export function statusSnapshot(over: Partial<RolloutStatusSnapshot> = {}): RolloutStatusSnapshot {
  return {
    phase: 'Healthy',
    message: null,
    specObserved: true,
    paused: false,
    resumesByItself: false,
    aborted: false,
    fullyPromoted: true,
    step: null,
    canaryWeight: null,
    image: null,
    settled: true,
    currentPodHash: null,
    stablePodHash: null,
    replicas: { desired: 1, updated: 1, ready: 1, available: 1 },
    analysis: [],
    podSignals: [],
    failureReasons: [],
    ...over,
  };
}

/** The driver's observation of a one-component target: its component with `status`, or none with `error`. */
export function singleComponentObservation(
  target: EnvironmentTarget,
  status: RolloutStatusSnapshot | null,
  error?: TargetObservation['error'],
): TargetObservation {
  const [c] = target.components;
  return {
    environment: target.environment,
    cluster: target.cluster,
    namespace: target.namespace,
    clusterHealth: null,
    components: error ? [] : [{ component: c.component, rollout: c.rollout, status, customerRevision: null }],
    ...(error ? { error } : {}),
  };
}
