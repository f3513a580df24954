/** JSON schema of a scenario file (see scenario.types.ts for the meaning of each field). */
const duration = {
  anyOf: [
    { type: 'number', minimum: 0 },
    { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h)?$' },
  ],
};
const name = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 };
const labels = { type: 'object', additionalProperties: { type: 'string' } };
const names = { type: 'array', items: { type: 'string' } };
const match = {
  type: 'object',
  required: ['image'],
  additionalProperties: false,
  properties: { image: { type: 'string', minLength: 1 } },
};
const effect = { enum: ['crashloop', 'oom', 'error-rate', 'latency', 'slow-leak', 'image-pull'] };

const step = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    setWeight: { type: 'integer', minimum: 0, maximum: 100 },
    pause: { type: 'object', additionalProperties: false, properties: { duration } },
    analysis: { type: 'object' },
  },
};
const steps = { type: 'array', items: step };
const component = {
  anyOf: [
    name,
    {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name, replicas: { type: 'integer', minimum: 0 } },
    },
  ],
};
const components = { type: 'array', minItems: 1, items: component };

const environment = {
  type: 'object',
  required: ['name', 'cluster', 'tenant'],
  additionalProperties: false,
  properties: {
    name,
    cluster: { type: 'string' },
    tenant: { type: 'string' },
    cohort: { type: 'string' },
    components,
    replicas: { type: 'integer', minimum: 0 },
    rps: { type: 'number', minimum: 0 },
    customerRevision: { type: 'string' },
    workloadRef: { type: 'boolean' },
    labels,
    steps,
  },
};

const batch = {
  type: 'object',
  required: ['count', 'namePrefix'],
  additionalProperties: false,
  properties: {
    count: { type: 'integer', minimum: 0 },
    namePrefix: name,
    clusters: names,
    tenants: names,
    tenantCount: { type: 'integer', minimum: 1 },
    tenantPrefix: name,
    cohorts: names,
    components,
    replicas: { type: 'integer', minimum: 0 },
    rps: {
      anyOf: [
        { type: 'number', minimum: 0 },
        {
          type: 'object',
          required: ['min', 'max'],
          additionalProperties: false,
          properties: { min: { type: 'number', exclusiveMinimum: 0 }, max: { type: 'number', exclusiveMinimum: 0 } },
        },
      ],
    },
    workloadRefShare: { type: 'number', minimum: 0, maximum: 1 },
    customerRevision: { type: 'string' },
    steps,
  },
};

const scope = {
  id: { type: 'string' },
  at: duration,
  for: duration,
  clusters: names,
  environments: names,
  tenants: names,
  components: names,
};
const fault = (kind: string, required: string[], props: Record<string, unknown>) => ({
  type: 'object',
  required: ['kind', ...required],
  additionalProperties: false,
  properties: { kind: { const: kind }, ...scope, ...props },
});

/** One fault entry (also what `POST /control/faults` and `injectFault` accept); the kind picks the schema. */
const FAULT_KINDS: Record<string, ReturnType<typeof fault>> = {
  'bad-release': fault('bad-release', ['match', 'effect'], {
    match,
    effect,
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    latencyMs: { type: 'number', minimum: 0 },
    after: duration,
  }),
  'customer-code': fault('customer-code', ['environment', 'revision'], {
    environment: { type: 'string' },
    revision: { type: 'string' },
    effect,
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
  }),
  'api-outage': fault('api-outage', ['cluster'], {
    cluster: { type: 'string' },
    mode: { enum: ['unavailable', 'timeout', 'throttle'] },
    retryAfterSeconds: { type: 'integer', minimum: 0 },
    qps: { type: 'number', minimum: 0 },
  }),
  'metrics-outage': fault('metrics-outage', ['cluster'], { cluster: { type: 'string' } }),
  'image-pull': fault('image-pull', ['match'], { match }),
  'secret-rotation': fault('secret-rotation', ['match'], { match }),
};

export const FAULT_SCHEMA = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: Object.keys(FAULT_KINDS) } },
  allOf: Object.entries(FAULT_KINDS).map(([kind, schema]) => ({
    if: { properties: { kind: { const: kind } } },
    then: schema,
  })),
};

/** The whole scenario file. */
export const SCENARIO_SCHEMA = {
  type: 'object',
  required: ['platform', 'clusters'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tick: duration,
        podStart: duration,
        progressDeadlineSeconds: { type: 'integer', minimum: 1 },
        bookmarkInterval: duration,
        eventHistory: { type: 'integer', minimum: 1 },
      },
    },
    platform: {
      type: 'object',
      required: ['version'],
      additionalProperties: false,
      properties: {
        version: { type: 'string', minLength: 1 },
        imageTemplate: { type: 'string', pattern: '\\{component\\}' },
      },
    },
    clusters: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'region'],
        additionalProperties: false,
        properties: { name, region: { type: 'string', minLength: 1 }, labels, token: { type: 'string', minLength: 1 } },
      },
    },
    canary: { type: 'object', required: ['steps'], additionalProperties: false, properties: { steps } },
    environments: {
      type: 'object',
      additionalProperties: false,
      properties: { generate: { type: 'array', items: batch }, list: { type: 'array', items: environment } },
    },
    faults: { type: 'array', items: FAULT_SCHEMA },
  },
};
