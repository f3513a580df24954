import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { ApiContext } from '../graphql/api.context.js';
import type { Actor } from './role.model.js';

/** The authenticated caller of a resolver (guarded operations always have one). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor | undefined => {
  return GqlExecutionContext.create(context).getContext<ApiContext>().actor;
});
