/** The one normalized view of a Rollout the engine reads. */

/** Argo's phases, plus `Unknown` when the controller has not reported one yet. */
export type NormalizedPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded' | 'Unknown';

/** An AnalysisRun the Rollout reports (step or background analysis). */
export interface AnalysisResult {
  name: string;
  kind: 'step' | 'background';
  /** Argo's AnalysisPhase: Pending, Running, Successful, Failed, Error, Inconclusive. */
  status: string;
  message: string | null;
  /** Per-metric results, when the AnalysisRun itself was read (`diagnose`); empty otherwise. */
  metrics: { name: string; phase: string; message: string | null }[];
}

/** Kinds of pod trouble that tell what went wrong. */
export type PodFailureKind =
  'CrashLoopBackOff' | 'ImagePullBackOff' | 'OOMKilled' | 'CreateContainerConfigError' | 'Restarts';

/** One kind of pod trouble among a set of pods (aggregated). */
export interface PodFailureSignal {
  kind: PodFailureKind;
  /** Pods showing it. */
  pods: number;
  /** Total restarts of the containers showing it. */
  restarts: number;
  /** One message as the kubelet wrote it, for evidence. */
  message: string | null;
}

/** A Rollout's state, normalized. Built purely from the observed Rollout (and its workloadRef Deployment). */
export interface RolloutStatusSnapshot {
  phase: NormalizedPhase;
  message: string | null;
  /** The controller has seen the current spec (`status.observedGeneration` = `metadata.generation`). */
  specObserved: boolean;
  paused: boolean;
  /** Paused only at a canary pause step with a duration: the controller goes on by itself, no promote needed. */
  resumesByItself: boolean;
  aborted: boolean;
  /** Stable = desired: no update in flight. */
  fullyPromoted: boolean;
  /** Canary step progress; null without steps. `index` = steps done (Argo's currentStepIndex), 0..count. */
  step: { index: number; count: number } | null;
  /** Traffic percentage on the canary; null when no canary is in flight. */
  canaryWeight: number | null;
  /** Image of the component's container in the desired template; null when unknown (workloadRef not read). */
  image: string | null;
  /** True when the Rollout runs `image` settled: desired, observed, fully promoted, Healthy, not aborted. */
  settled: boolean;
  /** Pod-template-hash of the desired (canary) and stable ReplicaSets. */
  currentPodHash: string | null;
  stablePodHash: string | null;
  replicas: { desired: number; updated: number; ready: number; available: number };
  analysis: AnalysisResult[];
  /** Filled by `diagnose` (pods of the canary ReplicaSet); empty from a plain observation. */
  podSignals: PodFailureSignal[];
  /** Reasons of conditions that are failures, e.g. `ProgressDeadlineExceeded`, `RolloutAborted`. */
  failureReasons: string[];
}
