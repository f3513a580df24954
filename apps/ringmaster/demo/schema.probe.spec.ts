import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, graphql, parse, validate, type GraphQLSchema } from 'graphql';
import { GraphQLRequestError, type GraphQLRequest } from './graphql.transport.js';
import { EVENT_FIELDS, probeTrainApi } from './schema.probe.js';
import { attributionsQuery, trainQuery } from './train.queries.js';

// The probe and the queries it chooses, against the committed schema.graphql (the contract) and against an older
// schema whose Train had only its rings.

const SDL = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schema.graphql'), 'utf8');
const OLDER_SDL = `
  scalar DateTime
  type TargetCounts { total: Int! pending: Int! deploying: Int! healthy: Int! failed: Int! excluded: Int! rolledBack: Int! }
  type RingRun { name: String! status: String! startedAt: DateTime bakeEndsAt: DateTime targetCounts: TargetCounts! }
  type Train { id: ID! status: String! releaseVersion: String! currentRing: String haltReason: String rings: [RingRun!]! }
  type Query { train(id: ID!): Train! }
`;

const against =
  (schema: GraphQLSchema): GraphQLRequest =>
  async <T>(query: string, variables?: Record<string, unknown>) => {
    const result = await graphql({ schema, source: query, variableValues: variables });
    if (result.errors)
      throw new GraphQLRequestError(
        'introspection',
        result.errors.map((e) => ({ message: e.message })),
      );
    return result.data as T;
  };

describe('probeTrainApi', () => {
  it('finds paged events, attributions and target attributions in the committed schema', async () => {
    const schema = buildSchema(SDL);
    const api = await probeTrainApi(against(schema));
    expect(api).toEqual({
      events: { fields: EVENT_FIELDS, paged: true },
      attributions: true,
      targetAttributions: true,
    });

    // and what it then asks is valid against the contract
    for (const query of [
      trainQuery(api),
      attributionsQuery(api)!,
      attributionsQuery({ ...api, attributions: false })!,
    ]) {
      expect(validate(schema, parse(query))).toEqual([]);
    }
  });

  it('falls back to rings only against a schema without events or attributions', async () => {
    const schema = buildSchema(OLDER_SDL);
    const api = await probeTrainApi(against(schema));
    expect(api).toEqual({ attributions: false, targetAttributions: false });
    expect(validate(schema, parse(trainQuery(api)))).toEqual([]);
    expect(attributionsQuery(api)).toBeUndefined();
  });
});
