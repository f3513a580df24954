import { describe, expect, it } from '@jest/globals';
import type { RolloutObject } from '../kube/kube.types.js';
import { deployment, NEW_IMAGE, OLD_IMAGE, rollout, workloadRefRollout } from '../testing/rollout.fixtures.js';
import { discoverEnvironments, findDuplicatesAcrossClusters } from './environment.discovery.js';

const cluster = { name: 'eu-1', labels: { region: 'eu' } };

function ro(namespace: string, component: string, labels: Record<string, string> = {}, env = namespace): RolloutObject {
  const base = rollout();
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name: component,
      namespace,
      labels: {
        'ringmaster.io/environment': env,
        'ringmaster.io/tenant': 'acme',
        'ringmaster.io/component': component,
        ...labels,
      },
    },
  };
}

describe('discoverEnvironments', () => {
  it('groups the Rollouts of a namespace into one environment with selector labels', () => {
    const out = discoverEnvironments({
      cluster,
      rollouts: [ro('acme-prod', 'publish', { 'ringmaster.io/cohort': 'early' }), ro('acme-prod', 'author')],
    });
    expect(out).toEqual({
      cluster: 'eu-1',
      rollouts: 2,
      duplicates: [],
      environments: [
        {
          name: 'acme-prod',
          cluster: 'eu-1',
          namespace: 'acme-prod',
          tenant: 'acme',
          cohort: 'early',
          labels: { environment: 'acme-prod', tenant: 'acme', cohort: 'early', region: 'eu', cluster: 'eu-1' },
          customerRevision: 'a1b2c3d',
          components: [
            {
              component: 'author',
              rollout: 'author',
              namespace: 'acme-prod',
              container: 'author',
              image: OLD_IMAGE,
              template: 'inline',
              workloadRef: null,
              customerRevision: 'a1b2c3d',
            },
            {
              component: 'publish',
              rollout: 'publish',
              namespace: 'acme-prod',
              container: 'author',
              image: OLD_IMAGE,
              template: 'inline',
              workloadRef: null,
              customerRevision: 'a1b2c3d',
            },
          ],
        },
      ],
    });
  });

  it.each([
    {
      name: 'same environment name in two namespaces: reported, not merged',
      rollouts: [ro('ns-a', 'author', {}, 'shared'), ro('ns-b', 'author', {}, 'shared'), ro('solo', 'author')],
      environments: ['solo'],
      duplicates: [
        {
          name: 'shared',
          locations: [
            { cluster: 'eu-1', namespace: 'ns-a' },
            { cluster: 'eu-1', namespace: 'ns-b' },
          ],
        },
      ],
    },
    {
      name: 'Rollouts without the environment label are ignored',
      rollouts: [{ ...rollout(), metadata: { name: 'x', namespace: 'y', labels: {} } }, ro('solo', 'author')],
      environments: ['solo'],
      duplicates: [],
    },
    { name: 'no Rollouts', rollouts: [], environments: [], duplicates: [] },
  ])('$name', ({ rollouts, environments, duplicates }) => {
    const out = discoverEnvironments({ cluster, rollouts });
    expect(out.environments.map((e) => e.name)).toEqual(environments);
    expect(out.duplicates).toEqual(duplicates);
  });

  it('cluster labels and the cluster name win over same-named Rollout labels', () => {
    const out = discoverEnvironments({
      cluster,
      rollouts: [ro('acme-prod', 'author', { 'ringmaster.io/region': 'us', 'ringmaster.io/cluster': 'zz' })],
    });
    expect(out.environments[0].labels).toMatchObject({ region: 'eu', cluster: 'eu-1' });
  });

  it('reads workloadRef images from the given Deployments, null without them', () => {
    const wr = workloadRefRollout();
    const withDep = discoverEnvironments({
      cluster,
      rollouts: [wr],
      deployments: new Map([['acme-prod/author', deployment(NEW_IMAGE)]]),
    });
    expect(withDep.environments[0].components[0]).toMatchObject({
      template: 'workloadRef',
      workloadRef: 'author',
      image: NEW_IMAGE,
    });
    const without = discoverEnvironments({ cluster, rollouts: [wr] });
    expect(without.environments[0].components[0]).toMatchObject({
      template: 'workloadRef',
      image: null,
      container: null,
    });
  });
});

describe('findDuplicatesAcrossClusters', () => {
  it('reports an environment name found in two clusters', () => {
    const a = discoverEnvironments({ cluster, rollouts: [ro('acme-prod', 'author'), ro('solo', 'author')] });
    const b = discoverEnvironments({
      cluster: { name: 'us-1', labels: { region: 'us' } },
      rollouts: [ro('acme-prod', 'author')],
    });
    expect(findDuplicatesAcrossClusters([a, b])).toEqual([
      {
        name: 'acme-prod',
        locations: [
          { cluster: 'eu-1', namespace: 'acme-prod' },
          { cluster: 'us-1', namespace: 'acme-prod' },
        ],
      },
    ]);
  });
});
