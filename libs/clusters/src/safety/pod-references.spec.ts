import { describe, expect, it } from '@jest/globals';
import type { PodTemplateSpec } from '../kube/kube.types.js';
import { podTemplateReferences } from './pod-references.js';

describe('podTemplateReferences', () => {
  it.each<{ name: string; template: PodTemplateSpec | undefined; expected: unknown[] }>([
    { name: 'no template', template: undefined, expected: [] },
    {
      name: 'envFrom of a container',
      template: {
        spec: {
          containers: [{ name: 'a', envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'sec' } }] }],
        },
      },
      expected: [
        { kind: 'configmap', name: 'cfg', optional: false },
        { kind: 'secret', name: 'sec', optional: false },
      ],
    },
    {
      name: 'env valueFrom of an init container, optional',
      template: {
        spec: {
          initContainers: [
            {
              name: 'i',
              env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'init-sec', key: 'k', optional: true } } }],
            },
          ],
          containers: [
            {
              name: 'a',
              env: [
                { name: 'L', valueFrom: { configMapKeyRef: { name: 'cm', key: 'l' } } },
                { name: 'P', value: 'plain' },
              ],
            },
          ],
        },
      },
      expected: [
        { kind: 'configmap', name: 'cm', optional: false },
        { kind: 'secret', name: 'init-sec', optional: true },
      ],
    },
    {
      name: 'volumes, projected sources and pull secrets',
      template: {
        spec: {
          containers: [{ name: 'a' }],
          volumes: [
            { name: 'v1', configMap: { name: 'files' } },
            { name: 'v2', secret: { secretName: 'tls' } },
            {
              name: 'v3',
              projected: {
                sources: [
                  { secret: { name: 'proj-sec' } },
                  { configMap: { name: 'proj-cm', optional: true } },
                  { downwardAPI: {} },
                ],
              },
            },
            { name: 'v4', emptyDir: {} },
          ],
          imagePullSecrets: [{ name: 'registry' }],
        },
      },
      expected: [
        { kind: 'configmap', name: 'files', optional: false },
        { kind: 'configmap', name: 'proj-cm', optional: true },
        { kind: 'secret', name: 'proj-sec', optional: false },
        { kind: 'secret', name: 'registry', optional: false },
        { kind: 'secret', name: 'tls', optional: false },
      ],
    },
    {
      name: 'optional in one place, required in another: required',
      template: {
        spec: {
          containers: [{ name: 'a', envFrom: [{ secretRef: { name: 's', optional: true } }] }],
          volumes: [{ name: 'v', secret: { secretName: 's' } }],
        },
      },
      expected: [{ kind: 'secret', name: 's', optional: false }],
    },
  ])('$name', ({ template, expected }) => {
    expect(podTemplateReferences(template)).toEqual(expected);
  });
});
