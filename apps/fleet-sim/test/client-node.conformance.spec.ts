import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { type FleetSim, startFleetSim } from '../src/index.js';
import type { Loose } from '../src/store/k8s.types.js';
import { eventually, JSON_PATCH, kubeConfigFor, MERGE, ROLLOUT, smallScenario } from './fleet.fixture.js';

type Obj = {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion: string;
    generation?: number;
    labels?: Record<string, string>;
  };
  spec: Loose;
  status?: Loose;
};

describe('fleet-sim speaks the Kubernetes API to @kubernetes/client-node', () => {
  let sim: FleetSim;
  let kc: k8s.KubeConfig;
  let custom: k8s.CustomObjectsApi;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    sim = await startFleetSim({ scenario: smallScenario() });
    kc = kubeConfigFor(sim.clusters[0]);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    await sim.close();
  });

  const getRollout = (namespace: string, name: string) =>
    custom.getNamespacedCustomObject({ ...ROLLOUT, namespace, name }) as Promise<Obj>;

  it('rejects a wrong bearer token with a 401 Status', async () => {
    const bad = new k8s.KubeConfig();
    bad.loadFromString(sim.clusters[0].kubeconfig.replace(sim.clusters[0].token, 'wrong-token'));
    const err = await bad
      .makeApiClient(k8s.CoreV1Api)
      .listNamespace()
      .catch((e) => e);
    expect(err).toBeInstanceOf(k8s.ApiException);
    expect(err.code).toBe(401);
    // client-node drops the body of a 401; read it directly
    const res = await fetch(`${sim.clusters[0].baseUrl}/api/v1/namespaces`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('answers API discovery for argoproj.io/v1alpha1 and the Rollout CRD', async () => {
    const res = await fetch(`${sim.clusters[0].baseUrl}/apis/argoproj.io/v1alpha1`, {
      headers: { authorization: `Bearer ${sim.clusters[0].token}` },
    });
    const list = (await res.json()) as { kind: string; resources: { name: string }[] };
    expect(list.kind).toBe('APIResourceList');
    expect(list.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['rollouts', 'rollouts/status', 'analysisruns']),
    );
    const crd = await kc
      .makeApiClient(k8s.ApiextensionsV1Api)
      .readCustomResourceDefinition({ name: 'rollouts.argoproj.io' });
    expect(crd.spec.names.kind).toBe('Rollout');
  });

  it.each([
    ['equality', 'ringmaster.io/tenant=acme', ['acme-prod/author', 'acme-prod/publish']],
    [
      'set-based in',
      'ringmaster.io/tenant in (acme,globex),ringmaster.io/component=author',
      ['acme-prod/author', 'globex-prod/author'],
    ],
    ['set-based notin', 'ringmaster.io/cohort notin (early),ringmaster.io/component=publish', ['globex-prod/publish']],
    ['existence', 'ringmaster.io/cohort,ringmaster.io/component=author', ['acme-prod/author', 'globex-prod/author']],
  ])('lists Rollouts across namespaces with a %s selector', async (_name, labelSelector, expected) => {
    const list = (await custom.listClusterCustomObject({ ...ROLLOUT, labelSelector })) as { items: Obj[] };
    expect(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(expected);
  });

  it('lists Rollouts in one namespace and reads one', async () => {
    const list = (await custom.listNamespacedCustomObject({ ...ROLLOUT, namespace: 'globex-prod' })) as {
      items: Obj[];
      metadata: { resourceVersion: string };
    };
    expect(list.items.map((o) => o.metadata.name).sort()).toEqual(['author', 'publish']);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    const one = await getRollout('globex-prod', 'author');
    expect(one.metadata.labels).toMatchObject({
      'ringmaster.io/environment': 'globex-prod',
      'ringmaster.io/tenant': 'globex',
    });
  });

  it('answers 404 with a NotFound Status', async () => {
    const err = await getRollout('acme-prod', 'nope').catch((e) => e);
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'rollouts.argoproj.io "nope" not found',
    });
  });

  it('merge-patches the object: spec changes bump the generation, status changes are ignored', async () => {
    const before = await getRollout('acme-prod', 'publish');
    const after = (await custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'acme-prod',
        name: 'publish',
        body: { spec: { minReadySeconds: 1 }, status: { phase: 'Hacked' } },
      },
      MERGE,
    )) as Obj;
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1);
    expect(after.spec.minReadySeconds).toBe(1);
    expect(after.status?.phase).not.toBe('Hacked');
  });

  it('merge-patches /status: status changes stick, spec changes are ignored, the generation stays', async () => {
    const before = await getRollout('acme-prod', 'publish');
    const after = (await custom.patchNamespacedCustomObjectStatus(
      { ...ROLLOUT, namespace: 'acme-prod', name: 'publish', body: { spec: { replicas: 7 }, status: { abort: true } } },
      MERGE,
    )) as Obj;
    expect(after.status?.abort).toBe(true);
    expect(after.spec.replicas).toBe(before.spec.replicas);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    await custom.patchNamespacedCustomObjectStatus(
      { ...ROLLOUT, namespace: 'acme-prod', name: 'publish', body: { status: { abort: false } } },
      MERGE,
    );
  });

  it('applies a JSON patch to the object and to /status', async () => {
    const after = (await custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: 'acme-prod',
        name: 'publish',
        body: [{ op: 'replace', path: '/spec/minReadySeconds', value: 2 }],
      },
      JSON_PATCH,
    )) as Obj;
    expect(after.spec.minReadySeconds).toBe(2);
    const st = (await custom.patchNamespacedCustomObjectStatus(
      {
        ...ROLLOUT,
        namespace: 'acme-prod',
        name: 'publish',
        body: [{ op: 'add', path: '/status/promoteFull', value: false }],
      },
      JSON_PATCH,
    )) as Obj;
    expect(st.status?.promoteFull).toBe(false);
  });

  it('rejects a failing JSON patch test operation with 422', async () => {
    const err = await custom
      .patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace: 'acme-prod',
          name: 'publish',
          body: [{ op: 'test', path: '/spec/replicas', value: 99 }],
        },
        JSON_PATCH,
      )
      .catch((e) => e);
    expect(err.code).toBe(422);
  });

  it('answers a PUT with a stale resourceVersion with 409 Conflict and accepts a fresh one', async () => {
    const cur = await getRollout('acme-prod', 'publish');
    await custom.patchNamespacedCustomObject(
      { ...ROLLOUT, namespace: 'acme-prod', name: 'publish', body: { metadata: { labels: { touched: 'yes' } } } },
      MERGE,
    );
    const err = await custom
      .replaceNamespacedCustomObject({ ...ROLLOUT, namespace: 'acme-prod', name: 'publish', body: cur })
      .catch((e) => e);
    expect(err.code).toBe(409);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    // the controller writes status meanwhile, so a fresh read can go stale too: retry on conflict, as clients do
    let put: Obj | undefined;
    for (let attempt = 0; !put && attempt < 5; attempt++) {
      const latest = await getRollout('acme-prod', 'publish');
      put = (await custom
        .replaceNamespacedCustomObject({
          ...ROLLOUT,
          namespace: 'acme-prod',
          name: 'publish',
          body: { ...latest, spec: { ...latest.spec, minReadySeconds: 3 } },
        })
        .catch((e) => (e.code === 409 ? undefined : Promise.reject(e)))) as Obj | undefined;
    }
    expect(put?.spec.minReadySeconds).toBe(3);
  });

  it('rejects a Rollout that breaks the CRD schema with 422 Invalid naming the field', async () => {
    const err = await custom
      .patchNamespacedCustomObject(
        {
          ...ROLLOUT,
          namespace: 'acme-prod',
          name: 'publish',
          body: { spec: { strategy: { canary: { steps: [{ setWeight: 'half' }] } } } },
        },
        MERGE,
      )
      .catch((e) => e);
    expect(err.code).toBe(422);
    const status = JSON.parse(err.body);
    expect(status).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
    expect(status.message).toContain('spec.strategy.canary.steps[0].setWeight');
  });

  it('creates objects (409 AlreadyExists on a second create) and deletes them', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' }, data: { a: '1' } };
    await core.createNamespacedConfigMap({ namespace: 'acme-prod', body });
    const err = await core.createNamespacedConfigMap({ namespace: 'acme-prod', body }).catch((e) => e);
    expect(err.code).toBe(409);
    expect(JSON.parse(err.body).reason).toBe('AlreadyExists');
    await core.deleteNamespacedConfigMap({ namespace: 'acme-prod', name: 'extra' });
    const gone = await core.readNamespacedConfigMap({ namespace: 'acme-prod', name: 'extra' }).catch((e) => e);
    expect(gone.code).toBe(404);
  });

  it('serves pods, ReplicaSets, Secrets and the Deployment behind a workloadRef', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const rs = await eventually(
      () => apps.listNamespacedReplicaSet({ namespace: 'acme-prod' }),
      (l) => l.items.length >= 2,
    );
    expect(rs.items[0].metadata?.annotations?.['rollout.argoproj.io/revision']).toBe('1');
    expect(rs.items[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', controller: true });
    const pods = await eventually(
      () => core.listNamespacedPod({ namespace: 'acme-prod', labelSelector: 'app=author' }),
      (l) => l.items.length === 2,
    );
    expect(pods.items[0].status?.containerStatuses?.[0].image).toBe('cms/author:2026.46.0');
    const secrets = await core.listNamespacedSecret({ namespace: 'acme-prod' });
    expect(secrets.items.map((s) => s.metadata?.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^author-credentials-/)]),
    );
    const usApps = kubeConfigFor(sim.clusters[1]).makeApiClient(k8s.AppsV1Api);
    const dep = await usApps.readNamespacedDeployment({ namespace: 'initech-prod', name: 'author' });
    expect(dep.spec?.template.spec?.containers[0].image).toBe('cms/author:2026.46.0');
  });

  it('counts requests per cluster by verb', () => {
    const counts = sim.requestCounts('eu-1');
    expect(counts.list).toBeGreaterThan(0);
    expect(counts.patch).toBeGreaterThan(0);
    expect(counts.get).toBeGreaterThan(0);
    expect(sim.requestCounts('us-1').get).toBe(1);
  });
});
