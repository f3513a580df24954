import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { contentTypeOf, DashboardAssets } from './dashboard.assets.js';

describe('contentTypeOf', () => {
  it.each([
    ['the page', 'index.html', 'text/html; charset=utf-8'],
    ['a module', 'app.js', 'text/javascript; charset=utf-8'],
    ['a style sheet', 'dashboard.css', 'text/css; charset=utf-8'],
    ['an icon', 'favicon.svg', 'image/svg+xml'],
    ['upper-case extension', 'INDEX.HTML', 'text/html; charset=utf-8'],
    ['a TypeScript source', 'dashboard.module.ts', undefined],
    ['no extension', 'README', undefined],
  ])('%s: %s → %s', (_case, name, expected) => {
    expect(contentTypeOf(name)).toBe(expected);
  });
});

describe('DashboardAssets', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'dashboard-assets-'));
  writeFileSync(path.join(folder, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(folder, 'notes.txt'), 'not served');
  const assets = DashboardAssets.load(folder);

  it('serves the folder’s files of served kinds, by name only', () => {
    expect(assets.page('index.html')?.body.toString()).toBe('<!doctype html>');
    expect(assets.page('notes.txt')).toBeUndefined();
    expect(assets.page('../index.html')).toBeUndefined();
  });

  it('serves graphql-ws’s browser client with every sibling module it imports, and nothing else of the package', () => {
    const client = assets.graphqlWs('client.js')!;
    expect(client.contentType).toBe('text/javascript; charset=utf-8');
    const imported = [...client.body.toString().matchAll(/from\s*['"]\.\/([\w.-]+\.js)['"]/g)].map((m) => m[1]);
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) {
      const module = assets.graphqlWs(name)!.body.toString();
      // the browser resolves relative imports itself; a bare one ('graphql', 'ws') would break the page
      expect(module).not.toMatch(/(?:^|\n)\s*import[^'"]*['"][^./]/);
    }
    expect(assets.graphqlWs('index.js')).toBeUndefined();
    expect(assets.graphqlWs('server-zBhvXJ_Z.js')).toBeUndefined();
  });

  it('reads the real public folder by default', () => {
    const real = DashboardAssets.load();
    for (const name of ['index.html', 'app.js', 'api.js', 'dashboard.css']) expect(real.page(name)).toBeDefined();
  });
});
