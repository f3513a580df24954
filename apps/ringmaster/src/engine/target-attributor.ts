import type { AttributionResult } from '@ringmaster/domain';

/** The domain's `attribute` action, with the train it belongs to and the clock. */
export interface TargetAttributionRequest {
  trainId: string;
  environment: string;
  ring: string;
  attempt: number;
  /** the failure's signature as the engine saw it */
  signature?: string;
  now: Date;
}

/**
 * Judges why a failed target failed. The engine calls it for each `attribute` action and feeds the answer back to
 * `decide` as `Observations.attributions` on the next pass. Implementations resolve (errors as an UNKNOWN verdict).
 */
export interface TargetAttributor {
  attribute(request: TargetAttributionRequest): Promise<AttributionResult>;
}

/** DI token of the engine's TargetAttributor. */
export const TARGET_ATTRIBUTOR = Symbol('TARGET_ATTRIBUTOR');

/** The default: every failure is UNKNOWN (so it counts toward the budget), with no evidence. */
export class UnknownAttributor implements TargetAttributor {
  async attribute(request: TargetAttributionRequest): Promise<AttributionResult> {
    return { attempt: request.attempt, cause: 'UNKNOWN', confidence: 0, evidence: [], signature: request.signature };
  }
}
