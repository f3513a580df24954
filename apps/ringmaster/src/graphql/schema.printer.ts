import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { loadConfig } from '@ringmaster/config';
import { embeddedTestDatabase } from '@ringmaster/persistence';
import { startService } from '../bootstrap.js';

/** Header of the committed schema.graphql. */
const HEADER = '# Generated from the code-first resolvers: do not edit. Regenerate with `npm run schema`.\n\n';

/**
 * The service's GraphQL schema as SDL, sorted, exactly as the running service serves it: starts the service on a
 * throw-away embedded database, reads the schema Nest built, and stops it. Used by `npm run schema` and the
 * drift test (test/api-schema.e2e-spec.ts).
 */
export async function printApiSchema(): Promise<string> {
  const db = embeddedTestDatabase();
  try {
    const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1' }), database: db.config };
    const service = await startService(config);
    try {
      const { schema } = service.app.get(GraphQLSchemaHost);
      return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
    } finally {
      await service.close();
    }
  } finally {
    await db.drop();
  }
}
