import type { Labels } from '../common/label-selector.matcher.js';
import type { RingPlan } from '../policy/ring-plan.model.js';
import { assignRings } from '../policy/ring.assignment.js';
import type { DomainEvent } from './train.actions.js';
import type { TrainState } from './train.state.js';

/** An environment as a new train needs it. */
export interface TrainEnvironment {
  name: string;
  cluster: string;
  tenant?: string;
  /** selector labels: the Rollouts' ringmaster.io/* labels without prefix, plus `cluster` and the cluster's labels */
  labels: Labels;
}

export interface NewTrainInput {
  id: string;
  releaseVersion: string;
  /** a validated plan; it is kept in the train as its snapshot */
  plan: RingPlan;
  environments: readonly TrainEnvironment[];
  /** defaults to the plan's autoRollback */
  autoRollback?: boolean;
  startAt?: number;
  now: number;
}

export interface NewTrain {
  state: TrainState;
  /** environments no ring selects: reported, never deployed */
  unassigned: TrainEnvironment[];
  events: DomainEvent[];
}

/** Builds a SCHEDULED train: one PENDING ring run per ring and one PENDING target per assigned environment. */
export function newTrain(input: NewTrainInput): NewTrain {
  const { rings, unassigned } = assignRings(input.plan, input.environments);
  const state: TrainState = {
    id: input.id,
    releaseVersion: input.releaseVersion,
    plan: input.plan,
    status: 'SCHEDULED',
    paused: false,
    autoRollback: input.autoRollback ?? input.plan.autoRollback,
    startAt: input.startAt,
    createdAt: input.now,
    rings: input.plan.rings.map((ring) => ({
      name: ring.name,
      status: 'PENDING',
      bakePausedMs: 0,
      acceptedFailures: 0,
    })),
    targets: rings.flatMap((ring) =>
      ring.environments.map((env) => ({
        environment: env.name,
        cluster: env.cluster,
        tenant: env.tenant,
        ringIndex: ring.ringIndex,
        status: 'PENDING' as const,
        attempts: 0,
      })),
    ),
  };
  const perRing = rings.map((r) => `${r.ring}: ${r.environments.length}`).join(', ');
  const events: DomainEvent[] = [
    {
      type: 'TRAIN_CREATED',
      trainId: input.id,
      message: `train ${input.id} created for release ${input.releaseVersion} on plan ${input.plan.name} (${perRing}; ${unassigned.length} in no ring)`,
      payload: { unassigned: unassigned.map((e) => e.name) },
      occurredAt: input.now,
    },
  ];
  return { state, unassigned, events };
}
