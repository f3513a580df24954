import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFault, loadScenario, ScenarioError } from './scenario.loader.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const minimal = `
platform: { version: 2026.46.0 }
clusters: [{ name: eu-1, region: eu }]
`;

describe('loadScenario', () => {
  it('loads the sample scenario file', () => {
    const s = loadScenario(path.join(here, '../../scenarios/small.yaml'));
    expect(s.clusters.map((c) => c.name)).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(s.faults?.[0]).toMatchObject({ kind: 'bad-release', match: { image: '2026.47.1' } });
  });

  it('loads YAML text', () => {
    expect(loadScenario(minimal).platform.version).toBe('2026.46.0');
  });

  it.each([
    [
      'a missing region',
      `platform: { version: v1 }\nclusters: [{ name: eu-1 }]`,
      "clusters[0]: must have required property 'region'",
    ],
    ['an unknown field', `${minimal}\nsurprise: 1`, 'must NOT have additional properties "surprise"'],
    ['a bad step', `${minimal}\ncanary: { steps: [{ setWeight: 120 }] }`, 'canary.steps[0].setWeight: must be <= 100'],
    ['a bad duration', `${minimal}\nsettings: { tick: soon }`, 'settings.tick'],
    [
      'an unknown cluster',
      `${minimal}\nenvironments: { list: [{ name: a, cluster: mars, tenant: t }] }`,
      'environments.list[0].cluster: unknown cluster "mars"',
    ],
    [
      'a fault without a match',
      `${minimal}\nfaults: [{ kind: bad-release, effect: crashloop }]`,
      "faults[0]: must have required property 'match'",
    ],
    ['invalid YAML', 'clusters: [', 'not valid YAML'],
  ])('rejects %s, naming the path', (_name, text, message) => {
    expect(() => loadScenario(text)).toThrow(ScenarioError);
    expect(() => loadScenario(text)).toThrow(message);
  });
});

describe('checkFault', () => {
  it.each([
    ['an API outage', { kind: 'api-outage', cluster: 'eu-1', mode: 'timeout', for: '10s' }],
    [
      'a bad release limited to a component',
      {
        kind: 'bad-release',
        match: { image: '2026.47.1' },
        effect: 'slow-leak',
        after: '20s',
        components: ['publish'],
      },
    ],
    [
      'a customer-code change',
      { kind: 'customer-code', environment: 'shop-0001', revision: 'r9', effect: 'crashloop' },
    ],
  ])('accepts %s', (_name, fault) => {
    expect(checkFault(fault)).toEqual(fault);
  });

  it('rejects an unknown effect', () => {
    expect(() => checkFault({ kind: 'bad-release', match: { image: 'x' }, effect: 'explode' })).toThrow('effect');
  });
});
