import type { ComponentImages, EnvironmentTarget, RolloutDriver } from '@ringmaster/clusters';

/**
 * Whether an environment's stable role already runs the release: a Rollout fully promoted to the release's image
 * serves the release as "stable", so its stable metrics are the release's own and no baseline of the old version.
 * `undefined` when it cannot be told (the cluster cannot be observed, no component of the release is seen).
 */
export interface StableRoleProbe {
  stableRunsRelease(target: EnvironmentTarget, releaseImages: ComponentImages): Promise<boolean | undefined>;
}

/** From the driver's observation (its watch caches: no Kubernetes request). */
export class DriverStableRoleProbe implements StableRoleProbe {
  constructor(private readonly driver: Pick<RolloutDriver, 'observe'>) {}

  async stableRunsRelease(target: EnvironmentTarget, releaseImages: ComponentImages): Promise<boolean | undefined> {
    const [observed] = await this.driver.observe([target]).catch(() => []);
    if (!observed || observed.error) return undefined;
    const seen = observed.components.filter((c) => c.status !== null && releaseImages[c.component] !== undefined);
    if (seen.length === 0) return undefined;
    return seen.some((c) => c.status!.fullyPromoted && c.status!.image === releaseImages[c.component]);
  }
}
