import type { DeploymentObject, RolloutAnalysisRunStatus, RolloutObject } from '../kube/kube.types.js';
import { ANNOTATION_WORKLOAD_GENERATION, RolloutPhase } from '../kube/kube.constants.js';
import {
  effectiveTemplate,
  isFullyPromoted,
  isPaused,
  pausedAtTimedStep,
  stepCount,
  templateImage,
} from '../kube/rollout.accessors.js';
import type { AnalysisResult, NormalizedPhase, RolloutStatusSnapshot } from './rollout-status.types.js';

const DEFAULT_REPLICAS = 1;
const FULL_WEIGHT = 100;
const FAILURE_REASONS = new Set(['ProgressDeadlineExceeded', 'RolloutAborted', 'InvalidSpec', 'ReplicaSetCreateError']);
const KNOWN_PHASES = new Set<string>(Object.values(RolloutPhase));

/**
 * Normalizes a Rollout into `RolloutStatusSnapshot`. Phase and message follow Argo's client-side
 * `GetRolloutPhase` (utils/rollout/rolloututil.go): an unobserved spec or an unpause in flight is Progressing,
 * whatever the (stale) `status.phase` says.
 */
export function normalizeRolloutStatus(
  rollout: RolloutObject,
  component: string,
  deployment?: DeploymentObject,
): RolloutStatusSnapshot {
  const status = rollout.status ?? {};
  const specObserved = isSpecObserved(rollout, deployment);
  const { phase, message } = rolloutPhase(rollout, specObserved);
  const fullyPromoted = isFullyPromoted(rollout);
  const aborted = status.abort === true;
  const image = templateImage(effectiveTemplate(rollout, deployment), component);
  const count = stepCount(rollout);
  return {
    phase,
    message,
    specObserved,
    paused: isPaused(rollout),
    resumesByItself: pausedAtTimedStep(rollout),
    aborted,
    fullyPromoted,
    step: count > 0 ? { index: Math.min(status.currentStepIndex ?? 0, count), count } : null,
    canaryWeight: canaryWeight(rollout, fullyPromoted, aborted),
    image,
    settled: phase === 'Healthy' && fullyPromoted && !aborted && image !== null,
    currentPodHash: status.currentPodHash ?? null,
    stablePodHash: status.stableRS ?? null,
    replicas: {
      desired: rollout.spec?.replicas ?? DEFAULT_REPLICAS,
      updated: status.updatedReplicas ?? 0,
      ready: status.readyReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    analysis: [
      ...analysis(status.canary?.currentStepAnalysisRunStatus, 'step'),
      ...analysis(status.canary?.currentBackgroundAnalysisRunStatus, 'background'),
    ],
    podSignals: [],
    failureReasons: (status.conditions ?? [])
      .filter((c) => c.reason !== undefined && FAILURE_REASONS.has(c.reason))
      .map((c) => c.reason!),
  };
}

/** True when the Rollout runs `image` for `component`, settled (the idempotency check of a deploy). */
export function runsImage(snapshot: RolloutStatusSnapshot, image: string): boolean {
  return snapshot.image === image && snapshot.settled;
}

function rolloutPhase(ro: RolloutObject, specObserved: boolean): { phase: NormalizedPhase; message: string | null } {
  if (!specObserved) return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  if (ro.status?.controllerPause === true && (ro.status.pauseConditions?.length ?? 0) === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  const reported = ro.status?.phase;
  if (reported) {
    return {
      phase: KNOWN_PHASES.has(reported) ? (reported as NormalizedPhase) : 'Unknown',
      message: ro.status?.message || null,
    };
  }
  return { phase: 'Unknown', message: ro.status ? 'controller has not reported a phase' : 'no status yet' };
}

/**
 * Argo's `isGenerationObserved` and `isWorkloadGenerationObserved`: a numeric observedGeneration must have caught up
 * with metadata.generation and, for a workloadRef Rollout, its status with the Deployment's generation. Argo's own
 * check compares the status with the workload-generation annotation its controller copies from the Deployment, which
 * lags a Deployment write: for that moment the old Healthy status would pass for the new template's (a crash-looping
 * release taken for healthy). So with the Deployment at hand, its own generation is what the status must reach.
 */
function isSpecObserved(ro: RolloutObject, deployment: DeploymentObject | undefined): boolean {
  if (!generationReached(ro.status?.observedGeneration, ro.metadata?.generation)) return false;
  if (!ro.spec?.workloadRef) return true;
  const annotated = ro.metadata?.annotations?.[ANNOTATION_WORKLOAD_GENERATION];
  const workload = deployment?.metadata?.generation ?? (annotated === undefined ? undefined : Number(annotated));
  return generationReached(ro.status?.workloadObservedGeneration, workload);
}

/** An observed generation (a string in Rollout status) caught up with `generation`; true when either is unknown. */
function generationReached(raw: string | undefined, generation: number | undefined): boolean {
  const observed = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  // a non-numeric observedGeneration (Rollouts v0.9 hashes) or no generation: nothing to compare, as in Argo
  if (!Number.isInteger(observed) || generation === undefined || !Number.isInteger(generation)) return true;
  return observed >= generation;
}

/** Traffic weight of the canary: reported weights (traffic routing), else the last `setWeight` step reached. */
function canaryWeight(ro: RolloutObject, fullyPromoted: boolean, aborted: boolean): number | null {
  if (fullyPromoted) return null;
  if (aborted) return 0;
  const reported = ro.status?.canary?.weights?.canary?.weight;
  if (reported !== undefined) return reported;
  const steps = ro.spec?.strategy?.canary?.steps;
  if (!steps || steps.length === 0) return null;
  const index = ro.status?.currentStepIndex ?? 0;
  if (index >= steps.length) return FULL_WEIGHT;
  for (let i = index; i >= 0; i--) {
    const w = steps[i]?.setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

function analysis(s: RolloutAnalysisRunStatus | undefined, kind: 'step' | 'background'): AnalysisResult[] {
  if (!s?.name) return [];
  return [{ name: s.name, kind, status: s.status ?? 'Pending', message: s.message || null, metrics: [] }];
}
