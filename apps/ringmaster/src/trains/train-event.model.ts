import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { EventType } from '@ringmaster/domain';
import { Connection } from '../graphql/connection.types.js';
import { EventTypeEnum } from '../graphql/domain-enums.graphql.js';

/** Something that happened to a train, as stored in the Event table (in the order it was written). */
@ObjectType('Event', { description: 'Something that happened to a train' })
export class TrainEvent {
  @Field(() => ID, { description: 'stable id, also sent as X-Ringmaster-Event-Id with notifications' }) id: string;
  @Field(() => EventTypeEnum) type: EventType;
  @Field(() => ID, { nullable: true }) trainId: string | null;
  @Field(() => String, { nullable: true }) ring: string | null;
  @Field(() => String, { nullable: true }) environment: string | null;
  @Field() message: string;
  @Field() occurredAt: Date;
  @Field({
    description: "this event's position: pass it as `after` to `events` or `trainEvents` to continue after it",
  })
  cursor: string;
}

export const EventConnection = Connection(TrainEvent, 'Event');
