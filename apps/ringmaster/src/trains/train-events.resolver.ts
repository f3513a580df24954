import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { notFound } from '@ringmaster/domain';
import { Roles } from '../auth/roles.decorator.js';
import { decodeCursor } from '../graphql/connection.paging.js';
import { TrainEvent } from './train-event.model.js';
import { TrainEventsFeed } from './train-events.feed.js';
import { TrainEventsRepository } from './train-events.repository.js';
import { TrainReadRepository } from './train-read.repository.js';
import { parseEventKey } from './train.cursors.js';

/** trainEvents(trainId, after): every event of a train as it happens (graphql-ws), VIEWER and up. */
@Resolver(() => TrainEvent)
export class TrainEventsResolver {
  constructor(
    @Inject(TrainEventsFeed) private readonly feed: TrainEventsFeed,
    @Inject(TrainReadRepository) private readonly trains: TrainReadRepository,
    @Inject(TrainEventsRepository) private readonly events: TrainEventsRepository,
  ) {}

  @Roles('VIEWER')
  @Subscription(() => TrainEvent, {
    description:
      "every event of the train as it happens, in order; with `after` (an Event's cursor, e.g. the endCursor of " +
      '`Train.events`) first every event since then, so nothing is missed between reading and subscribing',
    resolve: (event: TrainEvent) => event,
  })
  async trainEvents(
    @Args('trainId', { type: () => ID }) trainId: string,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AsyncIterableIterator<TrainEvent>> {
    const from = after == null ? undefined : parseEventKey(decodeCursor(after));
    const [train] = await this.trains.findByIds([trainId]);
    if (!train) throw notFound('train', trainId);
    return this.feed.subscribe(trainId, BigInt(from ?? (await this.events.head(trainId))));
  }
}
