import type { DeploymentObject, PodObject, ReplicaSetObject, RolloutObject } from '../kube/kube.types.js';

/** Realistic objects for unit tests, shaped like the Argo Rollouts CRD and what its controller writes. */

export const ROLLOUT_UID = '5b3c6a1e-2f0d-4c1b-9a57-0c2f3e4d5a6b';
export const OLD_IMAGE = 'registry.example/cms/author:2026.46.0';
export const NEW_IMAGE = 'registry.example/cms/author:2026.47.1';
export const STEPS = [{ setWeight: 25 }, { pause: { duration: '5m' } }, { setWeight: 50 }, { pause: {} }];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A Rollout of component `author` in namespace `acme-prod`, Healthy on OLD_IMAGE, with a sidecar. */
export function rollout(
  overrides: {
    spec?: DeepPartial<NonNullable<RolloutObject['spec']>>;
    status?: RolloutObject['status'];
    metadata?: RolloutObject['metadata'];
  } = {},
): RolloutObject {
  const base: RolloutObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'author',
      namespace: 'acme-prod',
      uid: ROLLOUT_UID,
      resourceVersion: '48213',
      generation: 7,
      labels: {
        'ringmaster.io/environment': 'acme-prod',
        'ringmaster.io/tenant': 'acme',
        'ringmaster.io/component': 'author',
        'ringmaster.io/cohort': 'early',
      },
      annotations: { 'ringmaster.io/customer-revision': 'a1b2c3d', 'rollout.argoproj.io/revision': '4' },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'author' } },
      template: {
        metadata: { labels: { app: 'author' } },
        spec: {
          containers: [
            {
              name: 'author',
              image: OLD_IMAGE,
              ports: [{ containerPort: 8080, name: 'http' }],
              envFrom: [
                { configMapRef: { name: 'author-config' } },
                { secretRef: { name: 'author-credentials-7f9c2' } },
              ],
              resources: { requests: { cpu: '500m', memory: '1Gi' } },
            },
            { name: 'log-shipper', image: 'registry.example/fluent-bit:3.1', args: ['--config', '/etc/fb.conf'] },
          ],
        },
      },
      strategy: {
        canary: {
          canaryMetadata: { labels: { role: 'canary' } },
          stableMetadata: { labels: { role: 'stable' } },
          steps: STEPS,
        },
      },
    },
    status: {
      phase: 'Healthy',
      observedGeneration: '7',
      currentPodHash: '6d8f7b9c5',
      stableRS: '6d8f7b9c5',
      currentStepIndex: 4,
      currentStepHash: '5f8d9c7b6',
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'Rollout is healthy' },
        { type: 'Healthy', status: 'True', reason: 'RolloutHealthy', message: 'Rollout is healthy' },
      ],
      canary: {},
    },
  };
  return {
    ...base,
    metadata: { ...base.metadata, ...overrides.metadata },
    spec: { ...base.spec, ...(overrides.spec as RolloutObject['spec']) },
    status: overrides.status === undefined ? base.status : { ...base.status, ...overrides.status },
  };
}

/** The same Rollout mid-update to NEW_IMAGE: paused at step 1 (after setWeight 25). */
export function pausedRollout(): RolloutObject {
  const ro = rollout({
    metadata: { generation: 8, resourceVersion: '48377' },
    status: {
      phase: 'Paused',
      message: 'CanaryPauseStep',
      observedGeneration: '8',
      currentPodHash: '7c9d8f6b4',
      stableRS: '6d8f7b9c5',
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-11-22T07:10:00Z' }],
      updatedReplicas: 1,
    },
  });
  ro.spec!.template!.spec!.containers![0].image = NEW_IMAGE;
  return ro;
}

/** A Rollout that holds its pod template in a Deployment. */
export function workloadRefRollout(): RolloutObject {
  const ro = rollout();
  delete ro.spec!.template;
  ro.spec!.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'author' };
  return ro;
}

/** The Deployment a workloadRef Rollout points at. */
export function deployment(image = OLD_IMAGE): DeploymentObject {
  const tpl = structuredClone(rollout().spec!.template!);
  tpl.spec!.containers![0].image = image;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'author', namespace: 'acme-prod', resourceVersion: '9911', generation: 2 },
    spec: { replicas: 0, selector: { matchLabels: { app: 'author' } }, template: tpl },
  };
}

/** A ReplicaSet the Rollout owns, for a revision and image, as the controller writes it (hash and role labels). */
export function replicaSet(
  revision: number,
  image: string,
  hash: string,
  opts: { secret?: string; owner?: string } = {},
): ReplicaSetObject {
  const tpl = structuredClone(rollout().spec!.template!);
  tpl.metadata = { labels: { app: 'author', 'rollouts-pod-template-hash': hash, role: 'stable' } };
  tpl.spec!.containers![0].image = image;
  if (opts.secret)
    tpl.spec!.containers![0].envFrom = [
      { configMapRef: { name: 'author-config' } },
      { secretRef: { name: opts.secret } },
    ];
  // defaulted by the API server in ReplicaSets, absent from the Rollout's template
  tpl.spec!.restartPolicy = 'Always';
  tpl.spec!.containers![0].imagePullPolicy = 'IfNotPresent';
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `author-${hash}`,
      namespace: 'acme-prod',
      labels: { app: 'author', 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'author',
          uid: opts.owner ?? ROLLOUT_UID,
          controller: true,
        },
      ],
    },
    spec: { replicas: 3, template: tpl },
  };
}

/** A pod with one container status. */
export function pod(name: string, status: NonNullable<PodObject['status']>['containerStatuses']): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'acme-prod' },
    status: { phase: 'Running', containerStatuses: status },
  };
}
