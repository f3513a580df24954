import type { FaultEffect } from '../scenario/scenario.types.js';

/** What decides a pod's state at a moment. */
export interface PodInputs {
  createdAt: number;
  now: number;
  /** Time a healthy pod takes to become ready. */
  startMs: number;
  containerName: string;
  image: string;
  effect?: FaultEffect;
  /** For slow-leak: how long the pod runs well first. */
  afterMs?: number;
  /** A referenced Secret or ConfigMap that does not exist (`secret "x" not found`). */
  missingRef?: string;
}

/** The pod status to store, and when it changes next (undefined = not by itself). */
export interface PodState {
  ready: boolean;
  status: Record<string, unknown>;
  nextChangeAt?: number;
}

/** First crash-loop back-off; doubles per restart up to the cap (Kubernetes uses 10 s..5 min; scenarios run faster). */
export const CRASH_BACKOFF_BASE_MS = 2_000;
export const CRASH_BACKOFF_CAP_MS = 20_000;
const EXIT_ERROR = 1;
const EXIT_OOM = 137;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Computes a simulated pod's status (phase, conditions, containerStatuses) from its inputs, as the kubelet reports it. */
export function podState(p: PodInputs): PodState {
  const startedAt = p.createdAt + p.startMs;
  const base = { name: p.containerName, image: p.image, imageID: '', started: false };
  if (p.missingRef) {
    return waiting(p, base, 'CreateContainerConfigError', `${p.missingRef} not found`, 0);
  }
  if (p.effect === 'image-pull') {
    const reason = p.now < startedAt ? 'ErrImagePull' : 'ImagePullBackOff';
    return {
      ...waiting(p, base, reason, `Back-off pulling image "${p.image}"`, 0),
      nextChangeAt: p.now < startedAt ? startedAt : undefined,
    };
  }
  if (p.now < startedAt) {
    return { ...waiting(p, base, 'ContainerCreating', undefined, 0), nextChangeAt: startedAt };
  }
  const crashFrom =
    p.effect === 'crashloop' || p.effect === 'oom'
      ? startedAt
      : p.effect === 'slow-leak'
        ? startedAt + (p.afterMs ?? 0)
        : undefined;
  if (crashFrom === undefined || p.now < crashFrom) {
    return {
      ready: true,
      status: {
        phase: 'Running',
        conditions: conditions(true, p.createdAt, startedAt),
        containerStatuses: [
          { ...base, ready: true, started: true, restartCount: 0, state: { running: { startedAt: iso(startedAt) } } },
        ],
        startTime: iso(p.createdAt),
      },
      nextChangeAt: crashFrom,
    };
  }
  // crash loop: restarts at crashFrom, +base, +2*base ... (capped), each time back in CrashLoopBackOff
  let restarts = 0;
  let at = crashFrom;
  let backoff = CRASH_BACKOFF_BASE_MS;
  while (at + backoff <= p.now) {
    at += backoff;
    restarts++;
    backoff = Math.min(backoff * 2, CRASH_BACKOFF_CAP_MS);
  }
  const reason = p.effect === 'crashloop' ? 'Error' : 'OOMKilled';
  const exitCode = reason === 'OOMKilled' ? EXIT_OOM : EXIT_ERROR;
  const st = waiting(
    p,
    base,
    'CrashLoopBackOff',
    `back-off restarting failed container ${p.containerName}`,
    restarts + 1,
    {
      terminated: { exitCode, reason, startedAt: iso(startedAt), finishedAt: iso(at) },
    },
  );
  return { ...st, nextChangeAt: at + backoff };
}

function waiting(
  p: PodInputs,
  base: Record<string, unknown>,
  reason: string,
  message: string | undefined,
  restartCount: number,
  lastState: Record<string, unknown> = {},
): PodState {
  return {
    ready: false,
    status: {
      phase: reason === 'CrashLoopBackOff' ? 'Running' : 'Pending',
      conditions: conditions(false, p.createdAt, undefined),
      containerStatuses: [
        {
          ...base,
          ready: false,
          restartCount,
          state: { waiting: { reason, ...(message ? { message } : {}) } },
          lastState,
        },
      ],
      startTime: iso(p.createdAt),
    },
  };
}

function conditions(ready: boolean, createdAt: number, readyAt: number | undefined): unknown[] {
  const s = ready ? 'True' : 'False';
  const t = iso(readyAt ?? createdAt);
  return [
    { type: 'Initialized', status: 'True', lastTransitionTime: iso(createdAt) },
    { type: 'Ready', status: s, lastTransitionTime: t, ...(ready ? {} : { reason: 'ContainersNotReady' }) },
    { type: 'ContainersReady', status: s, lastTransitionTime: t, ...(ready ? {} : { reason: 'ContainersNotReady' }) },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: iso(createdAt) },
  ];
}
