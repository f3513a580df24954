import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { DatabaseHandle } from '@ringmaster/persistence';
import { DATABASE_HANDLE } from '../database/database.tokens.js';
import { Public } from '../auth/roles.decorator.js';

@ObjectType({ description: 'What this Ringmaster instance is and where it keeps its state.' })
export class ServiceInfo {
  @Field() name: string;
  @Field({ description: 'embedded or postgres' }) database: string;
}

@Resolver(() => ServiceInfo)
export class ServiceInfoResolver {
  constructor(@Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle) {}

  @Public()
  @Query(() => ServiceInfo, { description: 'Placeholder until the release-manager API lands.' })
  serviceInfo(): ServiceInfo {
    return { name: 'ringmaster', database: this.db.kind };
  }
}
