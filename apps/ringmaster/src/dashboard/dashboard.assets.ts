import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file the dashboard serves. */
export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// Both src/dashboard/*.ts (tests) and dist/dashboard/*.js (built) sit two levels below the app folder, and the
// static files are not compiled: the built service reads them from the source folder too.
const PUBLIC_DIR = fileURLToPath(new URL('../../src/dashboard/public/', import.meta.url));
const RELATIVE_IMPORT = /\bfrom\s*['"]\.\/([\w.-]+\.js)['"]/g;

/** The content type of a file the dashboard may serve, or undefined when its kind is not served. */
export function contentTypeOf(fileName: string): string | undefined {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()];
}

/**
 * The dashboard's files, read once into memory: the page's own (`public/`) and the browser build of the graphql-ws
 * client with the modules it imports. Requests are answered by name from this map only, so no request path ever
 * reaches the file system.
 */
export class DashboardAssets {
  private constructor(
    private readonly own: ReadonlyMap<string, DashboardAsset>,
    private readonly vendor: ReadonlyMap<string, DashboardAsset>,
  ) {}

  static load(publicDir = PUBLIC_DIR): DashboardAssets {
    const own = new Map<string, DashboardAsset>();
    for (const name of readdirSync(publicDir)) {
      const contentType = contentTypeOf(name);
      if (contentType) own.set(name, { contentType, body: readFileSync(path.join(publicDir, name)) });
    }
    return new DashboardAssets(own, loadGraphqlWsClient());
  }

  /** A file of `public/` by its name (`index.html`, `app.js`, ...). */
  page(name: string): DashboardAsset | undefined {
    return this.own.get(name);
  }

  /** A module of graphql-ws's browser client (`client.js` and what it imports). */
  graphqlWs(name: string): DashboardAsset | undefined {
    return this.vendor.get(name);
  }
}

/** graphql-ws's ESM client imports nothing but sibling chunks (`./common-….js`), which a browser resolves itself. */
function loadGraphqlWsClient(): Map<string, DashboardAsset> {
  const distDir = path.dirname(createRequire(import.meta.url).resolve('graphql-ws/client'));
  const modules = new Map<string, DashboardAsset>();
  const pending = ['client.js'];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (modules.has(name)) continue;
    const body = readFileSync(path.join(distDir, name));
    modules.set(name, { contentType: CONTENT_TYPES['.js'], body });
    for (const match of body.toString('utf8').matchAll(RELATIVE_IMPORT)) pending.push(match[1]);
  }
  return modules;
}
