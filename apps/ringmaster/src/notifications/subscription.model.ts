import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Where a subscription sends. */
export enum SubscriptionKindEnum {
  SLACK = 'SLACK',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(SubscriptionKindEnum, {
  name: 'SubscriptionKind',
  description: 'Slack incoming webhook or signed webhook',
});

/** A notification subscription as the API shows it: never its secret. */
@ObjectType('NotificationSubscription')
export class NotificationSubscriptionModel {
  @Field(() => ID) id: string;
  @Field(() => SubscriptionKindEnum) kind: SubscriptionKindEnum;
  @Field() url: string;
  @Field(() => [String], { description: 'event types; empty = all' }) events: string[];
  @Field(() => [String], { description: 'train ids; empty = all' }) trains: string[];
  @Field(() => [String], { description: 'ring plan names; empty = all' }) ringPlans: string[];
  @Field({ description: 'INFO, WARNING or CRITICAL' }) minSeverity: string;
  @Field({ description: 'whether a secret is set (the secret itself is never returned)' }) hasSecret: boolean;
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
}

/** createSubscription's input. */
@InputType()
export class CreateSubscriptionInput {
  @Field(() => SubscriptionKindEnum) kind: SubscriptionKindEnum;
  @Field() url: string;
  @Field(() => String, { nullable: true, description: 'HMAC secret for WEBHOOK (stored encrypted)' }) secret?:
    string | null;
  @Field(() => [String], { description: 'event types; empty = all' }) events: string[];
  @Field(() => [String], { nullable: true }) trains?: string[] | null;
  @Field(() => [String], { nullable: true }) ringPlans?: string[] | null;
  @Field(() => String, { nullable: true, description: 'INFO (default), WARNING or CRITICAL' }) minSeverity?:
    string | null;
}

/** An outbox message that was not delivered within the horizon. */
@ObjectType()
export class DeadLetter {
  @Field(() => ID) id: string;
  @Field(() => ID) subscriptionId: string;
  @Field() eventId: string;
  @Field() eventType: string;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field() createdAt: Date;
}
