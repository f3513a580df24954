import { applyOverride, badUserInput, InvalidOverrideError, notFound, type Cause } from '@ringmaster/domain';
import type { AttributionRecord, AttributionRepository } from './attribution.repository.js';

/**
 * A release manager's override of a judged cause (`overrideAttribution(id, cause, note)`): the domain's
 * `applyOverride` checks and builds it, the row records the new cause, the judged one, who and why, and the train is
 * woken (its next reconcile is now) so the engine re-evaluates the ring's budget on its next pass.
 */
export class AttributionOverrides {
  constructor(private readonly attributions: AttributionRepository) {}

  /**
   * @throws DomainError NOT_FOUND for an unknown id, BAD_USER_INPUT (field `cause` or `note`) for a bad override
   */
  async override(id: string, cause: Cause, note: string, actor: string, at: Date): Promise<AttributionRecord> {
    const row = await this.attributions.find(id);
    if (!row) throw notFound('attribution', id);
    let applied;
    try {
      applied = applyOverride(
        {
          cause: row.cause,
          confidence: row.confidence,
          evidence: row.evidence,
          signature: 'OTHER',
          haltNow: false,
          judged: row.judgedCause ? { cause: row.judgedCause, confidence: row.confidence, haltNow: false } : undefined,
        },
        { cause, actor, note, at },
      );
    } catch (error) {
      if (error instanceof InvalidOverrideError) throw badUserInput(error.field, error.message);
      throw error;
    }
    return this.attributions.override(id, {
      cause: applied.cause,
      confidence: applied.confidence,
      judgedCause: applied.judged!.cause,
      actor,
      note: note.trim(),
      at,
    });
  }
}
