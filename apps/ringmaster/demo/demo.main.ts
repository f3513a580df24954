import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type RingmasterConfig } from '@ringmaster/config';
import { startFleetSim, type FleetSim } from '@ringmaster/fleet-sim';
import { DemoApi } from './demo.api.js';
import { demoScenario, fleetSize } from './demo.fleet.js';
import { DemoOptionsError, parseDemoOptions, type DemoOptions } from './demo.options.js';
import { BAD_RELEASE, COMPONENTS, GOOD_RELEASE, releaseInput, RING_PLAN, RING_PLAN_INPUT } from './demo.plan.js';
import { attributionLines, haltedRing, judgeDemo } from './demo.verdict.js';
import { graphqlTransport } from './graphql.transport.js';
import { choosePort } from './port.probe.js';
import { clock, COLORS, paint, type Style } from './progress.render.js';
import { probeTrainApi } from './schema.probe.js';
import { Screen, type Output } from './terminal.screen.js';
import { followTrain, type Followed } from './train.follower.js';

/** The service as the demo starts it: `startService` of apps/ringmaster (bootstrap.ts), built. */
export type StartService = (
  config: RingmasterConfig,
  log?: (line: string) => void,
) => Promise<{ url: string; close(): Promise<void> }>;

export interface DemoDependencies {
  startService: StartService;
  /** the fleet-sim scenario YAML (apps/fleet-sim/scenarios/demo.yaml) */
  scenarioPath: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  out: Output & { isTTY?: boolean };
  /** when `npm run demo` began (before its build), for the wall time in the summary */
  startedAt: number;
}

const POLL_MS = 500;
const TRAIN_TIMEOUT_MS = 5 * 60_000;
/** a pause before the demo approves the manual gate itself, so that a watcher sees the train wait */
const APPROVAL_PAUSE_MS = 3_000;
const INSTANCE_ID = 'demo';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run demo`: a simulated fleet (fleet-sim) and Ringmaster on an embedded database, both in this process, then
 * everything a release manager does, over GraphQL only: register the clusters, discover their environments, define
 * a ring plan and two releases, carry the good one to everyone (approving the manual gate), and watch the bad one
 * halt, get attributed and roll back. Resolves the exit code: 0 when both trains ended as they should.
 */
export async function runDemo(deps: DemoDependencies): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseDemoOptions(deps.argv, deps.env, deps.out.isTTY === true);
  } catch (error) {
    if (!(error instanceof DemoOptionsError)) throw error;
    deps.out.write(`${error.message}\n`);
    return error.help ? 0 : 2;
  }
  const style: Style = { color: options.color, live: options.live };
  const screen = new Screen(deps.out, options.live);
  const say = (...lines: string[]) => screen.log(...lines);
  const heading = (text: string) =>
    say(
      '',
      `${paint(style, COLORS.bold, text)} ${paint(style, COLORS.dim, `[${clock(Date.now() - deps.startedAt)}]`)}`,
    );

  const dataDir = mkdtempSync(path.join(tmpdir(), 'ringmaster-demo-'));
  let sim: FleetSim | undefined;
  let starting: ReturnType<StartService> | undefined;
  let service: Awaited<ReturnType<StartService>> | undefined;
  const cleanUp = async () => {
    service ??= await starting?.catch(() => undefined);
    await service?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    const scenario = demoScenario(deps.scenarioPath, options.scale);
    const size = fleetSize(scenario);
    heading('Ringmaster demo: two release trains through a simulated fleet');
    const token = `demo-admin-${randomBytes(12).toString('hex')}`;
    const config = loadConfig({
      PORT: String(await choosePort(options.host, options.port)),
      HOST: options.host,
      RINGMASTER_DATA_DIR: dataDir,
      RINGMASTER_ADMIN_TOKEN: token,
      RINGMASTER_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RINGMASTER_INSTANCE_ID: INSTANCE_ID,
      LOG_LEVEL: options.logLevel,
    });
    // the service's database start-up and the fleet's build overlap
    starting = deps.startService(config, (line) => say(paint(style, COLORS.dim, `ringmaster  ${line}`)));
    starting.catch(() => undefined); // its failure is reported where it is awaited
    sim = await startFleetSim({ scenario });
    const regions = [...new Set(scenario.clusters.map((c) => c.region))].join(', ');
    say(
      `fleet-sim   ${scenario.clusters.length} clusters in ${size.regions} regions (${regions}), ${size.environments} ` +
        `environments of ${size.tenants} tenants, components ${COMPONENTS.join(', ')} — at ${sim.url}`,
    );

    service = await starting;
    const url = service.url;
    say(`ringmaster  on the embedded database in ${dataDir} (removed when the demo ends)`, '');
    say(...accessLines(url, token, style));

    const request = graphqlTransport(url, token);
    const api = new DemoApi(request, await probeTrainApi(request));

    heading('1. Register the clusters and discover their environments');
    // one cluster after the other is what a person would type; the demo sends them side by side
    const registered = await Promise.all(
      sim.clusters.map(async (cluster) => {
        await api.registerCluster(cluster);
        return { cluster, found: await api.discoverEnvironments(cluster.name) };
      }),
    );
    for (const { cluster, found } of registered) {
      say(
        `registerCluster ${cluster.name.padEnd(15)} region ${cluster.region}  →  discoverEnvironments: ` +
          (found.ok ? `${found.upserted} environments` : `failed: ${found.message}`),
      );
    }
    say(`environments: ${await api.environmentCount()} of ${size.environments} in the fleet`);

    heading(`2. Ring plan "${RING_PLAN}" and two releases`);
    await api.upsertRingPlan(RING_PLAN_INPUT);
    for (const ring of RING_PLAN_INPUT.rings) {
      const members = await api.environmentCount({ ring: ring.name, ringPlan: RING_PLAN });
      say(
        `  ${ring.name.padEnd(10)} ${ring.kind.padEnd(9)} ${`"${ring.selector}"`.padEnd(18)} ${String(members).padStart(4)} ` +
          `environments, ${ring.maxParallel} at a time, bake ${ring.bake}, gate ${ring.gate}`,
      );
    }
    for (const release of [GOOD_RELEASE, BAD_RELEASE]) {
      await api.createRelease(releaseInput(release));
      say(`createRelease ${release.version}  (${release.notes})`);
    }

    const follow = async (version: string): Promise<Followed> => {
      const created = await api.createTrain(version, RING_PLAN);
      say(`createTrain ${version} → train ${created.id}; startTrain`);
      await api.startTrain(created.id);
      const followed = await followTrain(api, created.id, screen, style, {
        pollMs: POLL_MS,
        timeoutMs: TRAIN_TIMEOUT_MS,
        onAwaitingApproval: async (train, ring) => {
          say(
            paint(style, COLORS.bold, `» ring ${ring} waits at its MANUAL gate.`) +
              ` A release manager approves it with mutation { approveRing(trainId: "${train.id}", ring: "${ring}") { status } }`,
            `» the demo approves it for you in ${APPROVAL_PAUSE_MS / 1000}s`,
          );
          await sleep(APPROVAL_PAUSE_MS);
          await api.approveRing(train.id, ring);
          say(`» approveRing ${ring}: done`);
        },
      });
      screen.release();
      return followed;
    };

    heading(`3. Train ${GOOD_RELEASE.version}: a good release, ring by ring`);
    const good = await follow(GOOD_RELEASE.version);

    heading(`4. Train ${BAD_RELEASE.version}: ${BAD_RELEASE.notes}`);
    const bad = await follow(BAD_RELEASE.version);
    say('', `halted in ring ${haltedRing(bad.train) ?? '-'}: ${bad.train.haltReason ?? '(no halt reason)'}`);
    const attributions = await api.attributions(bad.train.id);
    if (attributions) say('attributions:', ...attributionLines(attributions).map((l) => `  ${l}`));
    else say('attributions: this service does not list attributions over GraphQL yet (Train.attributions)');

    heading('5. Summary');
    const verdict = judgeDemo(good, bad);
    say(...verdict.lines.map((l) => `  ${paint(style, verdict.ok ? COLORS.green : COLORS.red, '•')} ${l}`));
    say(`  demo wall time ${clock(Date.now() - deps.startedAt)} (build, fleet, service, both trains)`);
    say(verdict.ok ? 'demo OK' : 'demo FAILED');

    if (options.keep) {
      say('', `--keep: Ringmaster stays up at ${url}/ (GraphQL ${url}/graphql, token ${token}). Ctrl-C to stop.`);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    return verdict.ok ? 0 : 1;
  } catch (error) {
    screen.release();
    say('', `demo FAILED: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanUp();
  }
}

/** Where to look while the demo runs, with the token and queries to paste. */
function accessLines(url: string, token: string, style: Style): string[] {
  const query = '{ clusters { name region state environmentCount } }';
  return [
    `${paint(style, COLORS.bold, 'Dashboard')}  ${url}/`,
    `${paint(style, COLORS.bold, 'GraphQL  ')}  ${url}/graphql`,
    `${paint(style, COLORS.bold, 'Token    ')}  Authorization: Bearer ${token}   (ADMIN)`,
    'Try, while the trains run:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\`,
    `    -d '{"query":"${query}"}'`,
    `  { ringPlan(name: "${RING_PLAN}") { rings { name kind selector bake gate } } }`,
    '  { trains { edges { node { id releaseVersion status currentRing } } } }',
    '  { train(id: "<id below>") { status currentRing haltReason rings { name status targetCounts { healthy failed rolledBack } }',
    '      attributions { environment cause confidence evidence } } }',
    `  live, over graphql-ws at ${url.replace(/^http/, 'ws')}/graphql with connectionParams { "authorization": "Bearer <token>" }:`,
    '  subscription { trainEvents(trainId: "<id below>") { type ring environment message } }',
  ];
}
