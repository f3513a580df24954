import type { Cause, EventType } from '../common/domain.enums.js';
import type { ComponentImages } from './train.state.js';

/**
 * What the reconciler must do on the clusters (or ask of other services). Every action is idempotent by design:
 * `decide` re-issues it on later passes until the observations show it took effect, so applying one twice, or
 * after a crash, changes nothing.
 */
export type Action =
  /** make the environment's Rollouts run the release (set images; on a retry, also clear an abort) */
  | { type: 'deploy'; environment: string; cluster: string; attempt: number; retry: boolean }
  /** abort the environment's in-flight canary (Argo `abort`): traffic goes back to stable */
  | { type: 'abort'; environment: string; cluster: string }
  /** let a canary paused at a step go on (Argo `promote`) */
  | { type: 'promote'; environment: string; cluster: string }
  /** ask for the attribution of a failed target's failure (answered through `Observations.attributions`) */
  | { type: 'attribute'; environment: string; cluster: string; ring: string; attempt: number; signature?: string }
  /**
   * check that what `previousImages` need still exists and only then set the Rollouts back: never a write when the
   * check fails (answered through `Observations.rollbackSafety`, whose `reverted` says the revert was issued)
   */
  | { type: 'rollbackIfSafe'; environment: string; cluster: string; previousImages: ComponentImages }
  /** set the environment's Rollouts back to `previousImages` */
  | { type: 'rollback'; environment: string; cluster: string; previousImages: ComponentImages };

export type ActionType = Action['type'];

/**
 * A domain event: persisted with the state in the same transaction, then delivered to notifications and
 * subscriptions. `payload` carries what the event's consumers need beyond the message (e.g. an attribution).
 */
export interface DomainEvent {
  type: EventType;
  trainId: string;
  ring?: string;
  environment?: string;
  message: string;
  payload?: Readonly<Record<string, unknown>>;
  occurredAt: number;
}

/** The payload of an ATTRIBUTED event. */
export interface AttributedPayload {
  cause: Cause;
  confidence?: number;
  evidence?: readonly string[];
  signature?: string;
  attempt: number;
  /** the cause the train acts on, when it differs (TRANSIENT with its retries used up acts as UNKNOWN) */
  effectiveCause: Cause;
}
