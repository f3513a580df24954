/**
 * The parts of Kubernetes and Argo Rollouts objects Ringmaster reads, as plain JSON (what the API server sends).
 * Every field is optional because a cluster may hold anything; readers must cope with absence.
 * Objects keep every field they arrive with: patches are built from observed objects, so nothing may be lost.
 */

/** `metadata` of any object. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
  creationTimestamp?: string;
  [key: string]: unknown;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** A reference to a key of a ConfigMap or Secret (`env[].valueFrom`). */
export interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

/** A container of a pod spec. */
export interface Container {
  name: string;
  image?: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef; [k: string]: unknown };
  }[];
  envFrom?: {
    configMapRef?: { name?: string; optional?: boolean };
    secretRef?: { name?: string; optional?: boolean };
  }[];
  [key: string]: unknown;
}

/** A volume of a pod spec (only the sources that reference ConfigMaps and Secrets are typed). */
export interface Volume {
  name: string;
  configMap?: { name?: string; optional?: boolean; [k: string]: unknown };
  secret?: { secretName?: string; optional?: boolean; [k: string]: unknown };
  projected?: {
    sources?: {
      configMap?: { name?: string; optional?: boolean; [k: string]: unknown };
      secret?: { name?: string; optional?: boolean; [k: string]: unknown };
      [k: string]: unknown;
    }[];
    [k: string]: unknown;
  };
  [key: string]: unknown;
}

/** A pod spec. */
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  imagePullSecrets?: { name?: string }[];
  [key: string]: unknown;
}

/** A pod template (`spec.template` of a Rollout, Deployment or ReplicaSet). */
export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: PodSpec;
}

/** `status.pauseConditions[]` of a Rollout. */
export interface PauseCondition {
  reason?: string;
  startTime?: string;
}

/** `status.canary.*AnalysisRunStatus` of a Rollout. */
export interface RolloutAnalysisRunStatus {
  name?: string;
  status?: string;
  message?: string;
}

/** A condition of a status (`type`, `status`, `reason`, `message`). */
export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** One step of `spec.strategy.canary.steps`. */
export interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
  analysis?: unknown;
  experiment?: unknown;
  setCanaryScale?: unknown;
  [key: string]: unknown;
}

/** An Argo Rollouts `Rollout` (argoproj.io/v1alpha1). */
export interface RolloutObject extends KubeObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    template?: PodTemplateSpec;
    workloadRef?: { apiVersion?: string; kind?: string; name?: string; scaleDown?: string };
    strategy?: {
      canary?: {
        steps?: CanaryStep[];
        canaryMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
        stableMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
        trafficRouting?: unknown;
        [k: string]: unknown;
      };
      blueGreen?: { [k: string]: unknown };
    };
    [key: string]: unknown;
  };
  status?: {
    phase?: string;
    message?: string;
    abort?: boolean;
    abortedAt?: string;
    promoteFull?: boolean;
    controllerPause?: boolean;
    pauseConditions?: PauseCondition[];
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    observedGeneration?: string;
    /** a workloadRef Rollout: the referenced Deployment's generation its status was reconciled with */
    workloadObservedGeneration?: string;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
    canary?: {
      weights?: { canary?: { weight?: number; podTemplateHash?: string }; stable?: { weight?: number } };
      currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
      currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
      [k: string]: unknown;
    };
    [key: string]: unknown;
  };
}

/** An apps/v1 `ReplicaSet`. */
export interface ReplicaSetObject extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplateSpec; [key: string]: unknown };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; [key: string]: unknown };
}

/** An apps/v1 `Deployment` (a Rollout's `workloadRef`). */
export interface DeploymentObject extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplateSpec; [key: string]: unknown };
}

/** `status.containerStatuses[]` of a pod. */
export interface ContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number; message?: string; finishedAt?: string } };
}

/** A core/v1 `Pod` (only status is read). */
export interface PodObject extends KubeObject {
  status?: {
    phase?: string;
    reason?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** An Argo Rollouts `AnalysisRun` (only status is read). */
export interface AnalysisRunObject extends KubeObject {
  status?: {
    phase?: string;
    message?: string;
    metricResults?: {
      name?: string;
      phase?: string;
      message?: string;
      successful?: number;
      failed?: number;
      error?: number;
      inconclusive?: number;
    }[];
  };
}

/** A list response. */
export interface KubeList<T extends KubeObject> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}
