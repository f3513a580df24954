import { Inject, Injectable } from '@nestjs/common';
import type { TrainStatus } from '@ringmaster/domain';
import { pageRequest, toConnection } from '../graphql/connection.paging.js';
import type { ConnectionOf } from '../graphql/connection.types.js';
import { parseTrainListKey, trainListKey } from './train.cursors.js';
import { TrainReadRepository } from './train-read.repository.js';
import type { Train } from './train.model.js';

/** trains(status, first, after): newest first, in any of `status` (all when absent); two statements. */
@Injectable()
export class ListTrains {
  constructor(@Inject(TrainReadRepository) private readonly trains: TrainReadRepository) {}

  async execute(
    status: readonly TrainStatus[] | null | undefined,
    page: { first?: number | null; after?: string | null },
  ): Promise<ConnectionOf<Train>> {
    const request = pageRequest(page);
    const after = request.afterKey === undefined ? undefined : parseTrainListKey(request.afterKey);
    const statuses = status ?? [];
    const [rows, total] = await Promise.all([
      this.trains.list(statuses, after, request.first + 1),
      this.trains.count(statuses),
    ]);
    return toConnection(rows, request, total, trainListKey, (train) => train);
  }
}
