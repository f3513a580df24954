import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';

// RINGMASTER_GRAPHQL_INTROSPECTION and RINGMASTER_GRAPHQL_SANDBOX, against the running service.

const INTROSPECTION = JSON.stringify({ query: '{ __schema { queryType { name } } }' });

async function serve(env: Record<string, string>): Promise<RunningService> {
  const db = embeddedTestDatabase();
  const service = await startService({ ...loadConfig({ PORT: '0', ...env }), database: db.config });
  const close = service.close.bind(service);
  return Object.assign(service, { close: async () => (await close(), await db.drop()) });
}

const introspect = (url: string) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: INTROSPECTION });
const landing = (url: string) => fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });

describe('GraphQL settings', () => {
  const services: RunningService[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
  });

  it('by default: introspection on, no Sandbox page', async () => {
    const s = await serve({});
    services.push(s);
    expect(await (await introspect(s.url)).json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await landing(s.url);
    expect(await page.text()).not.toMatch(/sandbox/i);
  });

  it('introspection off and the Sandbox on, when asked', async () => {
    const s = await serve({ RINGMASTER_GRAPHQL_INTROSPECTION: 'false', RINGMASTER_GRAPHQL_SANDBOX: 'true' });
    services.push(s);
    const refused = (await (await introspect(s.url)).json()) as { errors?: { message: string }[] };
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await landing(s.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/sandbox/i);
  });
});
