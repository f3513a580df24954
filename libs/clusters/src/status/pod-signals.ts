import type { ContainerStatus, PodObject } from '../kube/kube.types.js';
import type { PodFailureKind, PodFailureSignal } from './rollout-status.types.js';

/** Restarts of one container from which restarts alone count as a signal. */
export const RESTART_SIGNAL_THRESHOLD = 3;

const WAITING_KINDS: Record<string, PodFailureKind> = {
  CrashLoopBackOff: 'CrashLoopBackOff',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImagePull: 'ImagePullBackOff',
  InvalidImageName: 'ImagePullBackOff',
  CreateContainerConfigError: 'CreateContainerConfigError',
};
const OOM_REASON = 'OOMKilled';

/**
 * Failure signals of a set of pods (normally the canary ReplicaSet's), aggregated by kind, in a stable order.
 * A crash-looping container that was OOM-killed counts as both CrashLoopBackOff and OOMKilled; restarts count on
 * their own only for containers with no other signal.
 */
export function podFailureSignals(pods: readonly PodObject[]): PodFailureSignal[] {
  const byKind = new Map<PodFailureKind, { pods: Set<string>; restarts: number; message: string | null }>();
  const add = (kind: PodFailureKind, pod: string, cs: ContainerStatus, message: string | null): void => {
    const agg = byKind.get(kind) ?? { pods: new Set<string>(), restarts: 0, message: null };
    agg.pods.add(pod);
    agg.restarts += cs.restartCount ?? 0;
    agg.message ??= message;
    byKind.set(kind, agg);
  };
  pods.forEach((pod, i) => {
    const name = pod.metadata?.name ?? `#${i}`;
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const found: PodFailureKind[] = [];
      const waiting = cs.state?.waiting;
      const waitingKind = waiting?.reason ? WAITING_KINDS[waiting.reason] : undefined;
      if (waitingKind) {
        add(waitingKind, name, cs, waiting?.message ?? waiting?.reason ?? null);
        found.push(waitingKind);
      }
      const terminated = cs.state?.terminated ?? cs.lastState?.terminated;
      if (terminated?.reason === OOM_REASON) {
        add('OOMKilled', name, cs, terminated.message ?? `container ${cs.name} was OOMKilled`);
        found.push('OOMKilled');
      }
      if (found.length === 0 && (cs.restartCount ?? 0) >= RESTART_SIGNAL_THRESHOLD) {
        add('Restarts', name, cs, `container ${cs.name} restarted ${cs.restartCount} times`);
      }
    }
  });
  const order: PodFailureKind[] = [
    'CrashLoopBackOff',
    'OOMKilled',
    'ImagePullBackOff',
    'CreateContainerConfigError',
    'Restarts',
  ];
  return order
    .filter((k) => byKind.has(k))
    .map((kind) => {
      const a = byKind.get(kind)!;
      return { kind, pods: a.pods.size, restarts: a.restarts, message: a.message };
    });
}
