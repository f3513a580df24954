import { Injectable } from '@nestjs/common';
import { assignRings, badUserInput, compileSelector, notFound, validateRingPlan } from '@ringmaster/domain';
import { pageRequest, toConnection } from '../graphql/connection.paging.js';
import type { ConnectionOf } from '../graphql/connection.types.js';
import { RingPlanRepository } from '../ring-plans/ring-plan.repository.js';
import type { RingPlan } from '../ring-plans/ring-plan.model.js';
import type { Environment, EnvironmentFilter } from './environment.model.js';
import { EnvironmentRepository } from './environment.repository.js';

/**
 * environments(filter, first, after): cluster and tenant filtered in the database; labels, selector and ring
 * membership (the FIRST ring of `ringPlan` whose selector matches) in memory; then paged by name.
 */
@Injectable()
export class ListEnvironments {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly plans: RingPlanRepository,
  ) {}

  async execute(
    filter: EnvironmentFilter | null | undefined,
    page: { first?: number | null; after?: string | null },
  ): Promise<ConnectionOf<Environment>> {
    const request = pageRequest(page);
    const f = filter ?? {};
    const selector = f.selector != null ? compileSelector(f.selector, 'filter.selector') : undefined;
    const ringPlan = await this.ringPlanFor(f);
    let rows = await this.environments.find({
      cluster: f.cluster ?? undefined,
      tenant: f.tenant ?? undefined,
      includeGone: f.includeGone ?? false,
    });
    const withLabels = rows.map((env) => ({
      env,
      name: env.name,
      labels: Object.fromEntries(env.labels.map((l) => [l.key, l.value])),
    }));
    let kept = withLabels.filter(
      ({ labels }) => !f.label?.some((l) => labels[l.key] !== l.value) && (!selector || selector(labels)),
    );
    if (ringPlan) kept = assignRings(ringPlan, kept).rings.find((r) => r.ring === f.ring)?.environments ?? [];
    rows = kept.map((k) => k.env);
    const after = request.afterKey;
    const rest = after === undefined ? rows : rows.filter((env) => env.name > after);
    return toConnection(
      rest.slice(0, request.first + 1),
      request,
      rows.length,
      (env) => env.name,
      (env) => env,
    );
  }

  private async ringPlanFor(f: EnvironmentFilter) {
    if (f.ring == null) return undefined;
    if (f.ringPlan == null) throw badUserInput('filter.ringPlan', 'name the ring plan the ring filter refers to');
    const plan = await this.plans.findByName(f.ringPlan);
    if (!plan) throw notFound('ring plan', f.ringPlan);
    if (!plan.rings.some((r) => r.name === f.ring))
      throw badUserInput('filter.ring', `no ring "${f.ring}" in the plan`);
    return toDomain(plan);
  }
}

function toDomain(plan: RingPlan) {
  return validateRingPlan({
    name: plan.name,
    autoRollback: plan.autoRollback,
    rings: plan.rings.map((r) => ({
      name: r.name,
      kind: r.kind,
      selector: r.selector,
      maxParallel: r.maxParallel,
      bake: `${r.bakeSeconds}s`,
      gate: r.gate,
      failureBudget: {
        maxFailures: r.failureBudget.maxFailures ?? undefined,
        maxFailurePercent: r.failureBudget.maxFailurePercent ?? undefined,
      },
    })),
  });
}
