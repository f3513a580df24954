import { describe, expect, it } from '@jest/globals';
import { roleAllows, type Role } from './role.model.js';

describe('roleAllows', () => {
  it.each<[Role, Role, boolean]>([
    ['VIEWER', 'VIEWER', true],
    ['VIEWER', 'RELEASE_MANAGER', false],
    ['VIEWER', 'ADMIN', false],
    ['RELEASE_MANAGER', 'VIEWER', true],
    ['RELEASE_MANAGER', 'RELEASE_MANAGER', true],
    ['RELEASE_MANAGER', 'ADMIN', false],
    ['ADMIN', 'VIEWER', true],
    ['ADMIN', 'RELEASE_MANAGER', true],
    ['ADMIN', 'ADMIN', true],
  ])('%s for an operation needing %s: %s', (actual, required, allowed) => {
    expect(roleAllows(actual, required)).toBe(allowed);
  });
});
