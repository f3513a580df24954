import { describe, expect, it } from '@jest/globals';
import { rolloutValidator } from './crd.validator.js';

const valid = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'author' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'author' } },
    template: {
      metadata: { labels: { app: 'author' } },
      spec: { containers: [{ name: 'author', image: 'cms/author:1' }] },
    },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '5s' } }, { pause: {} }] } },
  },
};

describe('rolloutValidator (real Argo Rollouts CRD)', () => {
  const validate = rolloutValidator();

  it('accepts a canary Rollout with setWeight and pause steps', () => {
    expect(validate(valid)).toEqual([]);
  });

  it.each([
    [
      'a non-integer setWeight',
      { strategy: { canary: { steps: [{ setWeight: 'half' }] } } },
      'spec.strategy.canary.steps[0].setWeight',
    ],
    ['replicas as a string', { replicas: 'two' }, 'spec.replicas'],
    [
      'a container without a name',
      { template: { spec: { containers: [{ image: 'x' }] } } },
      'spec.template.spec.containers[0].name',
    ],
  ])('rejects %s, naming the field', (_name, specPatch, field) => {
    const causes = validate({ ...valid, spec: { ...valid.spec, ...specPatch } });
    expect(causes.map((c) => c.field)).toContain(field);
  });
});
