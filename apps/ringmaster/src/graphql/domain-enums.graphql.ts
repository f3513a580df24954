import { registerEnumType } from '@nestjs/graphql';
import {
  CAUSES,
  EVENT_TYPES,
  GATES,
  RING_KINDS,
  RING_RUN_STATUSES,
  TARGET_STATUSES,
  TRAIN_STATUSES,
} from '@ringmaster/domain';
import { ROLES } from '../auth/role.model.js';

/** A GraphQL enum object (`{ A: 'A', ... }`) from one of the domain's const arrays. */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/** Every enum of the contract, registered once; resolvers use these objects in `@Field(() => TrainStatusEnum)`. */
export const TrainStatusEnum = enumOf(TRAIN_STATUSES);
export const RingRunStatusEnum = enumOf(RING_RUN_STATUSES);
export const TargetStatusEnum = enumOf(TARGET_STATUSES);
export const CauseEnum = enumOf(CAUSES);
export const RingKindEnum = enumOf(RING_KINDS);
export const GateEnum = enumOf(GATES);
export const EventTypeEnum = enumOf(EVENT_TYPES);
export const RoleEnum = enumOf(ROLES);
export const CLUSTER_STATES = ['ACTIVE', 'CORDONED', 'UNREACHABLE'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];
export const ClusterStateEnum = enumOf(CLUSTER_STATES);

registerEnumType(TrainStatusEnum, { name: 'TrainStatus', description: "A train's lifecycle" });
registerEnumType(RingRunStatusEnum, { name: 'RingRunStatus', description: "A ring run's lifecycle" });
registerEnumType(TargetStatusEnum, { name: 'TargetStatus', description: "A target's lifecycle" });
registerEnumType(CauseEnum, { name: 'Cause', description: "The judged cause of a target's failure" });
registerEnumType(RingKindEnum, { name: 'RingKind', description: 'Stage of exposure' });
registerEnumType(GateEnum, { name: 'Gate', description: 'How a ring may start' });
registerEnumType(EventTypeEnum, { name: 'EventType', description: 'Train and schedule events' });
registerEnumType(RoleEnum, { name: 'Role', description: 'API roles: VIEWER < RELEASE_MANAGER < ADMIN' });
registerEnumType(ClusterStateEnum, { name: 'ClusterState', description: 'Whether trains may deploy to a cluster' });
