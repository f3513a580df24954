import type { ComponentImages, TargetObservation as DriverObservation, DriverError } from '@ringmaster/clusters';
import type { RolloutPhase, TargetObservation } from '@ringmaster/domain';

const PHASE_RANK: Record<RolloutPhase, number> = { Healthy: 0, Paused: 1, Progressing: 2, Degraded: 3 };

/** What one driver observation means to `decide`: a target observation, the cluster is unreachable, or nothing. */
export type MappedObservation =
  { kind: 'target'; observation: TargetObservation } | { kind: 'unreachable' } | { kind: 'unknown'; reason: string };

const UNREACHABLE_CODES: ReadonlySet<DriverError['code']> = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'THROTTLED',
  'NOT_SYNCED',
  'UNKNOWN_CLUSTER',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'BAD_CREDENTIALS',
]);

/**
 * Maps the driver's per-component view of one environment to the domain's `TargetObservation`. Pure.
 * `releaseImages` are the release's images for the target's components; `previousImages` what the train
 * recorded before its first deploy (if any); `trainId` tells this train's deploy stamps from others'.
 */
export function mapObservation(
  observed: DriverObservation,
  releaseImages: ComponentImages,
  previousImages: ComponentImages | undefined,
  trainId: string,
): MappedObservation {
  if (observed.error) {
    return UNREACHABLE_CODES.has(observed.error.code)
      ? { kind: 'unreachable' }
      : { kind: 'unknown', reason: observed.error.message };
  }
  const components = observed.components.filter((c) => releaseImages[c.component] !== undefined);
  if (components.length === 0) return { kind: 'unknown', reason: 'no component of the release is observed' };
  if (components.some((c) => c.status === null)) return { kind: 'unknown', reason: 'a Rollout is missing' };
  let phase: RolloutPhase = 'Healthy';
  let pausesEndByThemselves = true;
  let runsRelease = true;
  let runsPrevious = previousImages !== undefined;
  let anyRelease = false;
  let aborted = false;
  let appliedAttempt: number | undefined = Number.POSITIVE_INFINITY;
  const current: Record<string, string> = {};
  let failure: TargetObservation['failure'];
  for (const c of components) {
    const s = c.status!;
    const p: RolloutPhase = s.phase === 'Unknown' ? 'Progressing' : s.phase;
    if (PHASE_RANK[p] > PHASE_RANK[phase]) phase = p;
    if (p === 'Paused' && !s.resumesByItself) pausesEndByThemselves = false;
    const onRelease = s.image === releaseImages[c.component];
    runsRelease &&= onRelease;
    anyRelease ||= onRelease;
    if (previousImages && s.image !== previousImages[c.component]) runsPrevious = false;
    aborted ||= s.aborted;
    if (s.image) current[c.component] = s.image;
    const stamp = c.deployStamp;
    appliedAttempt =
      stamp && stamp.train === trainId && appliedAttempt !== undefined
        ? Math.min(appliedAttempt, stamp.attempt)
        : undefined;
    if (!failure && onRelease) failure = failureOf(c.component, s);
  }
  // the phase of a canary that is no longer the release (aborted back to stable) is not the release's health
  return {
    kind: 'target',
    observation: {
      phase,
      ...(phase === 'Paused' && pausesEndByThemselves ? { pauseEndsByItself: true } : {}),
      runsRelease,
      appliedAttempt: appliedAttempt === Number.POSITIVE_INFINITY ? undefined : appliedAttempt,
      runsPreviousImages: previousImages ? runsPrevious : undefined,
      previousImages: anyRelease ? undefined : current,
      aborted,
      failure: runsRelease ? failure : undefined,
    },
  };
}

type Snapshot = NonNullable<DriverObservation['components'][number]['status']>;

function failureOf(component: string, s: Snapshot): TargetObservation['failure'] {
  const analysis = s.analysis.find((a) => a.status === 'Failed' || a.status === 'Error');
  if (analysis)
    return { signature: `AnalysisFailed`, message: `${component}: analysis ${analysis.name} ${analysis.status}` };
  // a container OOM-killed over and over is in CrashLoopBackOff too: the OOM is what explains it
  const pod = s.podSignals.find((p) => p.kind === 'OOMKilled') ?? s.podSignals.find((p) => p.kind !== 'Restarts');
  if (pod) return { signature: pod.kind, message: `${component}: ${pod.message ?? pod.kind}` };
  if (s.phase === 'Degraded' && !s.aborted) {
    const reason = s.failureReasons[0] ?? 'Degraded';
    return { signature: reason, message: `${component}: ${s.message ?? reason}` };
  }
  return undefined;
}
