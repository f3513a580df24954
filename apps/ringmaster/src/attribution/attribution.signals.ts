import { classifySignature, type AttributionInput, type FleetFailure, type ReleaseWindow } from '@ringmaster/domain';
import type { PrismaClient } from '@ringmaster/persistence';
import type { QueryTemplates } from '@ringmaster/telemetry';
import type { BaselineProbe, BaselineTarget } from './baseline.probe.js';
import type { StableRoleProbe } from './stable-role.probe.js';

/** The failed target to gather signals for. */
export interface SignalRequest {
  trainId: string;
  environment: string;
  /** the engine's raw or normal signature; the Target row's `failureSignature` otherwise */
  signature?: string;
  /** the injected clock's now */
  now: Date;
}

/** The gathered signals and the rows they came from. */
export interface GatheredSignals {
  input: AttributionInput;
  targetId: string;
}

/** A failed target the request names is not (or no longer) in the train. */
export class SignalTargetMissing extends Error {
  constructor(
    readonly trainId: string,
    readonly environment: string,
  ) {
    super(`train ${trainId} has no target ${environment}`);
    this.name = 'SignalTargetMissing';
  }
}

/** Probes at most this many other failing targets' stable versions (the old release's rate in the window). */
const MAX_BASELINE_PROBES = 25;
/** How far before the train touched the environment a failing stable version dates the failure. */
const BEFORE_TOUCH_MS = 60_000;
const FAILED_STATUSES = ['FAILED', 'RETRYING', 'EXCLUDED'] as const;

/**
 * Gathers the attribution signals of DESIGN.md for one failed target from the database and the baseline probe:
 * spread (the train's other failed targets: tenants, clusters, signatures, against the old release's failures —
 * stable versions failing the same way — over the same exposed targets), baseline (this target's stable version),
 * customer change (the latest CustomerRevisionChange up to the failure), time (the stable version was already
 * failing when the train touched the environment: when the target's ring started, or its deployedAt) and retry (a
 * retried target failing again). A promoted target's stable role runs the release, so its baseline is read when the
 * train touched it (the last moment its stable role surely ran the old version: deployedAt is a pass after
 * the promotion), and so is a target whose stable role runs the release now (the `stableRole` probe says so:
 * promoted, then failed before it was seen healthy).
 */
export class AttributionSignals {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly baseline?: BaselineProbe,
    private readonly stableRole?: StableRoleProbe,
  ) {}

  async gather(request: SignalRequest): Promise<GatheredSignals> {
    const train = await this.prisma.train.findUnique({
      where: { id: request.trainId },
      select: {
        ringPlan: { select: { queries: true } },
        release: { select: { components: { select: { name: true, image: true } } } },
        ringRuns: { select: { position: true, startedAt: true } },
        targets: {
          select: {
            id: true,
            status: true,
            ringPosition: true,
            attempts: true,
            failureSignature: true,
            failedAt: true,
            deployedAt: true,
            environment: {
              select: {
                id: true,
                name: true,
                namespace: true,
                tenant: true,
                customerRevisionChangedAt: true,
                cluster: { select: { name: true, prometheusUrl: true } },
                components: { select: { name: true, rolloutName: true } },
              },
            },
          },
        },
      },
    });
    const target = train?.targets.find((t) => t.environment.name === request.environment);
    if (!train || !target) throw new SignalTargetMissing(request.trainId, request.environment);
    const queries = (train.ringPlan.queries ?? {}) as Partial<QueryTemplates>;
    const signature = request.signature ?? target.failureSignature ?? 'OTHER';
    const failedAt = target.failedAt ?? request.now;
    const env = target.environment;
    // the train touched a target when its ring started deploying (a target's deployedAt is when it became healthy)
    const touchedAtOf = (t: typeof target) =>
      earliest(train.ringRuns.find((r) => r.position === t.ringPosition)?.startedAt ?? null, t.deployedAt);
    const touchedAt = touchedAtOf(target);
    const releaseImages = Object.fromEntries(train.release.components.map((c) => [c.name, c.image]));
    // once promoted the stable role runs the release, and deployedAt (the pass that saw it healthy) comes after the
    // promotion: the window before it holds the release's own traffic as "stable". The old version was last surely
    // the stable role when the train touched the target: a promoted target (deployedAt, or a stable role the probe
    // sees on the release) is read then
    const baselineAt = async (t: typeof target): Promise<Date | undefined> => {
      if (t.deployedAt && t.deployedAt < request.now) return touchedAtOf(t);
      const where = {
        environment: t.environment.name,
        cluster: t.environment.cluster.name,
        namespace: t.environment.namespace,
        components: t.environment.components.map((c) => ({ component: c.name, rollout: c.rolloutName })),
      };
      const promoted = await this.stableRole?.stableRunsRelease(where, releaseImages);
      return promoted === true ? touchedAtOf(t) : request.now;
    };
    const probeOf = (t: typeof target, at: Date): BaselineTarget => ({
      environment: t.environment.name,
      namespace: t.environment.namespace,
      rollouts: t.environment.components.map((c) => c.rolloutName),
      prometheusUrl: t.environment.cluster.prometheusUrl,
      signature,
      at,
      queries,
    });

    const failing = train.targets.filter(
      (t) => (FAILED_STATUSES as readonly string[]).includes(t.status) || t.environment.name === env.name,
    );
    const failures: FleetFailure[] = failing.map((t) => ({
      environment: t.environment.name,
      tenant: t.environment.tenant ?? t.environment.name,
      cluster: t.environment.cluster.name,
      signature: t.environment.name === env.name ? signature : (t.failureSignature ?? 'OTHER'),
    }));
    const exposed = train.targets.filter((t) => t.deployedAt !== null || t.attempts > 0);
    const exposedTargets = exposed.length;
    const exposedClusters = [...new Set(exposed.map((t) => t.environment.cluster.name))];
    const newRelease: ReleaseWindow = { exposedTargets, failures, exposedClusters };

    const stableFailingSameWay = await this.stableAt(target, await baselineAt(target), probeOf);
    const oldFailures = await this.oldReleaseFailures(failing, target.id, signature, stableFailingSameWay, async (t) =>
      this.stableAt(t, await baselineAt(t), probeOf),
    );
    const stableWhenTouched = await this.stableWhenTouched(touchedAt ?? null, probeOf, target);
    const failureBeganAt =
      stableWhenTouched === true && touchedAt ? new Date(touchedAt.getTime() - BEFORE_TOUCH_MS) : undefined;

    const change = await this.prisma.customerRevisionChange.findFirst({
      where: { environmentId: env.id, observedAt: { lte: failedAt } },
      orderBy: { observedAt: 'desc' },
      select: { observedAt: true },
    });
    const changedAt = latest(
      change?.observedAt,
      env.customerRevisionChangedAt && env.customerRevisionChangedAt <= failedAt ? env.customerRevisionChangedAt : null,
    );

    const input: AttributionInput = {
      environment: env.name,
      tenant: env.tenant ?? env.name,
      cluster: env.cluster.name,
      signature,
      failedAt,
      failureBeganAt,
      trainTouchedAt: touchedAt,
      customerRevisionChangedAt: changedAt,
      stableFailingSameWay,
      stableHealthyWhenTouched: stableWhenTouched === undefined ? undefined : !stableWhenTouched,
      clearedOnRetry: target.attempts > 1 ? false : undefined,
      fleet: { newRelease, oldRelease: { exposedTargets, failures: oldFailures } },
    };
    return { input, targetId: target.id };
  }

  /** The failing targets (same signature) whose stable version fails the same way: the old release's failures. */
  private async oldReleaseFailures<
    T extends { id: string; failureSignature: string | null; deployedAt: Date | null; environment: Env },
  >(
    failing: T[],
    selfId: string,
    signature: string,
    selfStable: boolean | undefined,
    stableOf: (t: T) => Promise<boolean | undefined>,
  ): Promise<FleetFailure[]> {
    const normal = classifySignature(signature);
    const same = failing.filter((t) => t.id === selfId || classifySignature(t.failureSignature ?? 'OTHER') === normal);
    const probed = await Promise.all(
      same.slice(0, MAX_BASELINE_PROBES).map(async (t) => ({
        t,
        stable: t.id === selfId ? selfStable : await stableOf(t),
      })),
    );
    return probed
      .filter((p) => p.stable === true)
      .map(({ t }) => ({
        environment: t.environment.name,
        tenant: t.environment.tenant ?? t.environment.name,
        cluster: t.environment.cluster.name,
        signature,
      }));
  }

  /** The baseline probe's answer at `at`; undefined without a probe or a time. */
  private async stableAt<T>(
    t: T,
    at: Date | undefined,
    probeOf: (t: T, at: Date) => BaselineTarget,
  ): Promise<boolean | undefined> {
    if (!at || !this.baseline) return undefined;
    return this.baseline.stableFailingSameWay(probeOf(t, at));
  }

  /**
   * Time signal: whether the stable version already failed the same way when the train first touched the
   * environment (true: the failure began before the train; false: it was healthy then); undefined when not observed.
   */
  private async stableWhenTouched<T>(
    touchedAt: Date | null,
    probeOf: (t: T, at: Date) => BaselineTarget,
    target: T,
  ): Promise<boolean | undefined> {
    if (!touchedAt || !this.baseline) return undefined;
    return this.baseline.stableFailingSameWay(probeOf(target, touchedAt));
  }
}

interface Env {
  name: string;
  tenant: string | null;
  cluster: { name: string };
}

function earliest(...dates: (Date | null | undefined)[]): Date | undefined {
  const known = dates.filter((d): d is Date => d instanceof Date);
  return known.length === 0 ? undefined : new Date(Math.min(...known.map((d) => d.getTime())));
}

function latest(...dates: (Date | null | undefined)[]): Date | undefined {
  const known = dates.filter((d): d is Date => d instanceof Date);
  return known.length === 0 ? undefined : new Date(Math.max(...known.map((d) => d.getTime())));
}
