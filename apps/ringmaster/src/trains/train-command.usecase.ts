import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound, type CommandResult, type TrainState } from '@ringmaster/domain';
import { TrainStore } from '@ringmaster/persistence';
import { API_CLOCK, type ApiClock } from '../graphql/api.clock.js';
import { ReconcileLoop } from '../engine/reconcile.loop.js';

/** A domain command over a train's state: start, approve, pause, resume, halt, roll back, cancel, retry, exclude. */
export type TrainCommand = (state: TrainState, now: number) => CommandResult;

/** How often a command is re-run on a fresh load when the reconciler saved the train in between. */
const MAX_STALE_RETRIES = 3;

/**
 * Runs one command against the stored train: load, decide with the pure domain command (CONFLICT on an illegal
 * transition, nothing written), save state and events in one transaction guarded by the train's revision, then
 * wake the reconciler so the cluster work starts at once.
 */
@Injectable()
export class RunTrainCommand {
  constructor(
    @Inject(TrainStore) private readonly store: TrainStore,
    @Inject(ReconcileLoop) private readonly loop: ReconcileLoop,
    @Inject(API_CLOCK) private readonly clock: ApiClock,
  ) {}

  async execute(trainId: string, command: TrainCommand): Promise<TrainState> {
    for (let attempt = 0; attempt <= MAX_STALE_RETRIES; attempt++) {
      const loaded = await this.store.load(trainId);
      if (!loaded) throw notFound('train', trainId);
      const now = this.clock().getTime();
      const result = command(loaded.state, now);
      const saved = await this.store.save(loaded, result, now);
      if (saved.ok) {
        void this.loop.wake(trainId);
        return saved.train.state;
      }
    }
    throw conflict(`train ${trainId} kept changing while the command ran; try again`);
  }
}
