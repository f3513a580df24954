import { describe, expect, it } from '@jest/globals';
import { allReplicaSetsPath, allRolloutsPath, coreDiscoveryPath, podsPath, rolloutPath } from '../kube/api.paths.js';
import type { KubeRequest } from './kube.transport.js';
import { kubeVerbOf, type KubeVerb } from './kube.verb.js';

describe('kubeVerbOf', () => {
  it.each<{ name: string; request: KubeRequest; verb: KubeVerb }>([
    { name: 'core discovery', request: { method: 'GET', path: coreDiscoveryPath() }, verb: 'get' },
    { name: 'group discovery', request: { method: 'GET', path: '/apis/argoproj.io/v1alpha1' }, verb: 'get' },
    { name: 'Rollouts of every namespace', request: { method: 'GET', path: allRolloutsPath() }, verb: 'list' },
    { name: 'ReplicaSets of every namespace', request: { method: 'GET', path: allReplicaSetsPath }, verb: 'list' },
    { name: 'Pods of a namespace', request: { method: 'GET', path: podsPath('env-1') }, verb: 'list' },
    { name: 'the namespaces', request: { method: 'GET', path: '/api/v1/namespaces' }, verb: 'list' },
    { name: 'one namespace', request: { method: 'GET', path: '/api/v1/namespaces/env-1' }, verb: 'get' },
    { name: 'one Rollout', request: { method: 'GET', path: rolloutPath('env-1', 'author') }, verb: 'get' },
    {
      name: 'a Rollout status subresource',
      request: { method: 'GET', path: rolloutPath('env-1', 'author', 'status') },
      verb: 'get',
    },
    {
      name: 'a paginated list',
      request: { method: 'GET', path: allRolloutsPath(), query: { limit: 500, continue: 'abc' } },
      verb: 'list',
    },
    {
      name: 'a watch',
      request: { method: 'GET', path: allRolloutsPath(), query: { watch: true } },
      verb: 'watch',
    },
    { name: 'outside the resource API', request: { method: 'GET', path: '/version' }, verb: 'get' },
    { name: 'a patch', request: { method: 'PATCH', path: rolloutPath('env-1', 'author'), body: [] }, verb: 'patch' },
  ])('$name → $verb', ({ request, verb }) => {
    expect(kubeVerbOf(request)).toBe(verb);
  });
});
