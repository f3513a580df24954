import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase, postgresTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

const ADMIN_TOKEN = 'authz-admin-token-0123456789';
// starting the service migrates a fresh database: slow for PGlite on a busy machine
const SERVICE_START_TIMEOUT_MS = 180_000;
const serverUrl = process.env.TEST_DATABASE_URL;
const modes: [string, () => Promise<TestDatabase>][] = [['embedded PGlite', async () => embeddedTestDatabase()]];
if (serverUrl) modes.push(['PostgreSQL', () => postgresTestDatabase(serverUrl)]);

type Caller = 'none' | 'bad token' | 'VIEWER' | 'RELEASE_MANAGER' | 'ADMIN';
const CALLERS: Caller[] = ['none', 'bad token', 'VIEWER', 'RELEASE_MANAGER', 'ADMIN'];
const RANK: Record<Caller, number> = { none: -1, 'bad token': -1, VIEWER: 0, RELEASE_MANAGER: 1, ADMIN: 2 };
/** The weakest role allowed to run an operation; PUBLIC: anyone, without a token (or with a bad one). */
type Required = Exclude<Caller, 'none' | 'bad token'> | 'PUBLIC';

const NO_TRAIN = '00000000-0000-0000-0000-000000000000';
const SCHEDULE_INPUT =
  '{name: "nope", cron: "0 9 * * 3", timezone: "UTC", ringPlan: "nope", releaseSelector: "2026.*"}';

/**
 * Every operation this API owns, the weakest role allowed, and a request that reaches the resolver without changing
 * anything. Subscriptions go over graphql-ws, where a bad token is refused when connecting (close code 4403)
 * rather than per operation. A test below fails when the served schema has a root field missing here.
 */
const OPERATIONS: {
  name: string;
  role: Required;
  query: string;
  transport?: 'ws';
}[] = [
  { name: 'serviceInfo', role: 'PUBLIC', query: '{ serviceInfo { name } }' },
  { name: 'me', role: 'VIEWER', query: '{ me { role } }' },
  { name: 'clusters', role: 'VIEWER', query: '{ clusters { name } }' },
  { name: 'cluster', role: 'VIEWER', query: '{ cluster(name: "nope") { name } }' },
  { name: 'environments', role: 'VIEWER', query: '{ environments { totalCount } }' },
  { name: 'ringPlans', role: 'VIEWER', query: '{ ringPlans { name } }' },
  { name: 'ringPlan', role: 'VIEWER', query: '{ ringPlan(name: "nope") { name } }' },
  { name: 'releases', role: 'VIEWER', query: '{ releases { version } }' },
  { name: 'release', role: 'VIEWER', query: '{ release(version: "9.9.9") { version } }' },
  { name: 'apiTokens', role: 'ADMIN', query: '{ apiTokens { id } }' },
  { name: 'auditLog', role: 'ADMIN', query: '{ auditLog(last: 5) { operation } }' },
  { name: 'schedules', role: 'VIEWER', query: '{ schedules { name } }' },
  { name: 'subscriptions', role: 'ADMIN', query: '{ subscriptions { id } }' },
  { name: 'deadLetters', role: 'ADMIN', query: '{ deadLetters { id } }' },
  {
    name: 'registerCluster',
    role: 'ADMIN',
    query: 'mutation { registerCluster(input: {name: "x", region: "eu", kubeconfigPath: "/nonexistent"}) { name } }',
  },
  { name: 'updateCluster', role: 'ADMIN', query: 'mutation { updateCluster(input: {name: "nope"}) { name } }' },
  { name: 'cordonCluster', role: 'ADMIN', query: 'mutation { cordonCluster(name: "nope") { name } }' },
  { name: 'uncordonCluster', role: 'ADMIN', query: 'mutation { uncordonCluster(name: "nope") { name } }' },
  { name: 'removeCluster', role: 'ADMIN', query: 'mutation { removeCluster(name: "nope") { name } }' },
  {
    name: 'discoverEnvironments',
    role: 'ADMIN',
    query: 'mutation { discoverEnvironments(cluster: "nope") { ok } }',
  },
  {
    name: 'createSchedule',
    role: 'RELEASE_MANAGER',
    query: `mutation { createSchedule(input: ${SCHEDULE_INPUT.replace('"0 9 * * 3"', '"never"')}) { id } }`,
  },
  {
    name: 'updateSchedule',
    role: 'RELEASE_MANAGER',
    query: `mutation { updateSchedule(input: ${SCHEDULE_INPUT}) { id } }`,
  },
  { name: 'deleteSchedule', role: 'RELEASE_MANAGER', query: 'mutation { deleteSchedule(name: "nope") }' },
  {
    name: 'createSubscription',
    role: 'ADMIN',
    query: 'mutation { createSubscription(input: {kind: SLACK, url: "http://127.0.0.1/hook", events: []}) { id } }',
  },
  { name: 'deleteSubscription', role: 'ADMIN', query: `mutation { deleteSubscription(id: "${NO_TRAIN}") { id } }` },
  { name: 'redriveDeadLetter', role: 'ADMIN', query: `mutation { redriveDeadLetter(id: "${NO_TRAIN}") { id } }` },
  {
    name: 'upsertRingPlan',
    role: 'RELEASE_MANAGER',
    query: 'mutation { upsertRingPlan(input: {name: "p", rings: []}) { name } }',
  },
  {
    name: 'createRelease',
    role: 'RELEASE_MANAGER',
    query: 'mutation { createRelease(input: {version: "bad version", components: []}) { version } }',
  },
  { name: 'createApiToken', role: 'ADMIN', query: 'mutation { createApiToken(name: "", role: VIEWER) { token } }' },
  {
    name: 'revokeApiToken',
    role: 'ADMIN',
    query: 'mutation { revokeApiToken(id: "00000000-0000-0000-0000-000000000000") { id } }',
  },
  { name: 'trains', role: 'VIEWER', query: '{ trains(status: RUNNING, first: 5) { totalCount } }' },
  { name: 'train', role: 'VIEWER', query: `{ train(id: "${NO_TRAIN}") { id rings { name } } }` },
  {
    name: 'createTrain',
    role: 'RELEASE_MANAGER',
    query: 'mutation { createTrain(input: {releaseVersion: "9.9.9", ringPlan: "nope"}) { id } }',
  },
  { name: 'startTrain', role: 'RELEASE_MANAGER', query: `mutation { startTrain(id: "${NO_TRAIN}") { id } }` },
  {
    name: 'approveRing',
    role: 'RELEASE_MANAGER',
    query: `mutation { approveRing(trainId: "${NO_TRAIN}", ring: "everyone") { id } }`,
  },
  { name: 'pauseTrain', role: 'RELEASE_MANAGER', query: `mutation { pauseTrain(id: "${NO_TRAIN}") { id } }` },
  { name: 'resumeTrain', role: 'RELEASE_MANAGER', query: `mutation { resumeTrain(id: "${NO_TRAIN}") { id } }` },
  {
    name: 'haltTrain',
    role: 'RELEASE_MANAGER',
    query: `mutation { haltTrain(id: "${NO_TRAIN}", reason: "authz") { id } }`,
  },
  {
    name: 'rollbackTrain',
    role: 'RELEASE_MANAGER',
    query: `mutation { rollbackTrain(id: "${NO_TRAIN}", reason: "authz") { id } }`,
  },
  { name: 'cancelTrain', role: 'RELEASE_MANAGER', query: `mutation { cancelTrain(id: "${NO_TRAIN}") { id } }` },
  {
    name: 'retryTarget',
    role: 'RELEASE_MANAGER',
    query: `mutation { retryTarget(trainId: "${NO_TRAIN}", environment: "env-a") { id } }`,
  },
  {
    name: 'excludeTarget',
    role: 'RELEASE_MANAGER',
    query: `mutation { excludeTarget(trainId: "${NO_TRAIN}", environment: "env-a", reason: "authz") { id } }`,
  },
  {
    name: 'overrideAttribution',
    role: 'RELEASE_MANAGER',
    query: `mutation { overrideAttribution(id: "${NO_TRAIN}", cause: RELEASE, note: "authz") { id } }`,
  },
  {
    name: 'trainEvents',
    role: 'VIEWER',
    query: `subscription { trainEvents(trainId: "${NO_TRAIN}") { id type } }`,
    transport: 'ws',
  },
];

interface WsOutcome {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } }[];
  closed?: number;
}

/** Runs one operation over graphql-ws (a real WebSocket) and settles with its first result, error or close. */
async function overWebSocket(baseUrl: string, authorization: string | undefined, query: string): Promise<WsOutcome> {
  const { createClient } = await import('graphql-ws');
  const { default: WebSocket } = await import('ws');
  return new Promise<WsOutcome>((resolve) => {
    const client = createClient({
      url: baseUrl.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: authorization ? { authorization } : {},
      on: { closed: (event) => resolve({ closed: (event as { code: number }).code }) },
    });
    const settle = (outcome: WsOutcome) => {
      resolve(outcome);
      void client.dispose();
    };
    client.subscribe(
      { query },
      {
        next: (value) => settle(value as WsOutcome),
        error: (error) => settle({ errors: Array.isArray(error) ? error : [error as never] }),
        complete: () => settle({}),
      },
    );
  });
}

describe.each(modes)('authorization on %s', (_mode, makeDatabase) => {
  let service: RunningService;
  let testDb: TestDatabase;
  const tokens: Partial<Record<Caller, string>> = { 'bad token': 'rmt_not-a-real-token' };

  beforeAll(async () => {
    testDb = await makeDatabase();
    const config = { ...loadConfig({ PORT: '0', RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN }), database: testDb.config };
    service = await startService(config);
    tokens.ADMIN = ADMIN_TOKEN;
    const admin = graphqlClient(service.url, ADMIN_TOKEN);
    for (const role of ['VIEWER', 'RELEASE_MANAGER'] as const) {
      const created = await admin<{ createApiToken: { token: string } }>(
        `mutation($role: Role!) { createApiToken(name: "authz-${role}", role: $role) { token } }`,
        { role },
      );
      tokens[role] = created.data!.createApiToken.token;
    }
  }, SERVICE_START_TIMEOUT_MS);
  afterAll(async () => {
    await service?.close();
    await testDb?.drop();
  });

  const cases = OPERATIONS.flatMap((op) => CALLERS.map((caller) => [op.name, caller, op] as const));

  it.each(cases)('%s as %s', async (_name, caller, op) => {
    const token = tokens[caller];
    const { data, errors, closed } =
      op.transport === 'ws'
        ? await overWebSocket(service.url, token && `Bearer ${token}`, op.query)
        : { ...(await graphqlClient(service.url, token)(op.query)), closed: undefined };
    const code = errors?.[0]?.extensions?.code;
    const allowed = op.role === 'PUBLIC' || RANK[caller] >= RANK[op.role];
    if (op.transport === 'ws' && caller === 'bad token') {
      expect(closed).toBe(4403);
    } else if (!allowed && RANK[caller] < 0) {
      expect(code).toBe('UNAUTHENTICATED');
      expect(data?.[op.name] ?? null).toBeNull();
    } else if (!allowed) {
      expect(code).toBe('FORBIDDEN');
      expect(data?.[op.name] ?? null).toBeNull();
    } else {
      // allowed: the resolver ran, so any error is about the input or the data, never about auth
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(code);
      if (errors) expect(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']).toContain(code);
    }
  });

  it('walks every Query, Mutation and Subscription field the service serves, each with a request for itself', () => {
    const { schema } = service.app.get(GraphQLSchemaHost);
    const served = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
      root ? Object.keys(root.getFields()) : [],
    );
    expect(OPERATIONS.map((op) => op.name).sort()).toEqual(served.sort());
    const requested = OPERATIONS.map((op) => {
      const [operation] = parse(op.query).definitions as OperationDefinitionNode[];
      const [field] = operation.selectionSet.selections;
      return field.kind === Kind.FIELD ? field.name.value : undefined;
    });
    expect(requested).toEqual(OPERATIONS.map((op) => op.name));
  });

  it('me answers who is calling; RINGMASTER_ADMIN_TOKEN answers as ADMIN', async () => {
    const me = async (caller: Caller) =>
      (await graphqlClient(service.url, tokens[caller])('{ me { role actor tokenName tokenId } }')).data?.me;
    const { data } = await graphqlClient(
      service.url,
      ADMIN_TOKEN,
    )<{ apiTokens: { id: string; name: string }[] }>('{ apiTokens { id name } }');
    const idOf = (name: string) => data!.apiTokens.find((t) => t.name === name)?.id;
    expect(await me('ADMIN')).toEqual({ role: 'ADMIN', actor: 'admin-token', tokenName: null, tokenId: null });
    for (const role of ['VIEWER', 'RELEASE_MANAGER'] as const) {
      expect(await me(role)).toEqual({
        role,
        actor: `token:authz-${role}`,
        tokenName: `authz-${role}`,
        tokenId: idOf(`authz-${role}`),
      });
    }
    expect(idOf('authz-VIEWER')).toEqual(expect.any(String));
  });

  it('records refused and accepted mutations in the audit log with actor and role', async () => {
    const rows = await service.db.query<{ actor: string; role: string; operation: string; outcome: string }>(
      `SELECT actor, role, operation, outcome FROM "AuditEntry" WHERE operation = 'cordonCluster' ORDER BY at, id`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { actor: 'anonymous', role: 'NONE', operation: 'cordonCluster', outcome: 'refused:UNAUTHENTICATED' },
        {
          actor: 'token:authz-VIEWER',
          role: 'VIEWER',
          operation: 'cordonCluster',
          outcome: 'refused:FORBIDDEN',
        },
        { actor: 'admin-token', role: 'ADMIN', operation: 'cordonCluster', outcome: 'error:NOT_FOUND' },
      ]),
    );
    // one entry per call: 5 callers
    expect(rows).toHaveLength(CALLERS.length);
  });

  it('accepts the token in graphql-ws connectionParams and refuses a bad one', async () => {
    const run = (authorization: string | undefined, query: string) => overWebSocket(service.url, authorization, query);
    expect(await run(`Bearer ${tokens.VIEWER}`, '{ releases { version } }')).toEqual({ data: { releases: [] } });
    const forbidden = await run(`Bearer ${tokens.VIEWER}`, '{ apiTokens { id } }');
    expect(JSON.stringify(forbidden)).toContain('FORBIDDEN');
    const anonymous = await run(undefined, '{ releases { version } }');
    expect(JSON.stringify(anonymous)).toContain('UNAUTHENTICATED');
    expect(await run('Bearer rmt_wrong', '{ releases { version } }')).toEqual({ closed: 4403 });
  });
});
