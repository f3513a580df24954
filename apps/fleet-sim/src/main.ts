#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startFleetSim } from './fleet-sim.js';
import { ScenarioError } from './scenario/scenario.loader.js';
import { SCENARIO_SCHEMA } from './scenario/scenario.schema.js';

const USAGE =
  'usage: fleet-sim --scenario <file.yaml> [--port 7070] [--host 127.0.0.1] [--kubeconfig-dir ./fleet-kubeconfigs] [--tls]\n' +
  '       fleet-sim --print-schema   (the scenario JSON Schema)';
const DEFAULT_PORT = 7070;

/** CLI: serves a scenario's fleet until interrupted. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      'kubeconfig-dir': { type: 'string' },
      tls: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      'print-schema': { type: 'boolean', default: false },
    },
  });
  if (values['print-schema']) {
    console.log(JSON.stringify(SCENARIO_SCHEMA, null, 2));
    return;
  }
  if (values.help || !values.scenario) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const sim = await startFleetSim({
    scenario: values.scenario,
    port: Number(values.port),
    host: values.host,
    kubeconfigDir: values['kubeconfig-dir'],
    tls: values.tls,
  });
  console.log(
    `fleet-sim listening on ${sim.url} (${sim.clusters.length} clusters, ${sim.environments().length} environments)`,
  );
  for (const c of sim.clusters) {
    console.log(
      `  ${c.name} [${c.region}] ${c.baseUrl}${c.kubeconfigPath ? ` kubeconfig=${c.kubeconfigPath}` : ''} metrics=${c.metricsUrl}`,
    );
  }
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof ScenarioError ? e.message : e);
  process.exit(1);
});
