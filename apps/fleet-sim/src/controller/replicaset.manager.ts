import { isDeepStrictEqual } from 'node:util';
import type { K8sObject, Loose } from '../store/k8s.types.js';
import { PODS, REPLICASETS, SECRETS, CONFIGMAPS } from '../store/resource.registry.js';
import { safeHash } from '../sim/hash.js';
import {
  ANNOTATION_DESIRED_REPLICAS,
  ANNOTATION_REVISION,
  LABEL_COMPONENT,
  LABEL_POD_TEMPLATE_HASH,
} from '../sim/labels.js';
import { ANNOTATION_CREATED_MS, type ControllerContext } from './controller.context.js';
import { podState } from './pod.simulator.js';

/** Replica counts of one ReplicaSet after a sync. */
export interface RsCounts {
  replicas: number;
  ready: number;
  available: number;
  /** Earliest time a pod of it changes by itself. */
  nextChangeAt?: number;
}

/** The ReplicaSets a Rollout owns, in its namespace. */
export function ownedReplicaSets(ctx: ControllerContext, rollout: K8sObject): K8sObject[] {
  const uid = rollout.metadata.uid;
  return ctx.cluster.store
    .list(REPLICASETS, rollout.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === uid));
}

/** Revision annotation of a ReplicaSet (0 when absent). */
export function revisionOf(rs: K8sObject): number {
  return Number(rs.metadata.annotations?.[ANNOTATION_REVISION] ?? 0);
}

/** Creates the ReplicaSet for a pod template hash (replicas 0), owned by the Rollout, with the next revision. */
export function createReplicaSet(
  ctx: ControllerContext,
  rollout: K8sObject,
  template: Loose,
  hash: string,
  revision: number,
): K8sObject {
  const tpl = structuredClone(template);
  tpl.metadata = {
    ...(tpl.metadata ?? {}),
    labels: { ...(tpl.metadata?.labels ?? {}), [LABEL_POD_TEMPLATE_HASH]: hash },
  };
  const selector = rollout.spec?.selector ?? { matchLabels: {} };
  return ctx.cluster.store.create(REPLICASETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${rollout.metadata.name}-${hash}`,
      namespace: rollout.metadata.namespace,
      labels: { ...(tpl.metadata.labels ?? {}) },
      annotations: {
        [ANNOTATION_REVISION]: String(revision),
        [ANNOTATION_DESIRED_REPLICAS]: String(rollout.spec?.replicas ?? 1),
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: rollout.metadata.name,
          uid: rollout.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 0,
      minReadySeconds: rollout.spec?.minReadySeconds ?? 0,
      selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [LABEL_POD_TEMPLATE_HASH]: hash } },
      template: tpl,
    },
    status: { replicas: 0, observedGeneration: 1 },
  });
}

/** Sets the revision annotation (a rollback to an old ReplicaSet gives it the newest revision, as Argo does). */
export function setRevision(ctx: ControllerContext, rs: K8sObject, revision: number): K8sObject {
  if (revisionOf(rs) === revision) return rs;
  return ctx.cluster.store.replace(REPLICASETS, {
    ...rs,
    metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, [ANNOTATION_REVISION]: String(revision) } },
  });
}

/**
 * Scales a ReplicaSet to `replicas`, applies the role labels (stable/canary metadata) to it and its pods,
 * creates and deletes pods, refreshes each pod's simulated status and the ReplicaSet's status.
 */
export function syncReplicaSet(
  ctx: ControllerContext,
  rs: K8sObject,
  replicas: number,
  roleLabels: Record<string, string>,
): RsCounts {
  const store = ctx.cluster.store;
  const ns = rs.metadata.namespace!;
  const tplLabels = { ...(rs.spec!.template.metadata?.labels ?? {}), ...roleLabels };
  if (rs.spec!.replicas !== replicas || !isDeepStrictEqual(tplLabels, rs.spec!.template.metadata?.labels ?? {})) {
    rs = store.replace(REPLICASETS, {
      ...rs,
      spec: {
        ...rs.spec,
        replicas,
        template: { ...rs.spec!.template, metadata: { ...rs.spec!.template.metadata, labels: tplLabels } },
      },
    });
  }
  const uid = rs.metadata.uid;
  const pods = store.list(PODS, ns).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === uid));
  pods.sort((a, b) => created(a) - created(b));
  while (pods.length > replicas) {
    const victim = pods.pop()!;
    store.delete(PODS, ns, victim.metadata.name);
  }
  let seq = pods.length;
  while (pods.length < replicas) pods.push(createPod(ctx, rs, tplLabels, seq++));
  const container = rs.spec!.template.spec?.containers?.[0] ?? { name: 'app', image: '' };
  const component = rs.metadata.labels?.[LABEL_COMPONENT] ?? container.name;
  const effect = ctx.faults.effectFor({
    cluster: ctx.cluster.name,
    environment: ns,
    tenant: ctx.tenantOf(ns),
    component,
    image: container.image,
  });
  const missingRef = missingReference(ctx, ns, rs.spec!.template.spec);
  const counts: RsCounts = { replicas: pods.length, ready: 0, available: 0 };
  for (const pod of pods) {
    const st = podState({
      createdAt: created(pod),
      now: ctx.now,
      startMs: ctx.podStartMs,
      containerName: container.name,
      image: container.image,
      effect: effect.pod,
      afterMs: effect.afterMs,
      missingRef,
    });
    if (st.ready) {
      counts.ready++;
      counts.available++;
    }
    if (st.nextChangeAt !== undefined) counts.nextChangeAt = Math.min(counts.nextChangeAt ?? Infinity, st.nextChangeAt);
    const labels = { ...(pod.metadata.labels ?? {}), ...roleLabels };
    if (!isDeepStrictEqual(st.status, pod.status) || !isDeepStrictEqual(labels, pod.metadata.labels)) {
      let cur = pod;
      if (!isDeepStrictEqual(labels, pod.metadata.labels))
        cur = store.replace(PODS, { ...pod, metadata: { ...pod.metadata, labels } });
      if (!isDeepStrictEqual(st.status, pod.status)) store.replace(PODS, { ...cur, status: st.status }, 'status');
    }
  }
  const status = {
    replicas: counts.replicas,
    fullyLabeledReplicas: counts.replicas,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    observedGeneration: rs.metadata.generation,
  };
  if (!isDeepStrictEqual(status, rs.status)) store.replace(REPLICASETS, { ...rs, status }, 'status');
  return counts;
}

const created = (pod: K8sObject): number => Number(pod.metadata.annotations?.[ANNOTATION_CREATED_MS] ?? 0);

function createPod(ctx: ControllerContext, rs: K8sObject, labels: Record<string, string>, seq: number): K8sObject {
  const tpl = rs.spec!.template;
  return ctx.cluster.store.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.metadata.name}-${safeHash(`${rs.metadata.uid}/${seq}/${ctx.now}`).slice(0, 5)}`,
      namespace: rs.metadata.namespace,
      labels,
      annotations: { ...(tpl.metadata?.annotations ?? {}), [ANNOTATION_CREATED_MS]: String(ctx.now) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name,
          uid: rs.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...tpl.spec, nodeName: `${ctx.cluster.name}-node-${seq % 3}` },
    status: { phase: 'Pending' },
  });
}

/** The first Secret or ConfigMap a pod spec references that does not exist, as the kubelet words it. */
export function missingReference(ctx: ControllerContext, ns: string, spec: Loose | undefined): string | undefined {
  for (const ref of podReferences(spec)) {
    const type = ref.kind === 'secret' ? SECRETS : CONFIGMAPS;
    if (!ref.optional && !ctx.cluster.store.get(type, ns, ref.name)) return `${ref.kind} "${ref.name}"`;
  }
  return undefined;
}

/** Every Secret and ConfigMap a pod spec references (envFrom, env valueFrom, volumes). */
export function podReferences(
  spec: Loose | undefined,
): { kind: 'secret' | 'configmap'; name: string; optional: boolean }[] {
  const out: { kind: 'secret' | 'configmap'; name: string; optional: boolean }[] = [];
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) out.push({ kind: 'secret', name: e.secretRef.name, optional: !!e.secretRef.optional });
      if (e.configMapRef?.name)
        out.push({ kind: 'configmap', name: e.configMapRef.name, optional: !!e.configMapRef.optional });
    }
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      const m = e.valueFrom?.configMapKeyRef;
      if (s?.name) out.push({ kind: 'secret', name: s.name, optional: !!s.optional });
      if (m?.name) out.push({ kind: 'configmap', name: m.name, optional: !!m.optional });
    }
  }
  for (const v of spec?.volumes ?? []) {
    if (v.secret?.secretName) out.push({ kind: 'secret', name: v.secret.secretName, optional: !!v.secret.optional });
    if (v.configMap?.name) out.push({ kind: 'configmap', name: v.configMap.name, optional: !!v.configMap.optional });
  }
  return out;
}
