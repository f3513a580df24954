import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { type FleetSim, startFleetSim } from '../src/index.js';
import type { Loose } from '../src/store/k8s.types.js';
import { eventually, JSON_PATCH, kubeConfigFor, MERGE, ROLLOUT, smallScenario } from './fleet.fixture.js';

type Rollout = { metadata: { name: string; generation: number; resourceVersion: string }; spec: Loose; status: Loose };

/** The Argo Rollouts canary behaviour as `kubectl argo rollouts` drives it (the plugin's patches, sent with client-node). */
describe('simulated Argo Rollouts canary controller', () => {
  let sim: FleetSim;
  let custom: k8s.CustomObjectsApi;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    sim = await startFleetSim({
      scenario: smallScenario({
        environments: {
          list: [
            { name: 'acme-prod', cluster: 'eu-1', tenant: 'acme', replicas: 2 },
            {
              name: 'timed',
              cluster: 'eu-1',
              tenant: 'acme',
              replicas: 2,
              steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }],
            },
            { name: 'crashy', cluster: 'eu-1', tenant: 'globex', replicas: 2 },
            { name: 'rotating', cluster: 'eu-1', tenant: 'initech', replicas: 2 },
            { name: 'by-ref', cluster: 'eu-1', tenant: 'umbrella', replicas: 2, workloadRef: true },
          ],
        },
      }),
    });
    const kc = kubeConfigFor(sim.clusters[0]);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(async () => {
    await sim.close();
  });

  const get = (namespace: string, name = 'author') =>
    custom.getNamespacedCustomObject({ ...ROLLOUT, namespace, name }) as Promise<Rollout>;
  const until = (namespace: string, ok: (r: Rollout) => boolean, timeoutMs?: number) =>
    eventually(() => get(namespace), ok, timeoutMs);
  const setImage = (namespace: string, image: string) =>
    custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace,
        name: 'author',
        body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
      },
      JSON_PATCH,
    );
  const patchStatus = (namespace: string, status: Loose) =>
    custom.patchNamespacedCustomObjectStatus({ ...ROLLOUT, namespace, name: 'author', body: { status } }, MERGE);
  const healthy = (r: Rollout) => r.status?.phase === 'Healthy';
  const pausedAt = (index: number) => (r: Rollout) =>
    r.status?.phase === 'Paused' && r.status.currentStepIndex === index;

  it('deploys the initial revision straight to Healthy, with status as Argo writes it', async () => {
    const r = await until('acme-prod', healthy);
    expect(r.status).toMatchObject({
      observedGeneration: String(r.metadata.generation),
      currentStepIndex: 3,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(r.status.stableRS).toBe(r.status.currentPodHash);
    const types = Object.fromEntries(
      (r.status.conditions as { type: string; status: string }[]).map((c) => [c.type, c.status]),
    );
    expect(types).toMatchObject({ Available: 'True', Progressing: 'True', Healthy: 'True', Completed: 'True' });
  });

  it('walks setWeight then pauses indefinitely (CanaryPauseStep, controllerPause)', async () => {
    const before = await until('acme-prod', healthy);
    await setImage('acme-prod', 'cms/author:2026.47.0');
    const r = await until('acme-prod', pausedAt(1));
    expect(r.status.message).toBe('CanaryPauseStep');
    expect(r.status.controllerPause).toBe(true);
    expect(r.status.pauseConditions).toEqual([{ reason: 'CanaryPauseStep', startTime: expect.any(String) }]);
    expect(r.status.stableRS).toBe(before.status.stableRS);
    expect(r.status.currentPodHash).not.toBe(before.status.currentPodHash);
    expect(r.status.canary.weights.canary).toEqual({ weight: 50, podTemplateHash: r.status.currentPodHash });
    const rs = await apps.listNamespacedReplicaSet({
      namespace: 'acme-prod',
      labelSelector: `rollouts-pod-template-hash=${r.status.currentPodHash}`,
    });
    expect(rs.items[0].metadata?.annotations?.['rollout.argoproj.io/revision']).toBe('2');
    const canaryPods = await core.listNamespacedPod({
      namespace: 'acme-prod',
      labelSelector: 'app=author,role=canary',
    });
    expect(canaryPods.items).toHaveLength(1);
  });

  it('promote (clearing pauseConditions) finishes the steps and makes the canary stable', async () => {
    await patchStatus('acme-prod', { pauseConditions: null });
    const r = await until('acme-prod', (x) => healthy(x) && x.status.stableRS === x.status.currentPodHash);
    expect(r.status.currentStepIndex).toBe(3);
    expect(r.status.controllerPause).toBe(false);
    const pods = await core.listNamespacedPod({ namespace: 'acme-prod', labelSelector: 'app=author' });
    expect(pods.items.map((p) => p.status?.containerStatuses?.[0].image)).toEqual([
      'cms/author:2026.47.0',
      'cms/author:2026.47.0',
    ]);
    expect(pods.items.every((p) => p.metadata?.labels?.role === 'stable')).toBe(true);
  });

  it('abort sends traffic back to stable and degrades; retry starts the steps again', async () => {
    await setImage('acme-prod', 'cms/author:2026.48.0');
    await until('acme-prod', pausedAt(1));
    await patchStatus('acme-prod', { abort: true });
    const r = await until(
      'acme-prod',
      (x) => x.status.phase === 'Degraded' && x.status.availableReplicas === 2 && x.status.updatedReplicas === 0,
    );
    expect(r.status.message).toBe('RolloutAborted: Rollout aborted update to revision 3');
    expect(r.status.abortedAt).toEqual(expect.any(String));
    expect(r.status.currentStepIndex).toBe(0);
    expect(r.status.canary.weights.canary.weight).toBe(0);
    await patchStatus('acme-prod', { abort: false });
    await until('acme-prod', pausedAt(1));
  });

  it('full promote (status.promoteFull) skips the remaining steps', async () => {
    await patchStatus('acme-prod', { promoteFull: true });
    const r = await until('acme-prod', (x) => healthy(x) && x.status.stableRS === x.status.currentPodHash);
    expect(r.spec.template.spec.containers[0].image).toBe('cms/author:2026.48.0');
    expect(r.status.promoteFull).toBeUndefined();
  });

  it('undo (template from an older ReplicaSet) rolls back; to the stable ReplicaSet it is immediate', async () => {
    await setImage('acme-prod', 'cms/author:2026.49.0');
    const paused = await until('acme-prod', pausedAt(1));
    const rsList = await apps.listNamespacedReplicaSet({ namespace: 'acme-prod', labelSelector: 'app=author' });
    const stable = rsList.items.find(
      (rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === paused.status.stableRS,
    )!;
    const template = structuredClone(stable.spec!.template!) as Loose;
    delete template.metadata.labels['rollouts-pod-template-hash'];
    delete template.metadata.labels.role;
    await custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'acme-prod',
        name: 'author',
        body: [{ op: 'replace', path: '/spec/template', value: template }],
      },
      JSON_PATCH,
    );
    const r = await until('acme-prod', (x) => healthy(x) && x.status.currentPodHash === paused.status.stableRS);
    expect(r.status.currentStepIndex).toBe(3);
    expect(r.status.stableRS).toBe(paused.status.stableRS);
  });

  it('a timed pause ends by itself', async () => {
    await until('timed', healthy);
    await setImage('timed', 'cms/author:2026.47.0');
    await until('timed', (x) => x.status.phase === 'Paused');
    const r = await until('timed', (x) => healthy(x) && x.status.stableRS === x.status.currentPodHash, 10_000);
    expect(r.status.pauseConditions).toBeUndefined();
  });

  it('a crash-looping canary shows CrashLoopBackOff and goes Degraded after the progress deadline', async () => {
    const id = sim.injectFault({
      kind: 'bad-release',
      match: { image: '2026.50.0' },
      effect: 'crashloop',
      tenants: ['globex'],
    });
    await until('crashy', healthy);
    await setImage('crashy', 'cms/author:2026.50.0');
    const r = await until('crashy', (x) => x.status.phase === 'Degraded', 15_000);
    expect(r.status.message).toMatch(/^ProgressDeadlineExceeded: ReplicaSet "author-.*" has timed out progressing\.$/);
    const pods = await core.listNamespacedPod({ namespace: 'crashy', labelSelector: 'app=author,role=canary' });
    const cs = pods.items[0].status!.containerStatuses![0];
    expect(cs.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.restartCount).toBeGreaterThan(0);
    expect(cs.lastState?.terminated?.reason).toBe('Error');
    sim.clearFaults(id);
  });

  it('follows the Deployment behind workloadRef, and says which generation of it the status is of', async () => {
    const before = await until('by-ref', healthy);
    const deploymentBefore = await apps.readNamespacedDeployment({ namespace: 'by-ref', name: 'author' });
    expect(before.status.workloadObservedGeneration).toBe(String(deploymentBefore.metadata?.generation));
    await apps.patchNamespacedDeployment(
      {
        namespace: 'by-ref',
        name: 'author',
        body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'cms/author:2026.47.0' }],
      },
      JSON_PATCH,
    );
    const r = await until('by-ref', pausedAt(1));
    expect(r.status.currentPodHash).not.toBe(r.status.stableRS);
    expect(r.status.workloadObservedGeneration).toBe(String((deploymentBefore.metadata?.generation ?? 0) + 1));
    expect(sim.imageHistory('by-ref').map((h) => h.image)).toEqual(
      expect.arrayContaining(['cms/author:2026.46.0', 'cms/author:2026.47.0']),
    );
  });

  it('a secret-rotating upgrade deletes the old Secret, so rolling back leaves pods unable to start', async () => {
    sim.injectFault({ kind: 'secret-rotation', match: { image: '2026.51.0' } });
    const before = await until('rotating', healthy);
    const oldSecret = before.spec.template.spec.containers[0].envFrom.find((e: Loose) => e.secretRef).secretRef.name;
    await setImage('rotating', 'cms/author:2026.51.0');
    const after = await get('rotating');
    const newSecret = after.spec.template.spec.containers[0].envFrom.find((e: Loose) => e.secretRef).secretRef.name;
    expect(newSecret).not.toBe(oldSecret);
    expect((await core.readNamespacedSecret({ namespace: 'rotating', name: newSecret })).metadata?.name).toBe(
      newSecret,
    );
    expect((await core.readNamespacedSecret({ namespace: 'rotating', name: oldSecret }).catch((e) => e)).code).toBe(
      404,
    );
    await until('rotating', pausedAt(1));
    // abort scales the stable ReplicaSet back up; its new pod needs the deleted Secret
    await patchStatus('rotating', { abort: true });
    const pods = await eventually(
      () => core.listNamespacedPod({ namespace: 'rotating', labelSelector: 'app=author,role=stable' }),
      (l) =>
        l.items.some((p) => p.status?.containerStatuses?.[0].state?.waiting?.reason === 'CreateContainerConfigError'),
    );
    const waiting = pods.items.find((p) => p.status?.containerStatuses?.[0].state?.waiting)!;
    expect(waiting.status!.containerStatuses![0].state!.waiting!.message).toBe(`secret "${oldSecret}" not found`);
  });
});
