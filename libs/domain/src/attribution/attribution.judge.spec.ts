import { describe, expect, it } from '@jest/globals';
import type { Cause } from '../common/domain.enums.js';
import { attribute } from './attribution.judge.js';
import type { AttributionInput, ReleaseWindow } from './attribution.model.js';
import type { FleetFailure } from './fleet-spread.calculator.js';

const T0 = new Date('2026-11-20T10:00:00Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

/** `n` failures of one signature spread round-robin over tenants and clusters. */
function failures(signature: string, tenants: string[], clusters: string[], n = tenants.length): FleetFailure[] {
  return Array.from({ length: n }, (_, i) => ({
    environment: `env-${signature}-${i}`,
    tenant: tenants[i % tenants.length],
    cluster: clusters[i % clusters.length],
    signature,
  }));
}

const quietOld: ReleaseWindow = { exposedTargets: 10_000, failures: failures('CrashLoopBackOff', ['z'], ['c9'], 2) };

function input(overrides: Partial<AttributionInput> = {}): AttributionInput {
  return {
    environment: 'acme-prod',
    tenant: 'acme',
    cluster: 'eu-1',
    signature: 'CrashLoopBackOff',
    failedAt: minutes(10),
    trainTouchedAt: minutes(0),
    ...overrides,
  };
}

/** The new release's window with this target plus `others` failing. */
function fleet(others: FleetFailure[], old: ReleaseWindow = quietOld, exposed = 200) {
  const self: FleetFailure = {
    environment: 'acme-prod',
    tenant: 'acme',
    cluster: 'eu-1',
    signature: 'CrashLoopBackOff',
  };
  return { newRelease: { exposedTargets: exposed, failures: [self, ...others] }, oldRelease: old };
}

/** Like `fleet`, this target failing to pull images, the new release running in `clusters`. */
function pulling(others: FleetFailure[], clusters?: string[]) {
  const self: FleetFailure = { environment: 'acme-prod', tenant: 'acme', cluster: 'eu-1', signature: 'ErrImagePull' };
  return {
    newRelease: { exposedTargets: 6, failures: [self, ...others], exposedClusters: clusters },
    oldRelease: { exposedTargets: 6, failures: [] },
  };
}

/** The old release's window when the stable pods of `tenants` (first one in eu-1, the rest spread) fail alike. */
function stableFailing(tenants: string[]): ReleaseWindow {
  return {
    exposedTargets: 200,
    failures: tenants.map((tenant, i) => ({
      environment: tenant === 'acme' ? 'acme-prod' : `env-stable-${i}`,
      tenant,
      cluster: ['eu-1', 'us-1', 'ap-1'][i % 3],
      signature: 'CrashLoopBackOff',
    })),
  };
}

const fourTenants = failures('CrashLoopBackOff', ['globex', 'initech', 'umbrella'], ['eu-1', 'us-1']);
const oneOtherTenant = failures('CrashLoopBackOff', ['globex'], ['eu-1']);

describe('attribute', () => {
  it.each<[string, Partial<AttributionInput>, Cause, boolean]>([
    ['crash loop in 4 tenants across 2 clusters, unchanged code', { fleet: fleet(fourTenants) }, 'RELEASE', true],
    [
      'customer change but also spread across 4 tenants',
      { customerRevisionChangedAt: minutes(5), fleet: fleet(fourTenants) },
      'RELEASE',
      true,
    ],
    ['single tenant crash loop with no customer change', { fleet: fleet([]) }, 'UNKNOWN', false],
    ['single tenant crash loop and no fleet data', {}, 'UNKNOWN', false],
    [
      'customer revision changed 5 min before the failure',
      { customerRevisionChangedAt: minutes(5) },
      'CUSTOMER_CODE',
      false,
    ],
    [
      'customer revision changed 3 h before the failure (outside the window)',
      { customerRevisionChangedAt: minutes(-170) },
      'UNKNOWN',
      false,
    ],
    ['customer revision changed after the failure', { customerRevisionChangedAt: minutes(20) }, 'UNKNOWN', false],
    ['stable pods fail the same way', { stableFailingSameWay: true }, 'CUSTOMER_CODE', false],
    ['stable pods healthy, nothing else', { stableFailingSameWay: false }, 'UNKNOWN', false],
    [
      'failure began before the train touched the environment',
      { failureBeganAt: minutes(-15) },
      'CUSTOMER_CODE',
      false,
    ],
    [
      'stable failing the same way in one of 4 failing tenants',
      { stableFailingSameWay: true, fleet: fleet(fourTenants) },
      'CUSTOMER_CODE',
      true,
    ],
    [
      'stable failing the same way, only 2 other tenants fail (fleet signal needs them)',
      {
        stableFailingSameWay: true,
        fleet: fleet(failures('CrashLoopBackOff', ['globex', 'initech'], ['eu-1', 'us-1'])),
      },
      'CUSTOMER_CODE',
      false,
    ],
    [
      "stable healthy when the train touched it, then failing like every tenant's stable (Secret the upgrade deleted)",
      {
        stableFailingSameWay: true,
        stableHealthyWhenTouched: true,
        fleet: fleet(fourTenants, stableFailing(['acme', 'globex', 'initech', 'umbrella'])),
      },
      'RELEASE',
      true,
    ],
    [
      'stable already failing when the train touched it, like the others: not the train',
      {
        stableFailingSameWay: true,
        stableHealthyWhenTouched: false,
        fleet: fleet(fourTenants, stableFailing(['acme', 'globex', 'initech', 'umbrella'])),
      },
      'CUSTOMER_CODE',
      false,
    ],
    [
      'stable broke after the train touched it, but in this tenant only (its own dependency)',
      {
        stableFailingSameWay: true,
        stableHealthyWhenTouched: true,
        fleet: fleet([], stableFailing(['acme'])),
      },
      'CUSTOMER_CODE',
      false,
    ],
    [
      'stables broke after the train in many tenants, but this customer just changed its code',
      {
        stableFailingSameWay: true,
        stableHealthyWhenTouched: true,
        customerRevisionChangedAt: minutes(5),
        fleet: fleet(fourTenants, stableFailing(['acme', 'globex', 'initech', 'umbrella'])),
      },
      'CUSTOMER_CODE',
      false,
    ],
    ['release breaks unchanged code in 2 tenants', { fleet: fleet(oneOtherTenant) }, 'RELEASE', false],
    [
      'customer change against 2 tenants failing alike (conflict)',
      { customerRevisionChangedAt: minutes(5), fleet: fleet(oneOtherTenant) },
      'UNKNOWN',
      false,
    ],
    [
      '4 tenants in one cluster only: several tenants, not the fleet signal',
      { fleet: fleet(failures('CrashLoopBackOff', ['globex', 'initech', 'umbrella'], ['eu-1'])) },
      'RELEASE',
      false,
    ],
    [
      '4 tenants across clusters but the old release fails as often',
      {
        fleet: fleet(fourTenants, {
          exposedTargets: 200,
          failures: failures('CrashLoopBackOff', ['a', 'b', 'c', 'd'], ['eu-1', 'us-1']),
        }),
      },
      'UNKNOWN',
      false,
    ],
    ['metrics outage (analysis provider error)', { signature: 'AnalysisProviderError' }, 'TRANSIENT', false],
    [
      'metrics outage reported across the whole fleet',
      {
        signature: 'ANALYSIS_PROVIDER_ERROR',
        fleet: fleet(failures('ANALYSIS_PROVIDER_ERROR', ['globex', 'initech', 'umbrella'], ['eu-1', 'us-1'])),
      },
      'TRANSIENT',
      false,
    ],
    ['Kubernetes API unavailable', { signature: 'ApiServerUnavailable' }, 'TRANSIENT', false],
    ['node not ready', { signature: 'NodeNotReady' }, 'TRANSIENT', false],
    [
      'image pull failing on the old release too (registry outage)',
      {
        signature: 'ImagePullBackOff',
        fleet: fleet(failures('ErrImagePull', ['globex', 'initech', 'umbrella'], ['eu-1', 'us-1']), {
          exposedTargets: 10_000,
          failures: failures('ImagePullBackOff', ['a', 'b', 'c', 'd', 'e'], ['eu-1', 'us-1'], 400),
        }),
      },
      'TRANSIENT',
      false,
    ],
    [
      'image pull of a bad release image in 4 tenants, old release fine',
      {
        signature: 'ImagePullBackOff',
        fleet: fleet(failures('ErrImagePull', ['globex', 'initech', 'umbrella'], ['eu-1', 'us-1']), quietOld),
      },
      'RELEASE',
      true,
    ],
    [
      'image pull failing in 2 tenants of this cluster only, the release runs in 2 other clusters',
      {
        signature: 'ErrImagePull',
        fleet: pulling(failures('ErrImagePull', ['globex'], ['eu-1']), ['eu-1', 'us-1', 'ap-1']),
      },
      'TRANSIENT',
      false,
    ],
    [
      'image pull failing in this cluster only, and the release runs nowhere else',
      { signature: 'ErrImagePull', fleet: pulling(failures('ErrImagePull', ['globex'], ['eu-1']), ['eu-1']) },
      'RELEASE',
      false,
    ],
    [
      'image pull failing in this cluster only, no exposed clusters known',
      { signature: 'ErrImagePull', fleet: pulling(failures('ErrImagePull', ['globex'], ['eu-1'])) },
      'RELEASE',
      false,
    ],
    [
      'image pull failing in two clusters although the release runs in three',
      {
        signature: 'ErrImagePull',
        fleet: pulling(failures('ErrImagePull', ['globex'], ['us-1']), ['eu-1', 'us-1', 'ap-1']),
      },
      'RELEASE',
      false,
    ],
    ['cleared on retry', { clearedOnRetry: true }, 'TRANSIENT', false],
    ['persisted after a retry, nothing else', { clearedOnRetry: false }, 'UNKNOWN', false],
    ['OOM in a single tenant, unchanged code', { signature: 'OOMKilled', fleet: fleet([]) }, 'UNKNOWN', false],
    [
      'only the release changed: stable healthy at the touch and now, code unchanged, one tenant failing',
      { stableFailingSameWay: false, stableHealthyWhenTouched: true, fleet: fleet([]) },
      'RELEASE',
      false,
    ],
    [
      'only the release changed, no fleet data',
      { stableFailingSameWay: false, stableHealthyWhenTouched: true },
      'RELEASE',
      false,
    ],
    [
      'stable healthy now but not observed at the touch: not enough',
      { stableFailingSameWay: false, fleet: fleet([]) },
      'UNKNOWN',
      false,
    ],
    [
      'stable healthy at the touch, not observed now (a signature metrics cannot show): not enough',
      { signature: 'OOMKilled', stableHealthyWhenTouched: true, fleet: fleet([]) },
      'UNKNOWN',
      false,
    ],
    [
      'stable healthy at the touch and now, but the customer just changed its code',
      { stableFailingSameWay: false, stableHealthyWhenTouched: true, customerRevisionChangedAt: minutes(5) },
      'CUSTOMER_CODE',
      false,
    ],
    [
      'stable healthy at the touch and now, but the old release fails as often elsewhere',
      {
        stableFailingSameWay: false,
        stableHealthyWhenTouched: true,
        fleet: fleet([], { exposedTargets: 100, failures: failures('CrashLoopBackOff', ['a'], ['c'], 10) }),
      },
      'UNKNOWN',
      false,
    ],
    [
      'stable healthy at the touch and now, cleared on retry',
      { stableFailingSameWay: false, stableHealthyWhenTouched: true, clearedOnRetry: true },
      'TRANSIENT',
      false,
    ],
  ])('%s → %s', (_name, overrides, cause, haltNow) => {
    const result = attribute(input(overrides));
    expect(result.cause).toBe(cause);
    expect(result.haltNow).toBe(haltNow);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('is confident about the fleet signal and writes one sentence per signal that fired', () => {
    const result = attribute(
      input({ customerRevisionChangedAt: minutes(5), stableFailingSameWay: false, fleet: fleet(fourTenants) }),
    );
    expect(result).toMatchObject({ cause: 'RELEASE', signature: 'CRASH_LOOP', haltNow: true });
    expect(result.confidence).toBeGreaterThanOrEqual(0.9);
    expect(result.evidence).toEqual([
      'Signature: a crash loop (CrashLoopBackOff).',
      'Spread: 4 target(s) in 4 tenants across 2 clusters fail this way on the new release (2.0% of 200), against ' +
        '0.0% of 10000 on the old release in the same window.',
      'Baseline: the stable version in this environment is healthy.',
      'Customer change: the customer-code revision changed 5 min before the failure.',
    ]);
  });

  it.each<[string, Partial<AttributionInput>, object | undefined]>([
    [
      'RELEASE: the whole spread',
      { fleet: fleet(fourTenants) },
      {
        signature: 'CRASH_LOOP',
        targets: 4,
        tenants: ['acme', 'globex', 'initech', 'umbrella'],
        clusters: ['eu-1', 'us-1'],
      },
    ],
    [
      'CUSTOMER_CODE on direct evidence: the other tenants only',
      { stableFailingSameWay: true, fleet: fleet(fourTenants) },
      { signature: 'CRASH_LOOP', targets: 3, tenants: ['globex', 'initech', 'umbrella'], clusters: ['eu-1', 'us-1'] },
    ],
    ['no fleet signal: none', { fleet: fleet(oneOtherTenant) }, undefined],
  ])('keeps the spread behind haltNow (%s)', (_name, overrides, haltSpread) => {
    const result = attribute(input(overrides));
    expect(result.haltSpread).toEqual(haltSpread);
    expect(result.haltNow).toBe(haltSpread !== undefined);
  });

  it('says when the spread is not well above the old release', () => {
    const old = { exposedTargets: 100, failures: failures('CrashLoopBackOff', ['a'], ['c'], 10) };
    const result = attribute(input({ fleet: fleet([], old) }));
    expect(result.evidence[1]).toMatch(/against 10\.0% of 100 .* not well above it\.$/);
  });

  it('is more confident of customer code with several positive signals than with one', () => {
    const one = attribute(input({ customerRevisionChangedAt: minutes(5) }));
    const three = attribute(
      input({ customerRevisionChangedAt: minutes(-20), failureBeganAt: minutes(-10), stableFailingSameWay: true }),
    );
    expect(three.cause).toBe('CUSTOMER_CODE');
    expect(three.confidence).toBeGreaterThan(one.confidence);
    expect(three.evidence).toContain('Time: the failure began 10 min before this train touched the environment.');
  });

  it('honours a policy with a larger customer-change window', () => {
    const changed = input({ customerRevisionChangedAt: minutes(-170) });
    expect(attribute(changed).cause).toBe('UNKNOWN');
    const policy = {
      customerChangeWindowMs: 4 * 60 * 60_000,
      haltMinTenants: 3,
      haltMinClusters: 2,
      minRateRatio: 3,
      severalTenants: 2,
    };
    expect(attribute(changed, policy).cause).toBe('CUSTOMER_CODE');
  });
});
