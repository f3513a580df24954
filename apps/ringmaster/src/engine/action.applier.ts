import type { EnvironmentTarget, OperationResult, RolloutDriver } from '@ringmaster/clusters';
import type { Action, AttributionResult, ComponentImages, RollbackSafety } from '@ringmaster/domain';
import type { TargetAttributor } from './target-attributor.js';
import { imagesFor } from './train-targets.reader.js';

/** Answers gathered while applying actions, for the next pass's observations. */
export interface ActionAnswers {
  attributions: Map<string, AttributionResult>;
  rollbackSafety: Map<string, RollbackSafety>;
}

/** What applying a pass's actions did: counts by outcome, and the answers. */
export interface ApplyReport {
  applied: number;
  failed: number;
  answers: ActionAnswers;
}

export interface ApplyContext {
  trainId: string;
  now: number;
  targets: ReadonlyMap<string, EnvironmentTarget>;
  releaseImages: ComponentImages;
}

/**
 * Applies `decide`'s actions through the driver and the attributor: every cluster's actions at once, at most
 * `perCluster` at a time within one cluster. Per-cluster queues matter because each cluster's client has its own
 * rate limit: one global pool filled with a single cluster's actions (decide lists them ring by ring) would wait on
 * that cluster's limit while the others sat idle. Every action is idempotent (the driver answers `noop` for what
 * already took effect); a failed one is simply issued again by a later pass, so failures are counted, never thrown.
 */
export class ActionApplier {
  constructor(
    private readonly driver: RolloutDriver,
    private readonly attributor: TargetAttributor,
    // enough actions (about two requests each) in flight that the cluster's rate limit, not the API server's
    // latency, bounds a halt's reverts: 16 held a slow cluster to half its 40 requests/s
    private readonly perCluster = 48,
  ) {}

  async apply(actions: readonly Action[], ctx: ApplyContext): Promise<ApplyReport> {
    const report: ApplyReport = {
      applied: 0,
      failed: 0,
      answers: { attributions: new Map(), rollbackSafety: new Map() },
    };
    const byCluster = new Map<string, Action[]>();
    for (const action of actions) {
      const queue = byCluster.get(action.cluster);
      if (queue) queue.push(action);
      else byCluster.set(action.cluster, [action]);
    }
    const drain = async (queue: Action[]) => {
      let next = 0;
      const worker = async () => {
        while (next < queue.length) {
          const action = queue[next++];
          const ok = await this.applyOne(action, ctx, report.answers).catch(() => false);
          if (ok) report.applied++;
          else report.failed++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.perCluster, queue.length) }, worker));
    };
    await Promise.all([...byCluster.values()].map(drain));
    return report;
  }

  private async applyOne(action: Action, ctx: ApplyContext, answers: ActionAnswers): Promise<boolean> {
    if (action.type === 'attribute') {
      const verdict = await this.attributor.attribute({
        trainId: ctx.trainId,
        environment: action.environment,
        ring: action.ring,
        attempt: action.attempt,
        signature: action.signature,
        now: new Date(ctx.now),
      });
      answers.attributions.set(action.environment, verdict);
      return true;
    }
    const target = ctx.targets.get(action.environment);
    if (!target) return false;
    switch (action.type) {
      case 'deploy': {
        const images = imagesFor(target, ctx.releaseImages);
        const deployed = await this.driver.deploy(target, images, { train: ctx.trainId, attempt: action.attempt });
        if (!succeeded(deployed)) return false;
        return action.retry ? succeeded(await this.driver.retry(target)) : true;
      }
      case 'abort':
        return succeeded(await this.driver.abort(target));
      case 'promote':
        return succeeded(await this.driver.promote(target));
      case 'rollback':
        return succeeded(await this.driver.rollback(target, action.previousImages));
      case 'rollbackIfSafe': {
        const checked = await this.driver.checkRollbackSafety(target, action.previousImages);
        if (!checked.ok) return false;
        if (!checked.safety.safe) {
          const missing = checked.safety.missing.map((m) => `${m.kind.toLowerCase()}/${m.name}`);
          answers.rollbackSafety.set(action.environment, { safe: false, missing });
          return true;
        }
        const reverted = succeeded(await this.driver.rollback(target, action.previousImages));
        answers.rollbackSafety.set(action.environment, { safe: true, reverted });
        return reverted;
      }
    }
  }
}

function succeeded(result: OperationResult): boolean {
  return result.outcome === 'applied' || result.outcome === 'noop';
}
