import { describe, expect, it } from '@jest/globals';
import { parseImageReference, validateReleaseVersion } from './release.validation.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('validateReleaseVersion', () => {
  it.each([
    ['calendar', '2026.47.1'],
    ['semantic', '1.2.3'],
    ['with v', 'v2.0'],
    ['pre-release', '2026.47.1-rc.1'],
    ['build metadata', '1.0.0+build.5'],
    ['a single number', '7'],
  ])('accepts %s (%s)', (_name, version) => {
    expect(validateReleaseVersion(version)).toBe(version);
  });

  it.each([
    ['empty', ''],
    ['words', 'latest'],
    ['five numbers', '1.2.3.4.5'],
    ['a trailing dot', '1.2.'],
    ['spaces', '1.2 .3'],
    ['an empty pre-release', '1.2.3-'],
  ])('refuses %s (%s)', (_name, version) => {
    expect(() => validateReleaseVersion(version, 'input.version')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.version' }),
    );
  });
});

describe('parseImageReference', () => {
  it.each([
    [
      'registry, path and tag',
      'registry.example.com/cms/author:2026.47.1',
      { registry: 'registry.example.com', repository: 'cms/author', tag: '2026.47.1' },
    ],
    ['a registry with a port', 'localhost:5000/cms:1', { registry: 'localhost:5000', repository: 'cms', tag: '1' }],
    ['localhost', 'localhost/cms:1', { registry: 'localhost', repository: 'cms', tag: '1' }],
    ['no registry', 'cms/author:1.0', { repository: 'cms/author', tag: '1.0' }],
    ['a digest', `ghcr.io/acme/cms@${DIGEST}`, { registry: 'ghcr.io', repository: 'acme/cms', digest: DIGEST }],
    [
      'a tag and a digest',
      `ghcr.io/acme/cms:1.2@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/cms', tag: '1.2', digest: DIGEST },
    ],
    ['separators in a path', 'r.io/a_b/c--d/e.f:x', { registry: 'r.io', repository: 'a_b/c--d/e.f', tag: 'x' }],
  ])('reads %s', (_name, reference, expected) => {
    expect(parseImageReference(reference)).toEqual({
      registry: undefined,
      tag: undefined,
      digest: undefined,
      ...expected,
    });
  });

  it.each([
    ['no tag nor digest', 'registry.example.com/cms/author', /needs a tag/],
    ['a short digest', 'cms@sha256:abc', /digest/],
    ['another digest algorithm', `cms@md5:${'a'.repeat(64)}`, /digest/],
    ['upper case in the path', 'r.io/CMS:1', /repository part "CMS"/],
    ['an empty path part', 'r.io//cms:1', /repository part ""/],
    ['a bad tag', 'cms:-x', /tag "-x"/],
    ['empty', '', /1 to 255 characters/],
    ['a bad registry', 'r_x.io/cms:1', /registry "r_x.io"/],
  ])('refuses %s', (_name, reference, message) => {
    expect(() => parseImageReference(reference, 'components[0].image')).toThrow(message);
    expect(() => parseImageReference(reference, 'components[0].image')).toThrow(
      expect.objectContaining({ field: 'components[0].image' }),
    );
  });
});
