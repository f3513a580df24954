import { Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import type { Actor } from '../auth/role.model.js';
import { Caller } from './caller.model.js';

/** me: any valid token may ask who it is (e.g. for the dashboard to hide what the role may not do). */
@Resolver(() => Caller)
export class MeResolver {
  @Roles('VIEWER')
  @Query(() => Caller, { description: 'the caller: its role and token; RINGMASTER_ADMIN_TOKEN answers as ADMIN' })
  me(@CurrentActor() actor: Actor): Caller {
    return { role: actor.role, actor: actor.name, tokenName: actor.tokenName ?? null, tokenId: actor.tokenId ?? null };
  }
}
