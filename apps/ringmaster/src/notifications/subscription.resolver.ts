import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { Roles } from '../auth/roles.decorator.js';
import { CreateSubscriptionInput, DeadLetter, NotificationSubscriptionModel } from './subscription.model.js';
import { SubscriptionRepository } from './subscription.repository.js';

/** subscriptions, createSubscription, deleteSubscription, deadLetters, redriveDeadLetter: ADMIN. */
@Resolver(() => NotificationSubscriptionModel)
export class SubscriptionResolver {
  constructor(private readonly repository: SubscriptionRepository) {}

  @Roles('ADMIN')
  @Query(() => [NotificationSubscriptionModel], {
    description: 'notification subscriptions (admin); secrets are never returned',
  })
  subscriptions(): Promise<NotificationSubscriptionModel[]> {
    return this.repository.list();
  }

  @Roles('ADMIN')
  @Mutation(() => NotificationSubscriptionModel, { description: 'a Slack or signed-webhook subscription' })
  createSubscription(
    @Args('input') input: CreateSubscriptionInput,
    @CurrentActor() actor: Actor,
  ): Promise<NotificationSubscriptionModel> {
    return this.repository.create(input, actor.name);
  }

  @Roles('ADMIN')
  @Mutation(() => NotificationSubscriptionModel, { description: 'removes a subscription and its undelivered messages' })
  deleteSubscription(@Args('id', { type: () => ID }) id: string): Promise<NotificationSubscriptionModel> {
    return this.repository.delete(id);
  }

  @Roles('ADMIN')
  @Query(() => [DeadLetter], { description: 'messages not delivered within the horizon (admin)' })
  deadLetters(): Promise<DeadLetter[]> {
    return this.repository.deadLetters();
  }

  @Roles('ADMIN')
  @Mutation(() => DeadLetter, { description: 'queues a dead letter again, with a fresh horizon' })
  redriveDeadLetter(@Args('id', { type: () => ID }) id: string): Promise<DeadLetter> {
    return this.repository.redrive(id);
  }
}
