import type { PrismaClient } from '@ringmaster/persistence';

/** One environment of a seeded train. */
export interface SeedTarget {
  environment: string;
  /** the Kubernetes namespace; the environment's name when absent */
  namespace?: string;
  cluster: string;
  tenant: string;
  /** FAILED with this signature; HEALTHY when absent */
  failure?: string;
  /** Target.deployedAt: when it became healthy (fully promoted) on the release; absent or null: not yet */
  deployedAt?: Date | null;
  failedAt?: Date;
  attempts?: number;
  /** CustomerRevisionChange.observedAt of a revision change */
  revisionChangedAt?: Date;
  components?: string[];
}

/** Seeds clusters, environments, a release, a ring plan and a train with its targets; returns the train's id. */
export async function seedTrain(
  prisma: PrismaClient,
  opts: {
    version: string;
    startedAt: Date;
    targets: SeedTarget[];
    prometheusUrl?: string;
    queries?: Record<string, string>;
    /** a RingRun at position 0 (every target's ring) that started deploying then */
    ringStartedAt?: Date;
  },
): Promise<string> {
  for (const name of new Set(opts.targets.map((t) => t.cluster))) {
    await prisma.cluster.upsert({
      where: { name },
      create: { name, region: name.split('-')[0] ?? 'eu', prometheusUrl: opts.prometheusUrl },
      update: { prometheusUrl: opts.prometheusUrl },
    });
  }
  const release = await prisma.release.create({ data: { version: opts.version } });
  const plan = await prisma.ringPlan.create({ data: { name: `plan-${opts.version}`, queries: opts.queries ?? {} } });
  const train = await prisma.train.create({
    data: {
      releaseId: release.id,
      ringPlanId: plan.id,
      planSnapshot: {},
      status: 'RUNNING',
      startedAt: opts.startedAt,
      nextReconcileAt: new Date(opts.startedAt.getTime() + 3_600_000),
    },
  });
  if (opts.ringStartedAt) {
    await prisma.ringRun.create({
      data: { trainId: train.id, position: 0, name: 'ring', status: 'BAKING', startedAt: opts.ringStartedAt },
    });
  }
  for (const t of opts.targets) {
    const cluster = await prisma.cluster.findUniqueOrThrow({ where: { name: t.cluster } });
    const env = await prisma.environment.upsert({
      where: { name: t.environment },
      create: {
        name: t.environment,
        clusterId: cluster.id,
        namespace: t.namespace ?? t.environment,
        tenant: t.tenant,
        components: {
          create: (t.components ?? ['author']).map((name) => ({ name, rolloutName: name })),
        },
      },
      update: {},
    });
    if (t.revisionChangedAt) {
      await prisma.customerRevisionChange.create({
        data: {
          environmentId: env.id,
          revision: `rev-${t.revisionChangedAt.getTime()}`,
          observedAt: t.revisionChangedAt,
        },
      });
    }
    await prisma.target.create({
      data: {
        trainId: train.id,
        environmentId: env.id,
        ringPosition: 0,
        status: t.failure ? 'FAILED' : 'HEALTHY',
        attempts: t.attempts ?? 1,
        failureSignature: t.failure,
        deployedAt: t.deployedAt ?? null,
        failedAt: t.failure ? (t.failedAt ?? new Date(opts.startedAt.getTime() + 120_000)) : null,
      },
    });
  }
  return train.id;
}
