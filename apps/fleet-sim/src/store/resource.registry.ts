/** The resource kinds fleet-sim serves, with their API coordinates. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** True when the type has a `/status` subresource (status is ignored on the main endpoint and vice versa). */
  statusSubresource: boolean;
  shortNames?: string[];
  singular: string;
  verbs: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Every resource type served, one entry per (group, plural). */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  r('argoproj.io', 'v1alpha1', 'rollouts', 'Rollout', true, ['ro']),
  r('argoproj.io', 'v1alpha1', 'analysisruns', 'AnalysisRun', false, ['ar']),
  r('argoproj.io', 'v1alpha1', 'analysistemplates', 'AnalysisTemplate', false, ['at']),
  r('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']),
  r('apps', 'v1', 'deployments', 'Deployment', true, ['deploy']),
  r('', 'v1', 'pods', 'Pod', true, ['po']),
  r('', 'v1', 'configmaps', 'ConfigMap', false, ['cm']),
  r('', 'v1', 'secrets', 'Secret', false),
  r('', 'v1', 'events', 'Event', false, ['ev']),
  { ...r('', 'v1', 'namespaces', 'Namespace', true, ['ns']), namespaced: false },
  {
    ...r('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', true, ['crd']),
    namespaced: false,
  },
];

function r(
  group: string,
  version: string,
  plural: string,
  kind: string,
  statusSubresource: boolean,
  shortNames?: string[],
): ResourceType {
  return {
    group,
    version,
    plural,
    kind,
    namespaced: true,
    statusSubresource,
    shortNames,
    singular: kind.toLowerCase(),
    verbs: ALL_VERBS,
  };
}

/** `group/version` as written in apiVersion (`v1` for the core group). */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Key for a type: `plural.group` (`pods` for core). */
export function typeKey(t: Pick<ResourceType, 'group' | 'plural'>): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

const BY_COORDS = new Map(RESOURCE_TYPES.map((t) => [`${t.group}/${t.version}/${t.plural}`, t]));
const BY_KIND = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]));

/** Finds a type by its URL coordinates, or undefined when not served. */
export function findType(group: string, version: string, plural: string): ResourceType | undefined {
  return BY_COORDS.get(`${group}/${version}/${plural}`);
}

/** Finds a type by kind (kinds are unique in this registry). */
export function typeOfKind(kind: string): ResourceType {
  const t = BY_KIND.get(kind);
  if (!t) throw new Error(`unknown kind ${kind}`);
  return t;
}

export const ROLLOUTS = typeOfKind('Rollout');
export const REPLICASETS = typeOfKind('ReplicaSet');
export const DEPLOYMENTS = typeOfKind('Deployment');
export const PODS = typeOfKind('Pod');
export const CONFIGMAPS = typeOfKind('ConfigMap');
export const SECRETS = typeOfKind('Secret');
export const EVENTS = typeOfKind('Event');
export const NAMESPACES = typeOfKind('Namespace');
export const ANALYSISRUNS = typeOfKind('AnalysisRun');
