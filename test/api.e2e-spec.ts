import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@ringmaster/config';
import { decryptSecret } from '@ringmaster/clusters';
import { startFleetSim, type FleetSim } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

const ADMIN_TOKEN = 'api-admin-token-0123456789';
const KEY = randomBytes(32);
// starting the service migrates a fresh database: slow for PGlite on a busy machine
const SERVICE_START_TIMEOUT_MS = 180_000;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

const SCENARIO = {
  platform: { version: '2026.47.0', imageTemplate: 'cms/{component}:{version}' },
  clusters: [{ name: 'eu-west-1', region: 'eu', labels: { tier: 'prod' } }],
  environments: {
    list: [
      { name: 'env-a', cluster: 'eu-west-1', tenant: 'acme' },
      { name: 'env-b', cluster: 'eu-west-1', tenant: 'globex' },
      { name: 'env-c', cluster: 'eu-west-1', tenant: 'acme' },
      { name: 'internal-eu', cluster: 'eu-west-1', tenant: 'internal' },
    ],
  },
};

const RING = {
  kind: 'ALL',
  selector: '',
  maxParallel: 2,
  bake: '30m',
  failureBudget: { maxFailures: 1 },
  gate: 'AUTO',
};
const UPSERT = `mutation($input: UpsertRingPlanInput!) {
  upsertRingPlan(input: $input) { name revision autoRollback rings { position name kind selector bake bakeSeconds gate
    failureBudget { maxFailures maxFailurePercent } } } }`;
const CREATE_RELEASE = `mutation($input: CreateReleaseInput!) {
  createRelease(input: $input) { version notes createdBy components { name image } } }`;
const REGISTER = `mutation($input: RegisterClusterInput!) {
  registerCluster(input: $input) { name region state inlineKubeconfig kubeconfigPath labels { key value } } }`;

describe.each(modes)('the API on %s', (_mode, makeDatabase) => {
  let service: RunningService;
  let testDb: TestDatabase;
  let sim: FleetSim;
  let admin: GraphQLClient;
  let manager: GraphQLClient;

  beforeAll(async () => {
    testDb = await makeDatabase();
    sim = await startFleetSim({ scenario: SCENARIO });
    const env = { PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN, RINGMASTER_ENCRYPTION_KEY: KEY.toString('hex') };
    service = await startService({ ...loadConfig(env), database: testDb.config });
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const created = await admin<{ createApiToken: { token: string } }>(
      'mutation { createApiToken(name: "ci", role: RELEASE_MANAGER) { token } }',
    );
    manager = graphqlClient(service.url, created.data!.createApiToken.token);
  }, SERVICE_START_TIMEOUT_MS);
  afterAll(async () => {
    await service?.close();
    await sim?.close();
    await testDb?.drop();
  });

  describe('releases', () => {
    it('creates an immutable release, reads it back, and refuses the same version again', async () => {
      const input = {
        version: '2026.48.0',
        components: [{ name: 'author', image: 'cms/author:2026.48.0' }],
        notes: 'n',
      };
      expect(await manager(CREATE_RELEASE, { input })).toEqual({
        data: { createRelease: { ...input, createdBy: 'token:ci' } },
      });
      const again = await manager(CREATE_RELEASE, { input: { ...input, notes: 'changed' } });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      const read = await manager('{ release(version: "2026.48.0") { notes } releases { version } }');
      expect(read.data).toEqual({ release: { notes: 'n' }, releases: [{ version: '2026.48.0' }] });
      const missing = await manager('{ release(version: "1.0.0") { version } }');
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it.each([
      ['a bad version', { version: 'latest', components: [{ name: 'a', image: 'cms/a:1' }] }, 'version'],
      ['no components', { version: '1.0.1', components: [] }, 'components'],
      ['an unpinned image', { version: '1.0.2', components: [{ name: 'a', image: 'cms/a' }] }, 'components[0].image'],
      [
        'a duplicate component',
        {
          version: '1.0.3',
          components: [
            { name: 'a', image: 'cms/a:1' },
            { name: 'a', image: 'cms/a:2' },
          ],
        },
        'components[1].name',
      ],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, input, field) => {
      const { data, errors } = await manager(CREATE_RELEASE, { input });
      expect(data).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const rows = await service.db.query('SELECT 1 FROM "Release" WHERE version = $1', [input.version]);
      expect(rows).toEqual([]);
    });
  });

  describe('ring plans', () => {
    const plan = {
      name: 'standard',
      rings: [
        { ...RING, name: 'internal', kind: 'INTERNAL', selector: 'tenant=internal', bake: '45s' },
        { ...RING, name: 'everyone', gate: 'MANUAL', failureBudget: { maxFailurePercent: 5 } },
      ],
    };

    it('creates a plan at revision 1, keeps it on an identical upsert, and bumps it on a change', async () => {
      const first = await manager<{ upsertRingPlan: { revision: number; rings: unknown[] } }>(UPSERT, { input: plan });
      expect(first.data?.upsertRingPlan).toMatchObject({ revision: 1, autoRollback: false });
      expect(first.data?.upsertRingPlan.rings).toEqual([
        expect.objectContaining({ position: 0, name: 'internal', bake: '45s', bakeSeconds: 45 }),
        expect.objectContaining({ position: 1, name: 'everyone', gate: 'MANUAL', bake: '30m' }),
      ]);
      const same = await manager<{ upsertRingPlan: { revision: number } }>(UPSERT, { input: plan });
      expect(same.data?.upsertRingPlan.revision).toBe(1);
      const changed = await manager<{ upsertRingPlan: { revision: number } }>(UPSERT, {
        input: { ...plan, autoRollback: true },
      });
      expect(changed.data?.upsertRingPlan).toMatchObject({ revision: 2, autoRollback: true });
      const read = await manager('{ ringPlan(name: "standard") { revision rings { name } } ringPlans { name } }');
      expect(read.data).toEqual({
        ringPlan: { revision: 2, rings: [{ name: 'internal' }, { name: 'everyone' }] },
        ringPlans: [{ name: 'standard' }],
      });
    });

    it('reports every problem of a bad plan with its field, and writes nothing', async () => {
      const bad = {
        name: 'broken',
        rings: [
          { ...RING, name: 'a', selector: 'tenant in (' },
          { ...RING, name: 'a', bake: 'soon' },
        ],
      };
      const { errors } = await manager(UPSERT, { input: bad });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const fields = errors?.[0].extensions?.issues?.map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['rings[0].selector', 'rings[1].name', 'rings[1].bake']));
      expect(await service.db.query(`SELECT 1 FROM "RingPlan" WHERE name = 'broken'`)).toEqual([]);
    });
  });

  describe('clusters', () => {
    it('registers a fleet-sim cluster with an inline kubeconfig, stored encrypted, and redacts it in the audit log', async () => {
      const cluster = sim.clusters[0];
      const input = {
        name: 'eu-west-1',
        region: 'eu',
        labels: [{ key: 'tier', value: 'prod' }],
        kubeconfig: cluster.kubeconfig,
      };
      const { data, errors } = await admin(REGISTER, { input });
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        registerCluster: {
          name: 'eu-west-1',
          region: 'eu',
          state: 'ACTIVE',
          inlineKubeconfig: true,
          kubeconfigPath: null,
          labels: [
            { key: 'region', value: 'eu' },
            { key: 'tier', value: 'prod' },
          ],
        },
      });
      const [row] = await service.db.query<{ kubeconfigEncrypted: string }>(
        `SELECT "kubeconfigEncrypted" FROM "Cluster" WHERE name = 'eu-west-1'`,
      );
      expect(row.kubeconfigEncrypted).not.toContain(cluster.token);
      expect(decryptSecret(KEY, row.kubeconfigEncrypted, 'eu-west-1')).toBe(cluster.kubeconfig);
      const audit = await service.db.query<{ arguments: { input: Record<string, unknown> }; outcome: string }>(
        `SELECT arguments, outcome FROM "AuditEntry" WHERE operation = 'registerCluster'`,
      );
      expect(audit).toEqual([{ arguments: { input: { ...input, kubeconfig: '[redacted]' } }, outcome: 'ok' }]);
      expect(JSON.stringify(audit)).not.toContain(cluster.token);
      const again = await admin(REGISTER, { input });
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
      const log = await admin<{ auditLog: { operation: string; actor: string; arguments: string; outcome: string }[] }>(
        '{ auditLog(last: 2) { operation actor arguments outcome } }',
      );
      expect(log.data?.auditLog.map((e) => [e.operation, e.actor, e.outcome])).toEqual([
        ['registerCluster', 'admin-token', 'error:CONFLICT'],
        ['registerCluster', 'admin-token', 'ok'],
      ]);
      expect(log.data?.auditLog[0].arguments).not.toContain(cluster.token);
    });

    it.each([
      ['no credentials', { name: 'c1', region: 'eu' }, 'kubeconfig'],
      ['both credentials', { name: 'c1', region: 'eu', kubeconfig: 'x', kubeconfigPath: '/x' }, 'kubeconfig'],
      ['an unreadable path', { name: 'c1', region: 'eu', kubeconfigPath: '/nonexistent/kubeconfig' }, 'kubeconfigPath'],
      ['a bad name', { name: 'Bad_Name', region: 'eu', kubeconfigPath: '/x' }, 'name'],
      [
        'a reserved label',
        { name: 'c1', region: 'eu', kubeconfigPath: '/x', labels: [{ key: 'cluster', value: 'x' }] },
        'labels[0].key',
      ],
      [
        'a bad Prometheus URL',
        { name: 'c1', region: 'eu', kubeconfigPath: '/x', prometheusUrl: 'ftp://p' },
        'prometheusUrl',
      ],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, input, field) => {
      const { errors } = await admin(REGISTER, { input });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].extensions?.issues?.map((i) => i.field)).toContain(field);
    });

    it.each([
      ['a wrong token', 'UNAUTHORIZED', (k: string, token: string) => k.replace(token, 'wrong-token')],
      ['a server that is not there', 'UNREACHABLE', (k: string) => k.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9')],
    ])('probes the cluster before storing it: %s is %s', async (_name, code, change) => {
      const cluster = sim.clusters[0];
      const input = { name: 'probed', region: 'eu', kubeconfig: change(cluster.kubeconfig, cluster.token) };
      const { errors } = await admin(REGISTER, { input });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kubeconfig' });
      expect(errors?.[0].message).toContain(code);
      expect(await service.db.query(`SELECT 1 FROM "Cluster" WHERE name = 'probed'`)).toEqual([]);
    });

    it('refuses a context the kubeconfig does not have', async () => {
      const input = { name: 'c2', region: 'eu', kubeconfig: sim.clusters[0].kubeconfig, context: 'missing' };
      const { errors } = await admin(REGISTER, { input });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'context' });
    });

    it('updates, cordons idempotently, lists environments, and removes a cluster', async () => {
      const updated = await admin(
        'mutation { updateCluster(input: {name: "eu-west-1", labels: [{key: "tier", value: "canary"}]}) { labels { key value } inlineKubeconfig } }',
      );
      expect(updated.data).toEqual({
        updateCluster: {
          labels: [
            { key: 'region', value: 'eu' },
            { key: 'tier', value: 'canary' },
          ],
          inlineKubeconfig: true,
        },
      });
      for (let i = 0; i < 2; i++) {
        const cordoned = await admin('mutation { cordonCluster(name: "eu-west-1") { state } }');
        expect(cordoned.data).toEqual({ cordonCluster: { state: 'CORDONED' } });
      }
      // the environments were discovered from fleet-sim's Rollouts when the cluster was registered
      const counts = await admin('{ clusters { name environmentCount } }');
      expect(counts.data).toEqual({ clusters: [{ name: 'eu-west-1', environmentCount: 4 }] });

      type Page = {
        environments: {
          totalCount: number;
          edges: { node: { name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
      const query = `query($filter: EnvironmentFilter, $first: Int, $after: String) { environments(filter: $filter, first: $first, after: $after) {
        totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
      const names = (p: Page) => p.environments.edges.map((e) => e.node.name);
      const page1 = (await manager<Page>(query, { first: 3 })).data!;
      expect([names(page1), page1.environments.totalCount, page1.environments.pageInfo.hasNextPage]).toEqual([
        ['env-a', 'env-b', 'env-c'],
        4,
        true,
      ]);
      const page2 = (await manager<Page>(query, { first: 3, after: page1.environments.pageInfo.endCursor })).data!;
      expect([names(page2), page2.environments.pageInfo.hasNextPage]).toEqual([['internal-eu'], false]);
      const acme = (await manager<Page>(query, { filter: { tenant: 'acme' } })).data!;
      expect(names(acme)).toEqual(['env-a', 'env-c']);
      const labelled = (await manager<Page>(query, { filter: { label: [{ key: 'tenant', value: 'globex' }] } })).data!;
      expect(names(labelled)).toEqual(['env-b']);
      const ring = (await manager<Page>(query, { filter: { ring: 'everyone', ringPlan: 'standard' } })).data!;
      expect(names(ring)).toEqual(['env-a', 'env-b', 'env-c']);
      const badCursor = await manager(query, { after: 'nonsense' });
      expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const noPlan = await manager(query, { filter: { ring: 'everyone' } });
      expect(noPlan.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ringPlan' });

      const removed = await admin('mutation { removeCluster(name: "eu-west-1") { name } }');
      expect(removed.data).toEqual({ removeCluster: { name: 'eu-west-1' } });
      const gone = await admin('{ cluster(name: "eu-west-1") { name } }');
      expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await service.db.query('SELECT 1 FROM "Environment"')).toEqual([]);
    });
  });

  describe('tokens', () => {
    it('shows a token once, stores only its hash, and revocation makes it UNAUTHENTICATED', async () => {
      const created = await admin<{
        createApiToken: { token: string; apiToken: { id: string; prefix: string; role: string } };
      }>('mutation { createApiToken(name: "viewer", role: VIEWER) { token apiToken { id prefix role } } }');
      const { token, apiToken } = created.data!.createApiToken;
      expect(token.startsWith(apiToken.prefix)).toBe(true);
      const stored = await service.db.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "ApiToken" WHERE id = $1`, [
        apiToken.id,
      ]);
      expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await service.db.query('SELECT * FROM "ApiToken"'))).not.toContain(token);
      const viewer = graphqlClient(service.url, token);
      expect((await viewer('{ releases { version } }')).errors).toBeUndefined();
      const revoke = `mutation { revokeApiToken(id: "${apiToken.id}") { revokedAt } }`;
      const first = await admin<{ revokeApiToken: { revokedAt: string } }>(revoke);
      const second = await admin<{ revokeApiToken: { revokedAt: string } }>(revoke);
      expect(second.data?.revokeApiToken.revokedAt).toBe(first.data?.revokeApiToken.revokedAt);
      expect((await viewer('{ releases { version } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const audit = await service.db.query<{ arguments: unknown }>(
        `SELECT arguments FROM "AuditEntry" WHERE operation = 'createApiToken'`,
      );
      expect(JSON.stringify(audit)).not.toContain(token);
    });
  });

  describe('limits and errors', () => {
    it.each([
      [10, undefined],
      [14, 'BAD_USER_INPUT'],
    ])('answers or refuses a query %i levels deep (limit 12)', async (depth, code) => {
      // introspection types nest without end: __type { ofType { ofType ... } }
      const inner = 'ofType { '.repeat(depth - 2) + 'name' + ' }'.repeat(depth - 2);
      const { errors } = await manager(`{ __type(name: "Query") { ${inner} } }`);
      expect(errors?.[0].extensions?.code).toBe(code);
    });

    it('refuses a query selecting more fields than the complexity limit', async () => {
      const wide = `{ ${Array.from({ length: 2100 }, (_, i) => `r${i}: releases { version }`).join(' ')} }`;
      const refused = await manager(wide);
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].message).toContain('limit');
    });

    it('reports an unknown field as BAD_USER_INPUT', async () => {
      const { errors } = await manager('{ nope }');
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
