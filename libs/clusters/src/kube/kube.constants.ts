/** Label, annotation and API coordinates Ringmaster relies on (shared/API.md, "Cluster conventions", and Argo's own). */

/** Prefix of Ringmaster's labels; an environment's selector labels are these keys without it. */
export const RINGMASTER_LABEL_PREFIX = 'ringmaster.io/';
export const LABEL_ENVIRONMENT = 'ringmaster.io/environment';
export const LABEL_TENANT = 'ringmaster.io/tenant';
export const LABEL_COMPONENT = 'ringmaster.io/component';
export const LABEL_COHORT = 'ringmaster.io/cohort';
export const ANNOTATION_CUSTOMER_REVISION = 'ringmaster.io/customer-revision';
/** The train and deploy attempt that last set a Rollout's image (stamped in the same patch as the image). */
export const ANNOTATION_TRAIN = 'ringmaster.io/train';
export const ANNOTATION_ATTEMPT = 'ringmaster.io/attempt';

/** Argo Rollouts' pod-template-hash label (`DefaultRolloutUniqueLabelKey`). */
export const LABEL_POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';
/** Argo Rollouts' revision annotation on ReplicaSets. */
export const ANNOTATION_REVISION = 'rollout.argoproj.io/revision';
/** The referenced workload's generation the Argo controller has seen, on a workloadRef Rollout. */
export const ANNOTATION_WORKLOAD_GENERATION = 'rollout.argoproj.io/workload-generation';
/** The pause condition of a canary `pause` step (`v1alpha1.PauseReasonCanaryPauseStep`). */
export const PAUSE_REASON_CANARY_STEP = 'CanaryPauseStep';

/** `kubectl.kubernetes.io/last-applied-configuration`: a copy of the object; dropped from cached objects. */
export const ANNOTATION_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export const ARGO_GROUP = 'argoproj.io';
export const ARGO_VERSION = 'v1alpha1';
export const ROLLOUTS_PLURAL = 'rollouts';
export const ANALYSISRUNS_PLURAL = 'analysisruns';

/** The Rollout phases Argo reports (`status.phase`). */
export const RolloutPhase = {
  Healthy: 'Healthy',
  Progressing: 'Progressing',
  Paused: 'Paused',
  Degraded: 'Degraded',
} as const;
export type RolloutPhase = (typeof RolloutPhase)[keyof typeof RolloutPhase];
