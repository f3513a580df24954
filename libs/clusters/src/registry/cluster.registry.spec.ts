import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import type { KubeVerb } from '../transport/kube.verb.js';
import { ClusterRegistry } from './cluster.registry.js';

/** A local API server: an empty Rollout list, watches held open (one bookmark each), and core discovery. */
let server: Server;
let serverUrl: string;
const watchesReceived: string[] = [];
const openWatches = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://sim');
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch') === 'true') {
      watchesReceived.push(`${url.pathname} ${req.headers.authorization}`);
      openWatches.add(res);
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '1' } } })}\n`);
      return;
    }
    res.end(JSON.stringify(url.pathname === '/api/v1' ? {} : { items: [], metadata: { resourceVersion: '1' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const registries: ClusterRegistry[] = [];
afterEach(async () => {
  for (const r of registries.splice(0)) await r.close();
  openWatches.forEach((w) => w.end());
  openWatches.clear();
  watchesReceived.length = 0;
});

function kubeconfig(): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'sim', cluster: { server: serverUrl } }],
    users: [{ name: 'ringmaster', user: { token: 'sim-token' } }],
    contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'ringmaster' } }],
    'current-context': 'sim',
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('ClusterRegistry onRequest', () => {
  it("is told of the client's requests and of the watch's, by cluster and verb", async () => {
    const told: { cluster: string; verb: KubeVerb }[] = [];
    const registry = new ClusterRegistry({ onRequest: (cluster, verb) => told.push({ cluster, verb }) });
    registries.push(registry);
    const handle = registry.upsert({
      name: 'eu-1',
      credentials: { kind: 'inline', kubeconfig: kubeconfig() },
      labels: {},
    });
    await handle.watcher!.waitForSync();
    await until(() => watchesReceived.length > 0);
    await registry.ping('eu-1');

    expect(told).toEqual([
      { cluster: 'eu-1', verb: 'list' },
      { cluster: 'eu-1', verb: 'watch' },
      { cluster: 'eu-1', verb: 'get' },
    ]);
    // the counted watch is sent as before, with the kubeconfig's credentials
    expect(watchesReceived).toEqual(['/apis/argoproj.io/v1alpha1/rollouts Bearer sim-token']);
  });
});
