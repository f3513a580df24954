import { type EventType, TERMINAL_TRAIN_STATUSES } from '../common/domain.enums.js';
import type { Action, DomainEvent } from './train.actions.js';
import type { DecideOptions } from './train.options.js';
import type { RingRunState, TargetState, TrainState } from './train.state.js';

/**
 * What changed in a pass, so persistence writes only those rows. `next` is always the FULL next state, sharing
 * every unchanged ring and target object with the input (compare by reference or use these lists).
 */
export interface StateChanges {
  /** a field of the train itself changed (status, paused, currentRingIndex, haltReason, times...) */
  train: boolean;
  /** indices (into `rings`) of ring runs that changed */
  rings: number[];
  /** environment names of targets that changed */
  targets: string[];
}

/** The outcome of a command (start, approve, pause...): the next state with what changed, events and actions. */
export interface CommandResult {
  next: TrainState;
  changes: StateChanges;
  events: DomainEvent[];
  /** cluster work the command needs at once (aborts of in-flight canaries); idempotent like decide's */
  actions: Action[];
}

/** The outcome of `decide`: a command result plus when to look again (null: only a command or event wakes it). */
export interface Decision extends CommandResult {
  requeueAfterMs: number | null;
}

type TrainFields = Partial<Omit<TrainState, 'rings' | 'targets' | 'id' | 'plan'>>;

/** A copy-on-write builder of the next state, the events and the actions of one pass or command. */
export class TrainPass {
  readonly next: TrainState;
  readonly actions: Action[] = [];
  readonly events: DomainEvent[] = [];
  private targetsCopied = false;
  private trainChanged = false;
  private readonly changedRings = new Set<number>();
  private readonly changedTargets = new Set<number>();
  private wakeAt: number | null = null;
  private ringIndex: number[][] | undefined;

  constructor(
    readonly prev: TrainState,
    readonly now: number,
    readonly options: DecideOptions,
  ) {
    this.next = { ...prev, rings: prev.rings.slice() };
  }

  /** Target indices per ring, in state order; built once per pass, O(targets). */
  get byRing(): number[][] {
    if (!this.ringIndex) {
      const index: number[][] = this.next.plan.rings.map(() => []);
      this.next.targets.forEach((t, i) => index[t.ringIndex]?.push(i));
      this.ringIndex = index;
    }
    return this.ringIndex;
  }

  target(i: number): TargetState {
    return this.next.targets[i];
  }

  ring(r: number): RingRunState {
    return this.next.rings[r];
  }

  ringName(r: number): string {
    return this.next.plan.rings[r].name;
  }

  updateTrain(fields: TrainFields): void {
    Object.assign(this.next, fields);
    this.trainChanged = true;
  }

  updateRing(r: number, fields: Partial<RingRunState>): void {
    this.next.rings[r] = { ...this.next.rings[r], ...fields };
    this.changedRings.add(r);
  }

  /** Replaces target i with a changed copy (`undefined` clears a field) stamped updatedAt = now. */
  updateTarget(i: number, fields: Partial<TargetState>): TargetState {
    if (!this.targetsCopied) {
      this.next.targets = this.next.targets.slice();
      this.targetsCopied = true;
    }
    const updated = { ...this.next.targets[i], ...fields, updatedAt: this.now };
    this.next.targets[i] = updated;
    this.changedTargets.add(i);
    return updated;
  }

  emit(
    type: EventType,
    message: string,
    extra: { ring?: string; environment?: string; payload?: Record<string, unknown> } = {},
  ): void {
    this.events.push({ type, trainId: this.next.id, message, occurredAt: this.now, ...extra });
  }

  act(action: Action): void {
    this.actions.push(action);
  }

  /** Asks to be looked at again no later than `time`. */
  wakeNoLaterThan(time: number): void {
    if (this.wakeAt === null || time < this.wakeAt) this.wakeAt = time;
  }

  /** Asks to be looked at again after the poll interval: something is in flight. */
  poll(): void {
    this.wakeNoLaterThan(this.now + this.options.pollIntervalMs);
  }

  result(): Decision {
    return {
      next: this.next,
      changes: {
        train: this.trainChanged,
        rings: [...this.changedRings].sort((a, b) => a - b),
        targets: [...this.changedTargets].sort((a, b) => a - b).map((i) => this.next.targets[i].environment),
      },
      actions: this.actions,
      events: this.events,
      requeueAfterMs:
        this.wakeAt === null || TERMINAL_TRAIN_STATUSES.includes(this.next.status)
          ? null
          : Math.max(0, this.wakeAt - this.now),
    };
  }
}
