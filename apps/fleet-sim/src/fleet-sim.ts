import { randomBytes } from 'node:crypto';
import { controlRoutes } from './control/control.routes.js';
import { ControllerLoop } from './controller/controller.loop.js';
import { WatchHub } from './api/watch.handler.js';
import { preloadValidators } from './api/write.validation.js';
import { type ActiveFault, FaultRegistry } from './faults/fault.registry.js';
import { secretRotationHook } from './faults/secret-rotation.hook.js';
import { ClusterMetrics } from './metrics/exposition.js';
import { loadScenario } from './scenario/scenario.loader.js';
import type { FaultSpec, FleetScenario } from './scenario/scenario.types.js';
import { FleetServer } from './server/fleet.server.js';
import { selfSignedTls } from './server/tls.js';
import { argoCrds } from './sim/crd.objects.js';
import type { ImageChange, SimEnvironment } from './sim/environment.js';
import { createEnvironmentObjects, DEFAULT_STEPS, expandEnvironments } from './sim/fleet.builder.js';
import { ImageHistory } from './sim/image.history.js';
import { kubeconfigYaml, writeKubeconfig } from './sim/kubeconfig.js';
import { ANNOTATION_CUSTOMER_REVISION } from './sim/labels.js';
import { type RequestCounts, VERBS, VirtualCluster } from './sim/virtual.cluster.js';
import { ROLLOUTS, typeOfKind } from './store/resource.registry.js';
import { rolloutTraffic } from './traffic/traffic.model.js';
import { parseDurationMs } from './util/duration.js';

/** Options of `startFleetSim`. */
export interface FleetSimOptions {
  /** The scenario: an object, YAML text, or the path of a YAML file. */
  scenario: FleetScenario | string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, a kubeconfig per cluster is written there as `<cluster>.yaml`. */
  kubeconfigDir?: string;
  /**
   * Serve https with a generated self-signed certificate (kubeconfigs then carry it as certificate-authority-data).
   * Needed for kubectl, which never sends bearer tokens over plain http. Default false.
   */
  tls?: boolean;
}

/** One simulated cluster as a client sees it. */
export interface FleetCluster {
  name: string;
  region: string;
  labels: Record<string, string>;
  /** `http://127.0.0.1:<port>/clusters/<name>`: the API server URL (also in the kubeconfig). */
  baseUrl: string;
  /** Bearer token the cluster accepts. */
  token: string;
  /** Prometheus exposition endpoint of the cluster (no auth). */
  metricsUrl: string;
  /** Kubeconfig YAML text. */
  kubeconfig: string;
  /** Where the kubeconfig was written (undefined without kubeconfigDir). */
  kubeconfigPath?: string;
}

/** A running fleet. */
export interface FleetSim {
  /** `http://127.0.0.1:<port>` (https with `tls`) */
  url: string;
  /** The server certificate (PEM) when serving https; trust it as a CA. */
  caCert?: string;
  clusters: FleetCluster[];
  /** Adds a fault now (its `at`/`for` count from now); returns its id. */
  injectFault(fault: FaultSpec): string;
  /** Removes every fault, or the one with `id`. */
  clearFaults(id?: string): void;
  /** API requests by verb, for one cluster or summed over all. */
  requestCounts(cluster?: string): RequestCounts;
  /** Every image change of an environment's components, oldest first. */
  imageHistory(environment: string): ImageChange[];
  /** The simulated environments. */
  environments(): SimEnvironment[];
  /** Every fault with its window and whether it is active now. */
  faults(): (ActiveFault & { active: boolean })[];
  /** Drops a cluster's watch history: resuming a watch from an older resourceVersion then answers 410 Gone. */
  compact(cluster: string): void;
  /** Object counts, controller passes and memory. */
  stats(): Record<string, unknown>;
  close(): Promise<void>;
}

const DEFAULT_TICK_MS = 100;
const DEFAULT_POD_START_MS = 1000;
const TOKEN_BYTES = 16;

/** Starts a fleet from a scenario: builds the clusters and environments, then serves them over HTTP. */
export async function startFleetSim(opts: FleetSimOptions): Promise<FleetSim> {
  const scenario = loadScenario(opts.scenario);
  preloadValidators();
  const settings = scenario.settings ?? {};
  const startedAt = Date.now();
  const clusters = new Map<string, VirtualCluster>();
  const hubs = new Map<string, WatchHub>();
  const metrics = new Map<string, ClusterMetrics>();
  const faults = new FaultRegistry();
  const history = new ImageHistory();
  const envs = expandEnvironments(scenario);
  const envByName = new Map(envs.map((e) => [e.name, e]));
  const tenantOf = (ns: string) => envByName.get(ns)?.tenant ?? '';
  const bookmarkMs = parseDurationMs(settings.bookmarkInterval);
  const rotation = secretRotationHook(faults, tenantOf);

  for (const c of scenario.clusters) {
    const vc = new VirtualCluster(
      c.name,
      c.region,
      c.labels ?? {},
      c.token ?? randomBytes(TOKEN_BYTES).toString('hex'),
      undefined,
      settings.eventHistory,
    );
    vc.admission.push(rotation);
    for (const crd of argoCrds()) vc.store.create(typeOfKind('CustomResourceDefinition'), crd);
    vc.store.create(typeOfKind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    vc.store.onChange((ch) => history.observe(ch, () => new Date()));
    clusters.set(c.name, vc);
    hubs.set(c.name, new WatchHub(vc, bookmarkMs));
    metrics.set(c.name, new ClusterMetrics());
  }
  const steps = scenario.canary?.steps ?? DEFAULT_STEPS;
  for (const env of envs) {
    createEnvironmentObjects(clusters.get(env.cluster)!, env, {
      version: scenario.platform.version,
      imageTemplate: scenario.platform.imageTemplate,
      steps,
      progressDeadlineSeconds: settings.progressDeadlineSeconds,
    });
  }

  const controller = new ControllerLoop(clusters, faults, {
    tickMs: parseDurationMs(settings.tick) ?? DEFAULT_TICK_MS,
    podStartMs: parseDurationMs(settings.podStart) ?? DEFAULT_POD_START_MS,
    tenantOf,
  });
  faults.onChange((f) => applyCustomerChange(f));
  for (const f of scenario.faults ?? []) faults.add(f, startedAt);
  controller.markScope();
  controller.start();

  function applyCustomerChange(f: ActiveFault): void {
    if (f.spec.kind !== 'customer-code' || Date.now() < f.from || Date.now() >= f.until) return;
    const env = envByName.get(f.spec.environment);
    const cluster = env && clusters.get(env.cluster);
    if (!env || !cluster) return;
    env.customerRevision = f.spec.revision;
    for (const r of cluster.store.list(ROLLOUTS, env.name)) {
      const annotations = { ...(r.metadata.annotations ?? {}), [ANNOTATION_CUSTOMER_REVISION]: f.spec.revision };
      cluster.store.replace(ROLLOUTS, { ...r, metadata: { ...r.metadata, annotations } });
    }
  }

  function renderMetrics(name: string): string | undefined {
    if (faults.metricsOutage(name)) return undefined;
    const cluster = clusters.get(name)!;
    const m = metrics.get(name)!;
    const now = Date.now();
    for (const r of cluster.store.list(ROLLOUTS)) {
      const env = envByName.get(r.metadata.namespace!);
      if (env) m.advance(r.metadata.namespace!, r.metadata.name, rolloutTraffic(cluster, faults, env, r), now);
    }
    return m.render();
  }

  const sim: FleetSim = {
    url: '',
    clusters: [],
    injectFault: (f) => faults.add(f).id,
    clearFaults: (id) => faults.clear(id),
    requestCounts(cluster) {
      const out = Object.fromEntries(VERBS.map((v) => [v, 0])) as RequestCounts;
      for (const c of clusters.values()) {
        if (cluster !== undefined && c.name !== cluster) continue;
        for (const v of VERBS) out[v] += c.counts[v];
      }
      return out;
    },
    imageHistory: (env) => history.get(env),
    environments: () => envs.map((e) => ({ ...e })),
    faults: () => {
      const active = new Set(faults.active().map((f) => f.id));
      return faults.all().map((f) => ({ ...f, active: active.has(f.id) }));
    },
    compact: (name) => clusters.get(name)?.store.compact(),
    stats: () => ({
      clusters: clusters.size,
      environments: envs.length,
      rollouts: [...clusters.values()].reduce((n, c) => n + c.store.count(ROLLOUTS), 0),
      pods: [...clusters.values()].reduce((n, c) => n + c.store.count(typeOfKind('Pod')), 0),
      controllerPasses: controller.passes,
      controllerBacklog: controller.backlog,
      watches: [...hubs.values()].reduce((n, h) => n + h.size, 0),
      memory: process.memoryUsage(),
    }),
    async close() {
      controller.stop();
      faults.close();
      await server.close();
    },
  };

  const host = opts.host ?? '127.0.0.1';
  const tls = opts.tls ? await selfSignedTls(host) : undefined;
  const server = new FleetServer(
    {
      clusters,
      hubs,
      apiFault: (c) => faults.apiFault(c),
      metrics: renderMetrics,
      control: controlRoutes(sim),
    },
    tls,
  );
  const port = await server.listen(opts.port ?? 0, host);
  sim.url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  sim.caCert = tls?.cert;
  for (const c of clusters.values()) {
    const baseUrl = `${sim.url}/clusters/${encodeURIComponent(c.name)}`;
    const kubeconfig = kubeconfigYaml(c.name, baseUrl, c.token, tls?.cert);
    sim.clusters.push({
      name: c.name,
      region: c.region,
      labels: c.labels,
      baseUrl,
      token: c.token,
      metricsUrl: `${baseUrl}/metrics`,
      kubeconfig,
      kubeconfigPath: opts.kubeconfigDir ? writeKubeconfig(opts.kubeconfigDir, c.name, kubeconfig) : undefined,
    });
  }
  return sim;
}
