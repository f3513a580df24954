import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';

/** Relay-style page information. */
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'cursor of the last edge; pass it as `after` for the next page' })
  endCursor: string | null;
}

/** `first` and `after` of a connection field. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'page size (default 50, at most 500)' })
  first?: number;
  @Field(() => String, { nullable: true, description: 'the endCursor of the previous page' })
  after?: string;
}

/** An edge of `T`. */
export interface Edge<T> {
  node: T;
  cursor: string;
}

/** A page of `T`. */
export interface ConnectionOf<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The connection and edge object types of a node type: `Connection(Environment)` makes `EnvironmentConnection`
 * with `edges { node cursor }`, `pageInfo` and `totalCount`. Call once per node type, at module level.
 */
export function Connection<T>(node: Type<T>, name = node.name): Type<ConnectionOf<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => node) node: T;
    @Field() cursor: string;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'matching nodes across all pages' }) totalCount: number;
  }
  return ConnectionType;
}
