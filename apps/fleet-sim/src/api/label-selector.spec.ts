import { describe, expect, it } from '@jest/globals';
import { parseFieldSelector, parseLabelSelector } from './label-selector.js';

const labels = { tenant: 'acme', tier: 'prod', 'ringmaster.io/cohort': 'early' };

describe('parseLabelSelector', () => {
  it.each([
    ['empty matches all', '', true],
    ['equality', 'tenant=acme', true],
    ['double equals', 'tenant==acme', true],
    ['inequality', 'tenant!=acme', false],
    ['in', 'tenant in (acme, globex)', true],
    ['notin', 'tenant notin (acme)', false],
    ['notin on a missing key', 'region notin (eu)', true],
    ['exists', 'ringmaster.io/cohort', true],
    ['not exists', '!ringmaster.io/cohort', false],
    ['conjunction', 'tenant=acme,tier in (prod),!region', true],
    ['conjunction failing', 'tenant=acme,tier=dev', false],
  ])('%s', (_name, selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects bad syntax with a 400', () => {
    expect(() => parseLabelSelector('tenant in acme)')).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('parseFieldSelector', () => {
  it('matches dotted paths', () => {
    const obj = { metadata: { name: 'a', namespace: 'ns' } };
    expect(parseFieldSelector('metadata.name=a,metadata.namespace!=other')(obj)).toBe(true);
    expect(parseFieldSelector('metadata.name=b')(obj)).toBe(false);
  });
});
