import { Inject, Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import type { Attribution } from '../attribution/attribution.model.js';
import { orderByKeys, type RequestLoaders } from '../graphql/request.loaders.js';
import type { Release } from '../releases/release.model.js';
import { ReleaseRepository } from '../releases/release.repository.js';
import type { RingPlan } from '../ring-plans/ring-plan.model.js';
import { RingPlanRepository } from '../ring-plans/ring-plan.repository.js';
import { TrainEventsRepository, type EventPage } from './train-events.repository.js';
import { TrainReadRepository } from './train-read.repository.js';
import { TrainTargetsRepository, type TargetPage, type TargetQuery } from './train-targets.repository.js';
import type { RingRun, Train } from './train.model.js';

/**
 * The DataLoaders of the train API, one set per request (RequestLoaders): whatever the number of trains or
 * targets in a response, each kind of field costs one statement per distinct argument set.
 */
@Injectable()
export class TrainLoaders {
  constructor(
    @Inject(TrainReadRepository) private readonly trains: TrainReadRepository,
    @Inject(TrainTargetsRepository) private readonly targets: TrainTargetsRepository,
    @Inject(TrainEventsRepository) private readonly events: TrainEventsRepository,
    @Inject(ReleaseRepository) private readonly releases: ReleaseRepository,
    @Inject(RingPlanRepository) private readonly plans: RingPlanRepository,
  ) {}

  /** Trains by id; null for an unknown id. */
  train(loaders: RequestLoaders): DataLoader<string, Train | null> {
    return loaders.get('train', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.trains.findByIds(ids), (t) => t.id, null),
    );
  }

  release(loaders: RequestLoaders): DataLoader<string, Release> {
    return loaders.get('train.release', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.releases.findByIds(ids), (r) => r.id, new Error('release vanished')),
    );
  }

  ringPlan(loaders: RequestLoaders): DataLoader<string, RingPlan> {
    return loaders.get('train.ringPlan', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.plans.findByIds(ids), (p) => p.id, new Error('ring plan vanished')),
    );
  }

  rings(loaders: RequestLoaders): DataLoader<string, RingRun[]> {
    return loaders.get('train.rings', async (ids: readonly string[]) => {
      const byTrain = await this.trains.ringsOf(ids);
      return ids.map((id) => byTrain.get(id) ?? []);
    });
  }

  /** Target pages by train id, one loader per query (filter and page): one statement for all trains. */
  targetPages(loaders: RequestLoaders, query: TargetQuery): DataLoader<string, TargetPage> {
    return loaders.get(`train.targets:${JSON.stringify(query)}`, async (ids: readonly string[]) => {
      const pages = await this.targets.pages(ids, query);
      return ids.map((id) => pages.get(id) ?? { rows: [], totalCount: 0 });
    });
  }

  /** The attribution of each target (by Target.id); null while unjudged. */
  targetAttribution(loaders: RequestLoaders): DataLoader<string, Attribution | null> {
    return loaders.get('target.attribution', async (ids: readonly string[]) => {
      const latest = await this.targets.latestAttributions(ids);
      return ids.map((id) => latest.get(id) ?? null);
    });
  }

  attributions(loaders: RequestLoaders): DataLoader<string, Attribution[]> {
    return loaders.get('train.attributions', async (ids: readonly string[]) => {
      const byTrain = await this.targets.attributionsOf(ids);
      return ids.map((id) => byTrain.get(id) ?? []);
    });
  }

  /** Event pages by train id, one loader per page request. */
  eventPages(loaders: RequestLoaders, afterSeq: string, take: number): DataLoader<string, EventPage> {
    return loaders.get(`train.events:${afterSeq}:${take}`, async (ids: readonly string[]) => {
      const pages = await this.events.pages(ids, afterSeq, take);
      return ids.map((id) => pages.get(id) ?? { rows: [], totalCount: 0 });
    });
  }
}
