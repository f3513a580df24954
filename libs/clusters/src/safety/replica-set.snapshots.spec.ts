import { describe, expect, it } from '@jest/globals';
import type { KubeList, ReplicaSetObject } from '../kube/kube.types.js';
import type { KubeClient } from '../transport/kube.client.js';
import type { KubeRequest } from '../transport/kube.transport.js';
import { ReplicaSetSnapshots } from './replica-set.snapshots.js';

const rs = (namespace: string, name: string): ReplicaSetObject => ({
  metadata: { namespace, name, managedFields: [{}] },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
  status: { replicas: 1 },
});

/** A client over fixed ReplicaSets that records its requests (namespace lists and paginated cluster lists). */
function fakeClient(all: ReplicaSetObject[], pageSize = 2): { client: KubeClient; requests: string[] } {
  const requests: string[] = [];
  const client = {
    request: async (req: KubeRequest): Promise<KubeList<ReplicaSetObject>> => {
      requests.push(`${req.path}${req.query?.continue ? `?continue=${req.query.continue}` : ''}`);
      const ns = /namespaces\/([^/]+)\//.exec(req.path)?.[1];
      if (ns) return { items: all.filter((r) => r.metadata?.namespace === ns) };
      const from = Number(req.query?.continue ?? 0);
      const next = from + pageSize < all.length ? String(from + pageSize) : undefined;
      return { metadata: { continue: next }, items: all.slice(from, from + pageSize) };
    },
  } as unknown as KubeClient;
  return { client, requests };
}

const options = { maxAgeMs: 1_000, namespacesForClusterList: 3, pageSize: 2 };
const fleet = ['n1', 'n2', 'n3', 'n4'].flatMap((ns) => [rs(ns, `${ns}-a`), rs(ns, `${ns}-b`)]);

describe('ReplicaSetSnapshots', () => {
  it('lists a namespace once for the reads within maxAgeMs, and keeps metadata and template only', async () => {
    let now = 0;
    const { client, requests } = fakeClient(fleet);
    const snapshots = new ReplicaSetSnapshots(options, () => now);
    const first = await snapshots.of(client, 'n1');
    await snapshots.of(client, 'n1');
    expect(requests).toEqual(['/apis/apps/v1/namespaces/n1/replicasets']);
    expect(first.map((r) => r.metadata?.name)).toEqual(['n1-a', 'n1-b']);
    expect(first[0]).toEqual({ metadata: { namespace: 'n1', name: 'n1-a' }, spec: fleet[0].spec });
    now = 1_001;
    await snapshots.of(client, 'n1');
    expect(requests).toHaveLength(2);
  });

  it('lists the whole cluster (paginated) once enough namespaces are asked, then answers every namespace from it', async () => {
    const { client, requests } = fakeClient(fleet);
    const snapshots = new ReplicaSetSnapshots(options, () => 0);
    await snapshots.of(client, 'n1');
    await snapshots.of(client, 'n2');
    const third = await snapshots.of(client, 'n3');
    const fourth = await snapshots.of(client, 'n4');
    expect(third.map((r) => r.metadata?.name)).toEqual(['n3-a', 'n3-b']);
    expect(fourth.map((r) => r.metadata?.name)).toEqual(['n4-a', 'n4-b']);
    expect(await snapshots.of(client, 'elsewhere')).toEqual([]);
    expect(requests).toEqual([
      '/apis/apps/v1/namespaces/n1/replicasets',
      '/apis/apps/v1/namespaces/n2/replicasets',
      '/apis/apps/v1/replicasets',
      '/apis/apps/v1/replicasets?continue=2',
      '/apis/apps/v1/replicasets?continue=4',
      '/apis/apps/v1/replicasets?continue=6',
    ]);
  });

  it('a list slower than maxAgeMs answers every read that comes while it is read, and ages from its end', async () => {
    let now = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const requests: string[] = [];
    const client = {
      request: async (req: KubeRequest) => {
        requests.push(req.path);
        await gate;
        return { items: [rs('n1', 'n1-a')] };
      },
    } as unknown as KubeClient;
    const snapshots = new ReplicaSetSnapshots(options, () => now);
    const first = snapshots.of(client, 'n1');
    now = 5_000;
    const second = snapshots.of(client, 'n1');
    release();
    expect(await first).toHaveLength(1);
    expect(await second).toHaveLength(1);
    now = 5_900;
    await snapshots.of(client, 'n1');
    expect(requests).toHaveLength(1);
  });

  it('does not keep a failed list', async () => {
    let fail = true;
    const requests: string[] = [];
    const client = {
      request: async (req: KubeRequest) => {
        requests.push(req.path);
        if (fail) throw new Error('unreachable');
        return { items: [rs('n1', 'n1-a')] };
      },
    } as unknown as KubeClient;
    const snapshots = new ReplicaSetSnapshots(options, () => 0);
    await expect(snapshots.of(client, 'n1')).rejects.toThrow('unreachable');
    fail = false;
    expect(await snapshots.of(client, 'n1')).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it('a read whose signal aborts gives up alone; the shared list still answers the others', async () => {
    const { client } = fakeClient(fleet);
    const snapshots = new ReplicaSetSnapshots(options, () => 0);
    const controller = new AbortController();
    const mine = snapshots.of(client, 'n1', controller.signal);
    const theirs = snapshots.of(client, 'n1');
    controller.abort(new Error('timed out'));
    await expect(mine).rejects.toThrow('timed out');
    expect(await theirs).toHaveLength(2);
  });
});
