import type { ClusterDiscovery, DiscoveredEnvironment, DuplicateEnvironment } from '@ringmaster/clusters';
import type { Prisma, PrismaClient } from '@ringmaster/persistence';

/** What writing one cluster's discovery changed, for logs and tests. */
export interface DiscoveryWriteSummary {
  cluster: string;
  upserted: number;
  gone: number;
  revisionChanges: number;
  conflicts: number;
}

/**
 * Writes one cluster's discovery into the inventory, idempotently: environments and their components upserted
 * by name (labels as API.md: `ringmaster.io/*` without the prefix, the cluster's labels, `cluster`), components no
 * longer there removed, a changed customer revision recorded as a CustomerRevisionChange, environments of the
 * cluster no longer found marked `goneAt`, and every duplicate — within the cluster, or a name another cluster
 * already holds — recorded as a DiscoveryConflict instead of being merged.
 */
export async function writeDiscovery(
  prisma: PrismaClient,
  clusterId: string,
  discovery: ClusterDiscovery,
  now: Date,
): Promise<DiscoveryWriteSummary> {
  const summary: DiscoveryWriteSummary = {
    cluster: discovery.cluster,
    upserted: 0,
    gone: 0,
    revisionChanges: 0,
    conflicts: 0,
  };
  const conflicts: DuplicateEnvironment[] = [...discovery.duplicates];
  const seen: string[] = [];
  for (const env of discovery.environments) {
    const existing = await prisma.environment.findUnique({ where: { name: env.name } });
    if (existing && existing.clusterId !== clusterId && existing.goneAt === null) {
      conflicts.push({ name: env.name, locations: [{ cluster: discovery.cluster, namespace: env.namespace }] });
      continue;
    }
    seen.push(env.name);
    summary.upserted++;
    if (await upsertEnvironment(prisma, clusterId, env, existing, now)) summary.revisionChanges++;
  }
  for (const c of conflicts) {
    for (const loc of c.locations.filter((l) => l.cluster === discovery.cluster)) {
      summary.conflicts++;
      const detail = `environment ${c.name} found in ${c.locations.map((l) => `${l.cluster}/${l.namespace}`).join(', ')}`;
      await prisma.discoveryConflict.upsert({
        where: { clusterId_environment_namespace: { clusterId, environment: c.name, namespace: loc.namespace } },
        create: { clusterId, environment: c.name, namespace: loc.namespace, detail, seenAt: now },
        update: { detail, seenAt: now },
      });
    }
  }
  const gone = await prisma.environment.updateMany({
    where: { clusterId, goneAt: null, name: { notIn: seen } },
    data: { goneAt: now },
  });
  summary.gone = gone.count;
  await prisma.cluster.update({ where: { id: clusterId }, data: { lastDiscoveredAt: now } });
  return summary;
}

/** Upserts one environment and its components; true when a customer revision change was recorded. */
async function upsertEnvironment(
  prisma: PrismaClient,
  clusterId: string,
  env: DiscoveredEnvironment,
  existing: { id: string; customerRevision: string | null } | null,
  now: Date,
): Promise<boolean> {
  const revisionChanged =
    existing !== null && env.customerRevision !== null && existing.customerRevision !== env.customerRevision;
  const data = {
    clusterId,
    namespace: env.namespace,
    tenant: env.tenant,
    cohort: env.cohort,
    labels: env.labels as Prisma.InputJsonValue,
    customerRevision: env.customerRevision,
    goneAt: null,
  };
  return prisma.$transaction(async (tx) => {
    const row = await tx.environment.upsert({
      where: { name: env.name },
      create: { name: env.name, ...data },
      update: { ...data, ...(revisionChanged ? { customerRevisionChangedAt: now } : {}) },
    });
    if (revisionChanged) {
      await tx.customerRevisionChange.create({
        data: {
          environmentId: row.id,
          revision: env.customerRevision!,
          previous: existing.customerRevision,
          observedAt: now,
        },
      });
    }
    for (const c of env.components) {
      const fields = { rolloutName: c.rollout, image: c.image, workloadRef: c.workloadRef };
      await tx.component.upsert({
        where: { environmentId_name: { environmentId: row.id, name: c.component } },
        create: { environmentId: row.id, name: c.component, ...fields },
        update: fields,
      });
    }
    await tx.component.deleteMany({
      where: { environmentId: row.id, name: { notIn: env.components.map((c) => c.component) } },
    });
    return revisionChanged;
  });
}
