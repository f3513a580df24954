import { RESOURCE_TYPES, type ResourceType } from '../store/resource.registry.js';

/** The Kubernetes version fleet-sim claims to be. */
export const SIM_VERSION = { major: '1', minor: '31', gitVersion: 'v1.31.0-fleet-sim', platform: 'linux/amd64' };

/**
 * Answers the discovery endpoints (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`, `/version`) from the registry;
 * undefined means 404.
 */
export function discovery(root: 'api' | 'apis' | 'version', group?: string, version?: string): unknown {
  if (root === 'version') return SIM_VERSION;
  if (root === 'api' && version === undefined) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  }
  if (root === 'apis' && group === undefined) {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupBody) };
  }
  if (root === 'apis' && version === undefined) {
    const g = groups().find((x) => x.name === group);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupBody(g) } : undefined;
  }
  const types = RESOURCE_TYPES.filter((t) => t.group === (group ?? '') && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: types.flatMap(resourceEntries),
  };
}

function resourceEntries(t: ResourceType): unknown[] {
  const main = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
  };
  if (!t.statusSubresource) return [main];
  return [
    main,
    {
      name: `${t.plural}/status`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'patch', 'update'],
    },
  ];
}

function groups(): { name: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const t of RESOURCE_TYPES) if (t.group) seen.set(t.group, t.version);
  return [...seen].map(([name, version]) => ({ name, version }));
}

function groupBody(g: { name: string; version: string }): Record<string, unknown> {
  const gv = { groupVersion: `${g.name}/${g.version}`, version: g.version };
  return { name: g.name, versions: [gv], preferredVersion: gv };
}
