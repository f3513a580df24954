import type { GraphQLRequest } from './graphql.transport.js';

/**
 * Which of the train's read fields this service offers. The API grows (Train.events, Train.attributions,
 * Train.targets); the demo asks the schema instead of assuming, and falls back where a field is not there yet.
 */
export interface TrainApi {
  /** Train.events as a connection, with the event fields the demo shows */
  events?: { fields: string[]; paged: boolean };
  /** Train.attributions */
  attributions: boolean;
  /** Train.targets connection whose nodes carry `attribution` */
  targetAttributions: boolean;
}

interface TypeRef {
  name: string | null;
  kind: string;
  ofType: TypeRef | null;
}
interface FieldInfo {
  name: string;
  args: { name: string }[];
  type: TypeRef;
}

const TYPE_QUERY = `query($name: String!) { __type(name: $name) { fields { name args { name }
  type { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } }`;

/** The event fields the demo prints, in the order it asks for them. */
export const EVENT_FIELDS = ['id', 'type', 'ring', 'environment', 'message', 'occurredAt'];
const REQUIRED_EVENT_FIELDS = ['type', 'message'];

/** Reads the schema (introspection) and says which train fields exist. */
export async function probeTrainApi(request: GraphQLRequest): Promise<TrainApi> {
  const fieldsOf = async (name: string): Promise<Map<string, FieldInfo>> => {
    const data = await request<{ __type: { fields: FieldInfo[] | null } | null }>(TYPE_QUERY, { name });
    return new Map((data.__type?.fields ?? []).map((f) => [f.name, f]));
  };
  const nodeOf = async (connection: string): Promise<Map<string, FieldInfo> | undefined> => {
    const c = await fieldsOf(connection);
    const edge = c.get('edges');
    const node = edge && (await fieldsOf(namedType(edge.type))).get('node');
    return node ? fieldsOf(namedType(node.type)) : undefined;
  };

  const train = await fieldsOf('Train');
  const api: TrainApi = { attributions: train.has('attributions'), targetAttributions: false };
  const events = train.get('events');
  if (events) {
    const node = await nodeOf(namedType(events.type));
    const fields = EVENT_FIELDS.filter((f) => node?.has(f));
    if (REQUIRED_EVENT_FIELDS.every((f) => fields.includes(f))) {
      const paged = events.args.some((a) => a.name === 'after') && (await hasEndCursor(fieldsOf, events.type));
      api.events = { fields, paged };
    }
  }
  const targets = train.get('targets');
  if (targets) api.targetAttributions = (await nodeOf(namedType(targets.type)))?.has('attribution') ?? false;
  return api;
}

async function hasEndCursor(fieldsOf: (name: string) => Promise<Map<string, FieldInfo>>, connection: TypeRef) {
  const pageInfo = (await fieldsOf(namedType(connection))).get('pageInfo');
  return pageInfo !== undefined && (await fieldsOf(namedType(pageInfo.type))).has('endCursor');
}

function namedType(ref: TypeRef): string {
  let t: TypeRef | null = ref;
  while (t && !t.name) t = t.ofType;
  return t?.name ?? '';
}
