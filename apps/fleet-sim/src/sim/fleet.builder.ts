import type { CanaryStep, ComponentSpec, EnvironmentBatch, FleetScenario } from '../scenario/scenario.types.js';
import type { K8sObject } from '../store/k8s.types.js';
import { CONFIGMAPS, DEPLOYMENTS, NAMESPACES, ROLLOUTS, SECRETS } from '../store/resource.registry.js';
import type { SimEnvironment } from './environment.js';
import { safeHash } from './hash.js';
import {
  ANNOTATION_CUSTOMER_REVISION,
  LABEL_COHORT,
  LABEL_COMPONENT,
  LABEL_ENVIRONMENT,
  LABEL_PREFIX,
  LABEL_ROLE,
  LABEL_TENANT,
} from './labels.js';
import type { VirtualCluster } from './virtual.cluster.js';

export const DEFAULT_COMPONENTS = ['author', 'publish'];
export const DEFAULT_REPLICAS = 2;
export const DEFAULT_RPS = 5;
export const DEFAULT_IMAGE_TEMPLATE = 'cms/{component}:{version}';
export const DEFAULT_STEPS: CanaryStep[] = [
  { setWeight: 25 },
  { pause: { duration: '5s' } },
  { setWeight: 50 },
  { pause: { duration: '5s' } },
];
export const DEFAULT_CUSTOMER_REVISION = 'r1';
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 30;
const CONTAINER_PORT = 8080;
const GOLDEN_RATIO = 0.6180339887;

/** The image of a component for a platform version. */
export function imageFor(template: string | undefined, component: string, version: string): string {
  return (template ?? DEFAULT_IMAGE_TEMPLATE).replaceAll('{component}', component).replaceAll('{version}', version);
}

/** Expands the scenario's generated and listed environments (listed ones win on a name clash). */
export function expandEnvironments(s: FleetScenario): SimEnvironment[] {
  const out = new Map<string, SimEnvironment>();
  const allClusters = s.clusters.map((c) => c.name);
  for (const b of s.environments?.generate ?? []) {
    for (let i = 0; i < b.count; i++) {
      const env = fromBatch(b, i, allClusters);
      out.set(env.name, env);
    }
  }
  for (const e of s.environments?.list ?? []) {
    out.set(e.name, {
      name: e.name,
      cluster: e.cluster,
      tenant: e.tenant,
      cohort: e.cohort,
      components: components(e.components, e.replicas),
      rps: e.rps ?? DEFAULT_RPS,
      customerRevision: e.customerRevision ?? DEFAULT_CUSTOMER_REVISION,
      workloadRef: e.workloadRef ?? false,
      labels: e.labels ?? {},
      steps: e.steps,
    });
  }
  return [...out.values()];
}

function fromBatch(b: EnvironmentBatch, i: number, allClusters: string[]): SimEnvironment {
  const clusters = b.clusters ?? allClusters;
  const tenants =
    b.tenants ??
    Array.from(
      { length: b.tenantCount ?? b.count },
      (_, t) => `${b.tenantPrefix ?? 'tenant'}-${String(t + 1).padStart(3, '0')}`,
    );
  const spread = (i * GOLDEN_RATIO) % 1;
  const rps = typeof b.rps === 'object' ? b.rps.min * Math.pow(b.rps.max / b.rps.min, spread) : (b.rps ?? DEFAULT_RPS);
  return {
    name: `${b.namePrefix}-${String(i + 1).padStart(4, '0')}`,
    cluster: clusters[i % clusters.length],
    tenant: tenants[i % tenants.length],
    cohort: b.cohorts?.length ? b.cohorts[i % b.cohorts.length] : undefined,
    components: components(b.components, b.replicas),
    rps,
    customerRevision: b.customerRevision ?? DEFAULT_CUSTOMER_REVISION,
    workloadRef: b.workloadRefShare !== undefined && spread < b.workloadRefShare,
    labels: {},
    steps: b.steps,
  };
}

function components(
  list: (string | ComponentSpec)[] | undefined,
  replicas = DEFAULT_REPLICAS,
): { name: string; replicas: number }[] {
  return (list ?? DEFAULT_COMPONENTS).map((c) =>
    typeof c === 'string' ? { name: c, replicas } : { name: c.name, replicas: c.replicas ?? replicas },
  );
}

/** Options for creating an environment's objects. */
export interface BuildOptions {
  version: string;
  imageTemplate?: string;
  steps: CanaryStep[];
  progressDeadlineSeconds?: number;
}

/** Name of a component's content-hashed Secret for a given content. */
export function secretName(component: string, content: string): string {
  return `${component}-credentials-${safeHash(content)}`;
}

/** Creates the namespace, ConfigMaps, Secrets, Deployments and Rollouts of an environment in its cluster. */
export function createEnvironmentObjects(cluster: VirtualCluster, env: SimEnvironment, o: BuildOptions): void {
  const store = cluster.store;
  const envLabels: Record<string, string> = {
    [LABEL_ENVIRONMENT]: env.name,
    [LABEL_TENANT]: env.tenant,
    ...(env.cohort ? { [LABEL_COHORT]: env.cohort } : {}),
    ...Object.fromEntries(Object.entries(env.labels).map(([k, v]) => [`${LABEL_PREFIX}${k}`, v])),
  };
  store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: env.name, labels: envLabels } });
  for (const c of env.components) {
    const ns = env.name;
    const labels = { ...envLabels, [LABEL_COMPONENT]: c.name };
    const configName = `${c.name}-config`;
    store.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: configName, namespace: ns, labels },
      data: { LOG_LEVEL: 'info', COMPONENT: c.name },
    });
    const secretContent = `${env.name}/${c.name}/${o.version}`;
    const secret = secretName(c.name, secretContent);
    store.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret, namespace: ns, labels },
      type: 'Opaque',
      immutable: true,
      data: { token: Buffer.from(secretContent).toString('base64') },
    });
    const template = {
      metadata: { labels: { app: c.name, ...labels } },
      spec: {
        containers: [
          {
            name: c.name,
            image: imageFor(o.imageTemplate, c.name, o.version),
            ports: [{ containerPort: CONTAINER_PORT, name: 'http' }],
            envFrom: [{ configMapRef: { name: configName } }, { secretRef: { name: secret } }],
          },
        ],
      },
    };
    const selector = { matchLabels: { app: c.name } };
    if (env.workloadRef) {
      store.create(DEPLOYMENTS, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: c.name, namespace: ns, labels },
        spec: { replicas: 0, selector, template },
      });
    }
    const rollout: K8sObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {
        name: c.name,
        namespace: ns,
        labels,
        annotations: { [ANNOTATION_CUSTOMER_REVISION]: env.customerRevision },
      },
      spec: {
        replicas: c.replicas,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: o.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
        selector,
        ...(env.workloadRef
          ? { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.name } }
          : { template }),
        strategy: {
          canary: {
            canaryMetadata: { labels: { [LABEL_ROLE]: 'canary' } },
            stableMetadata: { labels: { [LABEL_ROLE]: 'stable' } },
            steps: env.steps ?? o.steps,
          },
        },
      },
    };
    store.create(ROLLOUTS, rollout);
  }
}
