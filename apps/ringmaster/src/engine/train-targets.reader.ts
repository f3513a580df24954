import type { ComponentImages, EnvironmentTarget } from '@ringmaster/clusters';
import type { PrismaClient } from '@ringmaster/persistence';

/** Where a train's environments are and which images its release ships. */
export interface TrainTargets {
  /** by environment name */
  targets: ReadonlyMap<string, EnvironmentTarget>;
  /** the release's images by component */
  releaseImages: ComponentImages;
  /** by environment: its cluster's Prometheus base URL (null when the cluster has none) */
  prometheusUrls: ReadonlyMap<string, string | null>;
}

/** How long a read environment (cluster, namespace, components) is trusted before it is read again. */
export const DEFAULT_INVENTORY_MAX_AGE_MS = 60_000;

interface KnownEnvironment {
  readAt: number;
  target: EnvironmentTarget;
}

/**
 * Reads the driver's view of a train's environments: at most three queries, whatever their number. A pass reads the
 * same thousands of environments as the last one, so what was read is kept for `maxAgeMs` (an inventory change —
 * a new component, a moved namespace — shows within that time) and only the rest is queried; releases are
 * immutable and kept for good. The clusters' Prometheus URLs (a few rows) are read on every pass: pointing a
 * cluster at another Prometheus takes effect at once.
 */
export class TrainTargetsReader {
  private readonly environments = new Map<string, KnownEnvironment>();
  private readonly releases = new Map<string, ComponentImages>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly maxAgeMs = DEFAULT_INVENTORY_MAX_AGE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  async read(releaseVersion: string, environments: readonly string[]): Promise<TrainTargets> {
    const now = this.clock();
    const stale = environments.filter((n) => {
      const known = this.environments.get(n);
      return !known || now - known.readAt > this.maxAgeMs;
    });
    const [releaseImages, clusterUrls] = await Promise.all([
      this.release(releaseVersion),
      environments.length === 0 ? new Map<string, string | null>() : this.prometheusUrls(),
      this.readEnvironments(stale, now),
    ]);
    const targets = new Map<string, EnvironmentTarget>();
    const prometheusUrls = new Map<string, string | null>();
    for (const name of environments) {
      const known = this.environments.get(name);
      if (!known) continue;
      targets.set(name, known.target);
      prometheusUrls.set(name, clusterUrls.get(known.target.cluster) ?? null);
    }
    return { targets, releaseImages, prometheusUrls };
  }

  private async release(version: string): Promise<ComponentImages> {
    const kept = this.releases.get(version);
    if (kept) return kept;
    const release = await this.prisma.release.findUnique({ where: { version }, include: { components: true } });
    const images: Record<string, string> = {};
    for (const c of release?.components ?? []) images[c.name] = c.image;
    // a release not created yet is asked again next time
    if (release) this.releases.set(version, images);
    return images;
  }

  private async prometheusUrls(): Promise<Map<string, string | null>> {
    const clusters = await this.prisma.cluster.findMany({ select: { name: true, prometheusUrl: true } });
    return new Map(clusters.map((c) => [c.name, c.prometheusUrl]));
  }

  private async readEnvironments(names: readonly string[], now: number): Promise<void> {
    if (names.length === 0) return;
    const rows = await this.prisma.$queryRawUnsafe<EnvironmentComponentRow[]>(SELECT_ENVIRONMENTS_SQL, [...names]);
    const read = new Map<string, EnvironmentTarget & { components: EnvironmentTarget['components'][number][] }>();
    for (const row of rows) {
      let target = read.get(row.environment);
      if (!target) {
        target = { environment: row.environment, cluster: row.cluster, namespace: row.namespace, components: [] };
        read.set(row.environment, target);
      }
      if (row.component !== null && row.rollout !== null)
        target.components.push({ component: row.component, rollout: row.rollout });
    }
    for (const target of read.values()) this.environments.set(target.environment, { readAt: now, target });
    // a deleted environment is gone from the next read, not kept from an earlier one
    for (const n of names) if (!read.has(n)) this.environments.delete(n);
  }
}

interface EnvironmentComponentRow {
  environment: string;
  namespace: string;
  cluster: string;
  component: string | null;
  rollout: string | null;
}

/**
 * Environments with their cluster and components, one row per component, in one statement: through Prisma's
 * relation loading, the 6,400 environments of a ring entered cost ~250 ms of CPU (three queries and the join in
 * JavaScript), most of the pass that enters the ring.
 */
const SELECT_ENVIRONMENTS_SQL = `
SELECT e."name" AS "environment", e."namespace", c."name" AS "cluster", co."name" AS "component",
  co."rolloutName" AS "rollout"
FROM "Environment" e
JOIN "Cluster" c ON c."id" = e."clusterId"
LEFT JOIN "Component" co ON co."environmentId" = e."id"
WHERE e."name" = ANY($1::text[])
ORDER BY e."name", co."name"`;

/** The release images of the components an environment has. */
export function imagesFor(target: EnvironmentTarget, releaseImages: ComponentImages): ComponentImages {
  const images: Record<string, string> = {};
  for (const c of target.components) {
    const image = releaseImages[c.component];
    if (image !== undefined) images[c.component] = image;
  }
  return images;
}
