import { ConfigError, loadConfig } from '@ringmaster/config';
import { DatabaseError } from '@ringmaster/persistence';
import { startService } from './bootstrap.js';

const log = (line: string) => console.log(`ringmaster: ${line}`);

try {
  const config = loadConfig();
  const service = await startService(config, log);
  log(`listening on ${service.url} (GraphQL ${service.url}/graphql) — ${service.db.description}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseError) {
    console.error(`ringmaster: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
