import type { ControlResponse } from '../server/fleet.server.js';
import { checkFault, ScenarioError } from '../scenario/scenario.loader.js';
import type { FleetSim } from '../fleet-sim.js';

/**
 * The JSON control API under `/control` (for tests and demos):
 * - `GET /clusters` — clusters with base URL and kubeconfig path
 * - `GET /requests[?cluster=x]` — API requests by verb (all clusters summed, or one)
 * - `GET /requests/by-cluster` — API requests by verb for every cluster: `{ <cluster>: { get, list, ... } }`
 * - `GET /environments` — the simulated environments
 * - `GET /environments/<name>/images` — image history of an environment
 * - `GET /faults`, `POST /faults` (a fault spec; returns its id), `DELETE /faults[/<id>]`
 * - `POST /clusters/<name>/compact` — drop watch history (later resumes from older versions get 410)
 * - `GET /stats` — object counts, controller passes, memory
 */
export function controlRoutes(sim: FleetSim) {
  return (method: string, path: string, query: URLSearchParams, body: unknown): ControlResponse => {
    const seg = path
      .split('/')
      .filter((s) => s.length > 0)
      .map(decodeURIComponent);
    const route = `${method} /${seg[0] ?? ''}`;
    try {
      switch (route) {
        case 'GET /clusters':
          return ok(sim.clusters.map(({ kubeconfig: _k, ...c }) => c));
        case 'POST /clusters':
          if (seg[2] === 'compact' && seg[1]) {
            sim.compact(seg[1]);
            return ok({ compacted: seg[1] });
          }
          break;
        case 'GET /requests':
          if (seg[1] === 'by-cluster') {
            return ok(Object.fromEntries(sim.clusters.map((c) => [c.name, sim.requestCounts(c.name)])));
          }
          if (seg.length === 1) return ok(sim.requestCounts(query.get('cluster') ?? undefined));
          break;
        case 'GET /environments':
          if (seg[2] === 'images' && seg[1]) return ok(sim.imageHistory(seg[1]));
          if (seg.length === 1) return ok(sim.environments());
          break;
        case 'GET /faults':
          return ok(sim.faults());
        case 'POST /faults':
          return ok({ id: sim.injectFault(checkFault(body)) });
        case 'DELETE /faults':
          sim.clearFaults(seg[1]);
          return ok({ cleared: seg[1] ?? 'all' });
        case 'GET /stats':
          return ok(sim.stats());
      }
      return { code: 404, body: { message: `no control route ${method} ${path}` } };
    } catch (e) {
      if (e instanceof ScenarioError) return { code: 400, body: { message: e.message } };
      throw e;
    }
  };
}

const ok = (body: unknown): ControlResponse => ({ code: 200, body });
