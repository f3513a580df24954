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

/** Reads the driver's view of a train's environments: two queries, whatever their number. */
export class TrainTargetsReader {
  constructor(private readonly prisma: PrismaClient) {}

  async read(releaseVersion: string, environments: readonly string[]): Promise<TrainTargets> {
    const [release, envs] = await Promise.all([
      this.prisma.release.findUnique({ where: { version: releaseVersion }, include: { components: true } }),
      environments.length === 0
        ? Promise.resolve([])
        : this.prisma.environment.findMany({
            where: { name: { in: [...environments] } },
            select: {
              name: true,
              namespace: true,
              cluster: { select: { name: true, prometheusUrl: true } },
              components: { select: { name: true, rolloutName: true } },
            },
          }),
    ]);
    const releaseImages: Record<string, string> = {};
    for (const c of release?.components ?? []) releaseImages[c.name] = c.image;
    const targets = new Map<string, EnvironmentTarget>();
    const prometheusUrls = new Map<string, string | null>();
    for (const e of envs) {
      prometheusUrls.set(e.name, e.cluster.prometheusUrl);
      targets.set(e.name, {
        environment: e.name,
        cluster: e.cluster.name,
        namespace: e.namespace,
        components: e.components.map((c) => ({ component: c.name, rollout: c.rolloutName })),
      });
    }
    return { targets, releaseImages, prometheusUrls };
  }
}

/** The release images of the components an environment has. */
export function imagesFor(target: EnvironmentTarget, releaseImages: ComponentImages): ComponentImages {
  const images: Record<string, string> = {};
  for (const c of target.components) {
    const image = releaseImages[c.component];
    if (image !== undefined) images[c.component] = image;
  }
  return images;
}
