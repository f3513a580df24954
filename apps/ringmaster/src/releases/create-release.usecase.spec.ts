import { describe, expect, it } from '@jest/globals';
import { checkRelease } from './create-release.usecase.js';

const component = { name: 'author', image: 'registry.example.com/cms/author:2026.48.0' };

describe('checkRelease', () => {
  it.each([
    ['a good release', { version: '2026.48.0', components: [component] }, []],
    [
      'a digest-pinned image',
      { version: '1.2.3-rc.1', components: [{ name: 'a', image: `cms/a@sha256:${'a'.repeat(64)}` }] },
      [],
    ],
    ['a bad version', { version: 'latest', components: [component] }, ['version']],
    ['no components', { version: '1.0.0', components: [] }, ['components']],
    [
      'an upper-case component',
      { version: '1.0.0', components: [{ ...component, name: 'Author' }] },
      ['components[0].name'],
    ],
    ['a repeated component', { version: '1.0.0', components: [component, component] }, ['components[1].name']],
    ['an unpinned image', { version: '1.0.0', components: [{ name: 'a', image: 'cms/a' }] }, ['components[0].image']],
    [
      'several problems at once',
      { version: 'x', components: [{ name: 'A', image: 'B' }] },
      ['version', 'components[0].name', 'components[0].image'],
    ],
    ['long notes', { version: '1.0.0', components: [component], notes: 'n'.repeat(10_001) }, ['notes']],
  ])('%s', (_name, input, fields) => {
    expect(checkRelease(input).map((i) => i.field)).toEqual(fields);
  });
});
