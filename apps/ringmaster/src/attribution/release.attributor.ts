import {
  DEFAULT_ATTRIBUTION_POLICY,
  attribute,
  type AttributionPolicy,
  type AttributionResult,
} from '@ringmaster/domain';
import type { TargetAttributionRequest, TargetAttributor } from '../engine/target-attributor.js';
import type { AttributionRepository } from './attribution.repository.js';
import type { AttributionSignals } from './attribution.signals.js';

/** The engine's attribution request (the domain's `attribute` action, its train and the clock). */
export type AttributeRequest = TargetAttributionRequest;

/**
 * A verdict with its Attribution row's id (absent when judging failed) and the fleet signal's halt flag, with the
 * spread that met it (`fleetSpread`): the engine halts the train at once on it.
 */
export type ReleaseVerdict = AttributionResult & { id?: string; haltNow: boolean };

/**
 * The engine's TargetAttributor: judges why a failed target failed. Gathers the signals (fleet spread, baseline,
 * customer change, time, retry), runs the domain's `attribute`, persists an Attribution row with its evidence
 * sentences and answers the domain's AttributionResult for the same attempt. Each call judges anew (a retried
 * target's new failure gets a new row); the latest row counts. Never rejects: a failure to judge (the target is gone,
 * the database is down) answers UNKNOWN — it counts toward the budget — with the reason as evidence, and no row.
 */
export class ReleaseAttributor implements TargetAttributor {
  constructor(
    private readonly signals: AttributionSignals,
    private readonly attributions: AttributionRepository,
    private readonly policy: AttributionPolicy = DEFAULT_ATTRIBUTION_POLICY,
  ) {}

  async attribute(request: AttributeRequest): Promise<ReleaseVerdict> {
    try {
      return await this.judge(request);
    } catch (error) {
      return {
        attempt: request.attempt,
        cause: 'UNKNOWN',
        confidence: 0,
        evidence: [`Attribution failed, counted as UNKNOWN: ${(error as Error).message}`],
        signature: request.signature,
        haltNow: false,
      };
    }
  }

  /** Judges and persists; rejects when a signal cannot be gathered or the row cannot be written. */
  async judge(request: AttributeRequest): Promise<ReleaseVerdict & { id: string }> {
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
      ...(judged.haltSpread
        ? {
            fleetSpread: {
              signature: judged.haltSpread.signature,
              tenants: judged.haltSpread.tenants,
              clusters: judged.haltSpread.clusters,
            },
          }
        : {}),
    };
  }
}
