import type { TrainApi } from './schema.probe.js';

/** Targets of one ring by state, as `RingRun.targetCounts` answers them. */
export interface TargetCounts {
  total: number;
  pending: number;
  deploying: number;
  healthy: number;
  failed: number;
  excluded: number;
  rolledBack: number;
}

export interface RingView {
  name: string;
  status: string;
  startedAt: string | null;
  bakeEndsAt: string | null;
  targetCounts: TargetCounts;
}

/** One event of a train (the fields the schema has; `type` and `message` always). */
export interface TrainEventView {
  id?: string;
  type: string;
  ring?: string | null;
  environment?: string | null;
  message: string;
  occurredAt?: string;
}

export interface TrainView {
  id: string;
  status: string;
  releaseVersion: string;
  currentRing: string | null;
  haltReason: string | null;
  rings: RingView[];
  events?: { edges: { node: TrainEventView }[]; pageInfo?: { endCursor: string | null } };
}

export interface AttributionView {
  environment: string;
  ring: string;
  cause: string;
  confidence: number;
  evidence: string[];
  signature?: string | null;
}

/** The page size of event reads; more events than this in one poll are read on the next polls. */
export const EVENTS_PAGE = 200;
const TARGETS_PAGE = 500;

const TRAIN_FIELDS = `id status releaseVersion currentRing haltReason
  rings { name status startedAt bakeEndsAt targetCounts { total pending deploying healthy failed excluded rolledBack } }`;
const ATTRIBUTION_FIELDS = 'environment ring cause confidence evidence signature';

/** `train(id)` with its rings and, when the schema has them, its events after `$after`. */
export function trainQuery(api: TrainApi): string {
  if (!api.events) return `query($id: ID!) { train(id: $id) { ${TRAIN_FIELDS} } }`;
  const node = `edges { node { ${api.events.fields.join(' ')} } }`;
  const events = api.events.paged
    ? `events(first: ${EVENTS_PAGE}, after: $after) { ${node} pageInfo { endCursor } }`
    : `events { ${node} }`;
  const variables = api.events.paged ? '$id: ID!, $after: String' : '$id: ID!';
  return `query(${variables}) { train(id: $id) { ${TRAIN_FIELDS} ${events} } }`;
}

/** The train's attributions, through `Train.attributions` or its targets; undefined when the schema has neither. */
export function attributionsQuery(api: TrainApi): string | undefined {
  if (api.attributions) return `query($id: ID!) { train(id: $id) { attributions { ${ATTRIBUTION_FIELDS} } } }`;
  if (api.targetAttributions) {
    return `query($id: ID!) { train(id: $id) { targets(first: ${TARGETS_PAGE}) { edges { node {
      attribution { ${ATTRIBUTION_FIELDS} } } } } } }`;
  }
  return undefined;
}

/** The attributions out of either answer of `attributionsQuery`. */
export function attributionsOf(data: {
  train: {
    attributions?: AttributionView[];
    targets?: { edges: { node: { attribution: AttributionView | null } }[] };
  };
}): AttributionView[] {
  if (data.train.attributions) return data.train.attributions;
  return (data.train.targets?.edges ?? []).flatMap((e) => (e.node.attribution ? [e.node.attribution] : []));
}

export const TRAIN_FIELDS_FOR_MUTATIONS = TRAIN_FIELDS;
