import { ANNOTATION_CUSTOMER_REVISION } from '../kube/kube.constants.js';
import type { DeploymentObject, RolloutObject } from '../kube/kube.types.js';
import { DEFAULT_FAN_OUT, fanOut, type FanOutOptions } from '../fanout/fan-out.js';
import { asConflict, retryOnConflict } from '../operations/conflict.retry.js';
import { applyPatches } from '../operations/patch.applier.js';
import { patches, type OperationPlan } from '../operations/patch.types.js';
import { planAbort, planPromote, planPromoteFull, planRetry } from '../operations/promote.patch.js';
import { planSetImage } from '../operations/set-image.patch.js';
import type { ClusterHealth } from '../health/cluster-health.js';
import type { ClusterRegistry } from '../registry/cluster.registry.js';
import { normalizeRolloutStatus } from '../status/rollout-status.normalizer.js';
import type { RolloutCache } from '../watch/rollout.cache.js';
import { ClusterReader, ensureSynced } from './cluster.reader.js';
import { hasStamp, stampOf, stampOnlyPatch, withStamp } from './deploy.stamp.js';
import { driverError, DriverFailure, toDriverError } from './driver-error.js';
import { diagnoseComponent } from './diagnose.reads.js';
import { planRollback, rollbackSafety } from './rollback.reads.js';
import { WorkloadCache } from './workload.cache.js';
import type {
  ComponentImages,
  ComponentObservation,
  ComponentOperationResult,
  DeployStamp,
  EnvironmentTarget,
  OperationResult,
  RollbackSafetyResult,
  RolloutDriver,
  TargetObservation,
} from './rollout.driver.js';

/** Limits of the driver. */
export interface KubeRolloutDriverOptions {
  fanOut?: FanOutOptions;
  /** How long `observe` waits for a cluster's first list before answering NOT_SYNCED (default: half the timeout). */
  syncWaitMs?: number;
}

type Component = EnvironmentTarget['components'][number];
/** A component observation made from a cached Rollout (a Rollout object serves one component, rarely more). */
interface CachedObservation {
  component: string;
  rollout: string;
  deployment: DeploymentObject | undefined;
  observation: ComponentObservation;
}
type ComponentWork = (reader: ClusterReader, c: Component) => Promise<ComponentOperationResult>;

/**
 * `RolloutDriver` over the clusters of a `ClusterRegistry`: observations from each cluster's watch cache, writes
 * planned by the pure planners and sent by `applyPatches`, every cluster worked on under the fan-out's timeout so a
 * dead cluster only costs its own budget.
 */
export class KubeRolloutDriver implements RolloutDriver {
  private readonly fanOutOptions: FanOutOptions;
  private readonly syncWaitMs: number;
  private readonly workloads = new WorkloadCache();
  /**
   * Component observations of watch-cache objects, by Rollout object and component, with the Deployment object they
   * were made with: a watch event replaces a cached Rollout (or Deployment) with a new object, so an entry can never
   * be stale, and a steady pass over 40,000 unchanged Rollouts normalizes none of them again. Read, never changed.
   */
  private readonly observed = new WeakMap<RolloutObject, CachedObservation[]>();

  constructor(
    private readonly registry: ClusterRegistry,
    options: KubeRolloutDriverOptions = {},
  ) {
    this.fanOutOptions = options.fanOut ?? DEFAULT_FAN_OUT;
    this.syncWaitMs = options.syncWaitMs ?? Math.floor(this.fanOutOptions.timeoutMs / 2);
  }

  async observe(targets: readonly EnvironmentTarget[]): Promise<TargetObservation[]> {
    const byCluster = new Map<string, number[]>();
    targets.forEach((t, i) => {
      const indexes = byCluster.get(t.cluster);
      if (indexes) indexes.push(i);
      else byCluster.set(t.cluster, [i]);
    });
    const results = await fanOut(
      [...byCluster.keys()],
      async (cluster, signal) => {
        const handle = this.handle(cluster);
        await ensureSynced(handle, this.syncWaitMs, signal);
        const mine = byCluster.get(cluster)!.map((i) => targets[i]);
        return this.observeCluster(new ClusterReader(handle, signal), mine);
      },
      this.fanOutOptions,
    );
    const out = new Array<TargetObservation>(targets.length);
    for (const r of results) {
      byCluster.get(r.cluster)!.forEach((i, k) => {
        out[i] = r.ok ? r.value[k] : { ...this.empty(targets[i]), error: r.error };
      });
    }
    return out;
  }

  deploy(target: EnvironmentTarget, images: ComponentImages, stamp?: DeployStamp): Promise<OperationResult> {
    const named = target.components.filter((c) => images[c.component] !== undefined);
    return this.operate(target, named, { write: true }, (reader, c) =>
      retryOnConflict(async (attempt) => {
        // a retry reads the objects again: the cache (or the last read) was behind them
        const plan = await this.planDeploy(reader, target, c, images[c.component]!, stamp, attempt > 0);
        return this.send(reader, c, plan);
      }),
    );
  }

  promote(target: EnvironmentTarget): Promise<OperationResult> {
    return this.simple(target, planPromote);
  }

  promoteFull(target: EnvironmentTarget): Promise<OperationResult> {
    return this.simple(target, planPromoteFull);
  }

  abort(target: EnvironmentTarget): Promise<OperationResult> {
    return this.simple(target, planAbort);
  }

  retry(target: EnvironmentTarget): Promise<OperationResult> {
    return this.simple(target, planRetry);
  }

  rollback(target: EnvironmentTarget, previousImages: ComponentImages): Promise<OperationResult> {
    const named = target.components.filter((c) => previousImages[c.component] !== undefined);
    return this.operate(target, named, { write: false }, async (reader, c) => {
      const ro = await this.requireRollout(reader, target, c, false);
      const { plan } = await planRollback(reader, ro, c.component, previousImages[c.component]!);
      return this.apply(reader, c, plan);
    });
  }

  async checkRollbackSafety(target: EnvironmentTarget, previousImages: ComponentImages): Promise<RollbackSafetyResult> {
    const [r] = await fanOut(
      [target.cluster],
      async (cluster, signal) => {
        const reader = new ClusterReader(this.handle(cluster), signal);
        await ensureSynced(reader.handle, this.syncWaitMs, signal);
        return rollbackSafety(reader, target, previousImages);
      },
      this.fanOutOptions,
    );
    return r.ok ? { ok: true, safety: r.value } : { ok: false, error: r.error };
  }

  async diagnose(target: EnvironmentTarget): Promise<TargetObservation> {
    const [r] = await fanOut(
      [target.cluster],
      async (cluster, signal) => {
        const reader = new ClusterReader(this.handle(cluster), signal, true);
        const components = await Promise.all(
          target.components.map(async (c) => {
            const ro = await reader.rollout(target.namespace, c.rollout);
            const obs = this.observeComponent(c, ro, ro ? await reader.deployment(ro) : undefined);
            return ro && obs.status ? { ...obs, status: await diagnoseComponent(reader, ro, obs.status) } : obs;
          }),
        );
        return { ...this.empty(target), components, clusterHealth: reader.handle.health.snapshot() };
      },
      this.fanOutOptions,
    );
    return r.ok ? r.value : { ...this.empty(target), error: r.error };
  }

  /** The writes of deploying `image` to a component: its image patch with the stamp, or the stamp alone. */
  private async planDeploy(
    reader: ClusterReader,
    target: EnvironmentTarget,
    c: Component,
    image: string,
    stamp: DeployStamp | undefined,
    fresh: boolean,
  ): Promise<OperationPlan> {
    const ro = await this.requireRollout(reader, target, c, fresh);
    const deployment = await reader.deployment(ro, fresh);
    const plan = planSetImage(ro, c.component, image, deployment);
    if (plan.kind === 'patch') return patches(...withStamp(plan.patches, ro, stamp));
    if (plan.kind === 'noop' && stamp && !hasStamp(ro, stamp))
      return patches(stampOnlyPatch(target.namespace, c.rollout, stamp));
    return plan;
  }

  private simple(target: EnvironmentTarget, planner: (ro: RolloutObject) => OperationPlan): Promise<OperationResult> {
    return this.operate(target, target.components, { write: false }, async (reader, c) => {
      const ro = await this.requireRollout(reader, target, c, false);
      return this.apply(reader, c, planner(ro));
    });
  }

  private async operate(
    target: EnvironmentTarget,
    components: readonly Component[],
    opts: { write: boolean },
    work: ComponentWork,
  ): Promise<OperationResult> {
    const base = { environment: target.environment, cluster: target.cluster };
    const [r] = await fanOut(
      [target.cluster],
      async (cluster, signal) => {
        const handle = this.handle(cluster);
        if (opts.write && handle.cordoned)
          throw new DriverFailure(driverError('CORDONED', `cluster ${cluster} is cordoned: no new deploys`));
        await ensureSynced(handle, this.syncWaitMs, signal);
        const reader = new ClusterReader(handle, signal);
        return Promise.all(components.map((c) => work(reader, c).catch((e) => failed(c, e))));
      },
      this.fanOutOptions,
    );
    if (!r.ok) {
      const outcome = r.error.code === 'CORDONED' ? 'rejected' : 'failed';
      return { ...base, outcome, components: [], error: r.error };
    }
    const results = r.value;
    const firstError = results.find((c) => c.outcome === 'failed')?.error;
    return { ...base, outcome: summarize(results), components: results, ...(firstError ? { error: firstError } : {}) };
  }

  private async apply(reader: ClusterReader, c: Component, plan: OperationPlan): Promise<ComponentOperationResult> {
    try {
      return await this.send(reader, c, plan);
    } catch (e) {
      return failed(c, e);
    }
  }

  /** Carries out a plan; a failed write rejects (with the API's error). */
  private async send(reader: ClusterReader, c: Component, plan: OperationPlan): Promise<ComponentOperationResult> {
    const base = { component: c.component, rollout: c.rollout };
    if (plan.kind === 'noop') return { ...base, outcome: 'noop', reason: plan.reason };
    if (plan.kind === 'rejected') return { ...base, outcome: 'rejected', reason: plan.reason };
    if (plan.patches.length === 0) return { ...base, outcome: 'noop', reason: 'nothing to write' };
    await applyPatches(reader.handle.client, plan.patches, reader.signal);
    return { ...base, outcome: 'applied' };
  }

  private async requireRollout(
    reader: ClusterReader,
    target: EnvironmentTarget,
    c: Component,
    fresh: boolean,
  ): Promise<RolloutObject> {
    const ro = await reader.rollout(target.namespace, c.rollout, fresh);
    if (!ro)
      throw new DriverFailure(driverError('NOT_FOUND', `Rollout ${target.namespace}/${c.rollout} does not exist`));
    return ro;
  }

  /**
   * One cluster's targets, in order. Targets whose Rollouts are all in the synced watch cache are observed there
   * and then (a steady pass over 40,000 Rollouts would otherwise cost a promise per Rollout and per target); only
   * the others — no synced cache, a workloadRef Deployment to read — wait for reads.
   */
  private async observeCluster(
    reader: ClusterReader,
    mine: readonly EnvironmentTarget[],
  ): Promise<TargetObservation[]> {
    const health = reader.handle.health.snapshot();
    const cache = reader.cachedRollouts();
    const out = new Array<TargetObservation>(mine.length);
    const reads: Promise<void>[] = [];
    mine.forEach((t, k) => {
      const now = cache && this.observeFromCache(cache, t, health);
      if (now) out[k] = now;
      else reads.push(this.observeTarget(reader, t, health).then((o) => void (out[k] = o)));
    });
    await Promise.all(reads);
    return out;
  }

  /** `t` observed from the watch cache alone, or undefined when one of its Rollouts references a Deployment. */
  private observeFromCache(
    cache: RolloutCache,
    t: EnvironmentTarget,
    health: ClusterHealth,
  ): TargetObservation | undefined {
    const components: ComponentObservation[] = [];
    for (const c of t.components) {
      const ro = cache.get(t.namespace, c.rollout);
      if (ro?.spec?.workloadRef) return undefined;
      this.workloads.forget(t.cluster, t.namespace, c.rollout);
      components.push(this.observeCached(c, ro, undefined));
    }
    return {
      environment: t.environment,
      cluster: t.cluster,
      namespace: t.namespace,
      components,
      clusterHealth: health,
    };
  }

  private async observeTarget(
    reader: ClusterReader,
    t: EnvironmentTarget,
    health: ClusterHealth,
  ): Promise<TargetObservation> {
    const components = await Promise.all(
      t.components.map(async (c) => {
        const ro = await reader.rollout(t.namespace, c.rollout);
        // a workloadRef Rollout's template (its image) lives in the Deployment
        if (!ro?.spec?.workloadRef) this.workloads.forget(reader.handle.name, t.namespace, c.rollout);
        const deployment = ro?.spec?.workloadRef
          ? await this.workloads.get(reader.handle.name, ro, () => reader.deployment(ro))
          : undefined;
        return this.observeCached(c, ro, deployment);
      }),
    );
    return { ...this.empty(t), components, clusterHealth: health };
  }

  /** `observeComponent` of a cached Rollout (and its cached Deployment), computed once per pair of objects. */
  private observeCached(
    c: Component,
    ro: RolloutObject | undefined,
    deployment: DeploymentObject | undefined,
  ): ComponentObservation {
    if (!ro) return this.observeComponent(c, ro, deployment);
    let entries = this.observed.get(ro);
    if (!entries) this.observed.set(ro, (entries = []));
    const hit = entries.find((e) => e.component === c.component && e.rollout === c.rollout);
    if (hit && hit.deployment === deployment) return hit.observation;
    const observation = this.observeComponent(c, ro, deployment);
    if (hit) Object.assign(hit, { deployment, observation });
    else entries.push({ component: c.component, rollout: c.rollout, deployment, observation });
    return observation;
  }

  private observeComponent(
    c: Component,
    ro: RolloutObject | undefined,
    deployment: DeploymentObject | undefined,
  ): ComponentObservation {
    return {
      component: c.component,
      rollout: c.rollout,
      status: ro ? normalizeRolloutStatus(ro, c.component, deployment) : null,
      customerRevision: ro?.metadata?.annotations?.[ANNOTATION_CUSTOMER_REVISION] ?? null,
      deployStamp: stampOf(ro),
    };
  }

  private empty(t: EnvironmentTarget): TargetObservation {
    const health = this.registry.get(t.cluster)?.health.snapshot() ?? null;
    return {
      environment: t.environment,
      cluster: t.cluster,
      namespace: t.namespace,
      components: [],
      clusterHealth: health,
    };
  }

  private handle(cluster: string) {
    const h = this.registry.get(cluster);
    if (!h) throw new DriverFailure(driverError('UNKNOWN_CLUSTER', `cluster ${cluster} is not registered`));
    return h;
  }
}

function failed(c: Component, e: unknown): ComponentOperationResult {
  // a failed JSON patch test (rollback's set-image) is a conflict to retry, not an invalid change
  return { component: c.component, rollout: c.rollout, outcome: 'failed', error: toDriverError(asConflict(e)) };
}

function summarize(results: readonly ComponentOperationResult[]): OperationResult['outcome'] {
  if (results.some((r) => r.outcome === 'failed')) return 'failed';
  if (results.some((r) => r.outcome === 'applied')) return 'applied';
  if (results.some((r) => r.outcome === 'rejected')) return 'rejected';
  return 'noop';
}
