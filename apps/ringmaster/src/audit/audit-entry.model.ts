import { Field, ID, ObjectType } from '@nestjs/graphql';

/** One recorded mutation. */
@ObjectType()
export class AuditEntry {
  @Field(() => ID) id: string;
  @Field({ description: '`token:<name>`, `admin-token` or `anonymous`' }) actor: string;
  @Field({ description: 'the caller role, or NONE' }) role: string;
  @Field({ description: 'the mutation field name' }) operation: string;
  @Field({ description: 'the arguments as JSON, secrets redacted' }) arguments: string;
  @Field({ description: '`ok`, `error:<CODE>` or `refused:<CODE>`' }) outcome: string;
  @Field() at: Date;
}
