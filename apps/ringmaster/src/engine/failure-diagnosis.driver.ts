import type {
  ComponentImages,
  ComponentObservation,
  DeployStamp,
  EnvironmentTarget,
  OperationResult,
  RollbackSafetyResult,
  RolloutDriver,
  RolloutStatusSnapshot,
  TargetObservation,
} from '@ringmaster/clusters';

/** Targets diagnosed in one `observe` at most; the others keep their plain observation until a later pass. */
export const MAX_DIAGNOSES_PER_OBSERVE = 50;
/** Components whose diagnosis is remembered at most (only Degraded ones are kept, so this is a safety net). */
const MAX_REMEMBERED = 10_000;

/**
 * A RolloutDriver whose `observe` explains failing components: a Degraded, not aborted component observed from the
 * caches (no pod signals) is diagnosed (`diagnose`: the canary pods' CrashLoopBackOff, OOMKilled, ImagePullBackOff
 * ...), so the engine judges a crash loop as a crash loop instead of the ProgressDeadlineExceeded it ends in. A
 * component is diagnosed once per failure (its pod hash and failure reasons): later passes reuse the signals, and a
 * component that is no longer Degraded is forgotten. A diagnosis that fails leaves the plain observation. Every other
 * method is the wrapped driver's.
 */
export class FailureDiagnosingDriver implements RolloutDriver {
  private readonly remembered = new Map<string, { fingerprint: string; status: RolloutStatusSnapshot }>();

  constructor(
    private readonly driver: RolloutDriver,
    private readonly maxPerObserve = MAX_DIAGNOSES_PER_OBSERVE,
  ) {}

  async observe(targets: readonly EnvironmentTarget[]): Promise<TargetObservation[]> {
    const observed = await this.driver.observe(targets);
    const toDiagnose: number[] = [];
    const explained = observed.map((o, i) => {
      if (o.error) return o;
      const components = o.components.map((c) => this.fromMemory(o, c));
      const unexplained = components.some((c) => needsDiagnosis(c) && !this.isRemembered(o, c));
      if (unexplained && toDiagnose.length < this.maxPerObserve) toDiagnose.push(i);
      return { ...o, components };
    });
    await Promise.all(
      toDiagnose.map(async (i) => {
        const diagnosed = await this.driver.diagnose(targets[i]!).catch(() => undefined);
        if (diagnosed && !diagnosed.error) explained[i] = this.merge(explained[i]!, diagnosed);
      }),
    );
    return explained;
  }

  deploy(target: EnvironmentTarget, images: ComponentImages, stamp?: DeployStamp): Promise<OperationResult> {
    return this.driver.deploy(target, images, stamp);
  }

  promote(target: EnvironmentTarget): Promise<OperationResult> {
    return this.driver.promote(target);
  }

  promoteFull(target: EnvironmentTarget): Promise<OperationResult> {
    return this.driver.promoteFull(target);
  }

  abort(target: EnvironmentTarget): Promise<OperationResult> {
    return this.driver.abort(target);
  }

  retry(target: EnvironmentTarget): Promise<OperationResult> {
    return this.driver.retry(target);
  }

  rollback(target: EnvironmentTarget, previousImages: ComponentImages): Promise<OperationResult> {
    return this.driver.rollback(target, previousImages);
  }

  checkRollbackSafety(target: EnvironmentTarget, previousImages: ComponentImages): Promise<RollbackSafetyResult> {
    return this.driver.checkRollbackSafety(target, previousImages);
  }

  diagnose(target: EnvironmentTarget): Promise<TargetObservation> {
    return this.driver.diagnose(target);
  }

  /** The component with the pod signals of its remembered diagnosis, when it still fails the same way. */
  private fromMemory(o: TargetObservation, c: ComponentObservation): ComponentObservation {
    const key = keyOf(o, c);
    const status = c.status;
    if (!status || !isFailing(status)) {
      this.remembered.delete(key);
      return c;
    }
    const memory = this.remembered.get(key);
    if (!memory || memory.fingerprint !== fingerprintOf(status)) return c;
    return { ...c, status: { ...status, podSignals: memory.status.podSignals, analysis: memory.status.analysis } };
  }

  private isRemembered(o: TargetObservation, c: ComponentObservation): boolean {
    const memory = this.remembered.get(keyOf(o, c));
    return memory !== undefined && c.status !== null && memory.fingerprint === fingerprintOf(c.status);
  }

  /** The observation with each failing component's diagnosed signals, remembered for later passes. */
  private merge(o: TargetObservation, diagnosed: TargetObservation): TargetObservation {
    const byComponent = new Map(diagnosed.components.map((c) => [c.component, c.status]));
    const components = o.components.map((c) => {
      const found = byComponent.get(c.component);
      if (!c.status || !needsDiagnosis(c) || this.isRemembered(o, c) || !found) return c;
      if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
      this.remembered.set(keyOf(o, c), { fingerprint: fingerprintOf(c.status), status: found });
      return { ...c, status: { ...c.status, podSignals: found.podSignals, analysis: found.analysis } };
    });
    return { ...o, components };
  }
}

/** Degraded and not aborted (an aborted canary is back on stable: nothing of the release to explain). */
function isFailing(status: RolloutStatusSnapshot): boolean {
  return status.phase === 'Degraded' && !status.aborted;
}

function needsDiagnosis(c: ComponentObservation): boolean {
  return c.status !== null && isFailing(c.status) && c.status.podSignals.length === 0;
}

/** One failure of one component: a new pod template or new failure reasons are a new failure. */
function fingerprintOf(status: RolloutStatusSnapshot): string {
  return `${status.currentPodHash ?? ''}|${status.failureReasons.join(',')}`;
}

function keyOf(o: TargetObservation, c: ComponentObservation): string {
  return `${o.cluster}/${o.namespace}/${c.rollout}`;
}
