import {
  DEFAULT_ATTRIBUTION_POLICY,
  attribute,
  type AttributionPolicy,
  type AttributionResult,
} from '@ringmaster/domain';
import type { AttributionRepository } from './attribution.repository.js';
import type { AttributionSignals } from './attribution.signals.js';

/** The domain's `attribute` action, with the train it belongs to and the clock. */
export interface AttributeRequest {
  trainId: string;
  environment: string;
  ring: string;
  attempt: number;
  /** the failure's raw reason or normal signature, as the engine saw it */
  signature?: string;
  now: Date;
}

/**
 * The engine's TargetAttributor: judges why a failed target failed. Gathers the signals (fleet spread, baseline,
 * customer change, time, retry), runs the domain's `attribute`, persists an Attribution row with its evidence
 * sentences and answers the domain's AttributionResult for the same attempt. Each call judges anew (a retried
 * target's new failure gets a new row); the latest row counts.
 */
export class ReleaseAttributor {
  constructor(
    private readonly signals: AttributionSignals,
    private readonly attributions: AttributionRepository,
    private readonly policy: AttributionPolicy = DEFAULT_ATTRIBUTION_POLICY,
  ) {}

  async attribute(request: AttributeRequest): Promise<AttributionResult & { id: string; haltNow: boolean }> {
    const { input, targetId } = await this.signals.gather(request);
    const judged = attribute(input, this.policy);
    const row = await this.attributions.create({
      trainId: request.trainId,
      targetId,
      ring: request.ring,
      cause: judged.cause,
      confidence: judged.confidence,
      evidence: judged.evidence,
      signature: judged.signature,
      createdAt: request.now,
    });
    return {
      id: row.id,
      attempt: request.attempt,
      cause: judged.cause,
      confidence: judged.confidence,
      evidence: judged.evidence,
      signature: judged.signature,
      haltNow: judged.haltNow,
    };
  }
}
