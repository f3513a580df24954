import { describe, expect, it } from '@jest/globals';
import { attributionsOf, attributionsQuery, trainQuery } from './train.queries.js';

const squash = (q: string | undefined) => q?.replace(/\s+/g, ' ');

describe('the train queries follow the schema', () => {
  it.each([
    [
      'no events in the schema: rings only',
      { attributions: false, targetAttributions: false },
      /^query\(\$id: ID!\) \{ train\(id: \$id\) \{ id status .* rings \{ .* \} \} \}$/,
    ],
    [
      'paged events: after the cursor, with the fields the schema has',
      { events: { fields: ['id', 'type', 'message'], paged: true }, attributions: true, targetAttributions: false },
      /query\(\$id: ID!, \$after: String\).* events\(first: 200, after: \$after\) \{ edges \{ node \{ id type message \} \} pageInfo \{ endCursor \} \}/,
    ],
    [
      'unpaged events: all of them',
      { events: { fields: ['type', 'message'], paged: false }, attributions: false, targetAttributions: false },
      /query\(\$id: ID!\).* events \{ edges \{ node \{ type message \} \} \}/,
    ],
  ])('%s', (_name, api, expected) => {
    expect(squash(trainQuery(api))).toMatch(expected);
  });

  it.each([
    ['Train.attributions', { attributions: true, targetAttributions: true }, /attributions \{ environment ring cause/],
    [
      'Target.attribution',
      { attributions: false, targetAttributions: true },
      /targets\(first: 500\) \{ edges \{ node \{ attribution \{/,
    ],
    ['neither', { attributions: false, targetAttributions: false }, undefined],
  ])('attributions through %s', (_name, api, expected) => {
    const query = squash(attributionsQuery(api));
    if (expected) expect(query).toMatch(expected);
    else expect(query).toBeUndefined();
  });

  it('reads attributions out of either answer', () => {
    const a = { environment: 'e', ring: 'r', cause: 'RELEASE', confidence: 0.9, evidence: [] };
    expect(attributionsOf({ train: { attributions: [a] } })).toEqual([a]);
    expect(
      attributionsOf({
        train: { targets: { edges: [{ node: { attribution: a } }, { node: { attribution: null } }] } },
      }),
    ).toEqual([a]);
  });
});
