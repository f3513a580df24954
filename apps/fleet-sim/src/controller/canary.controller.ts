import { isDeepStrictEqual } from 'node:util';
import type { K8sObject, Loose } from '../store/k8s.types.js';
import { DEPLOYMENTS, REPLICASETS, ROLLOUTS } from '../store/resource.registry.js';
import { safeHash } from '../sim/hash.js';
import { LABEL_POD_TEMPLATE_HASH } from '../sim/labels.js';
import { parseDurationMs } from '../util/duration.js';
import type { ControllerContext } from './controller.context.js';
import {
  COND_AVAILABLE,
  COND_COMPLETED,
  COND_HEALTHY,
  COND_INVALID_SPEC,
  COND_PAUSED,
  COND_PROGRESSING,
  PAUSE_REASON_CANARY_STEP,
  REASON_ABORTED,
  REASON_AVAILABLE,
  REASON_COMPLETED,
  REASON_HEALTHY,
  REASON_NEW_RS_AVAILABLE,
  REASON_PAUSED,
  REASON_RESUMED,
  REASON_RS_UPDATED,
  REASON_TIMED_OUT,
  type RolloutCondition,
  removeCondition,
  rolloutPhase,
  setCondition,
} from './rollout.conditions.js';
import {
  createReplicaSet,
  ownedReplicaSets,
  type RsCounts,
  revisionOf,
  setRevision,
  syncReplicaSet,
} from './replicaset.manager.js';

const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
const PERCENT = 100;

/** What a reconcile pass decided about timing: when to look at this Rollout again (undefined = on change only). */
export interface ReconcileResult {
  wakeAt?: number;
}

/**
 * One reconcile pass of a canary Rollout (basic canary: traffic follows replica counts), as Argo Rollouts does it:
 * a ReplicaSet per pod-template-hash, steps walked in order, and the status written once at the end.
 * Reads client intents from status (abort, promoteFull, cleared pauseConditions) and spec (paused, template).
 */
export function reconcileCanary(ctx: ControllerContext, rollout: K8sObject): ReconcileResult {
  const spec = rollout.spec ?? {};
  const prev = rollout.status ?? {};
  const nowIso = iso(ctx.now);
  const template = resolveTemplate(ctx, rollout);
  if (!template)
    return writeInvalid(
      ctx,
      rollout,
      `The Rollout "${rollout.metadata.name}" is invalid: spec.template: Required value`,
      nowIso,
    );

  const replicas: number = spec.replicas ?? 1;
  const steps: Loose[] = spec.strategy?.canary?.steps ?? [];
  const hash = podTemplateHash(template);
  const stepHash = safeHash(steps);
  const rsList = ownedReplicaSets(ctx, rollout);
  const maxRevision = Math.max(0, ...rsList.map(revisionOf));
  let newRS = rsList.find((rs) => rs.metadata.labels?.[LABEL_POD_TEMPLATE_HASH] === hash);
  if (!newRS) newRS = createReplicaSet(ctx, rollout, template, hash, maxRevision + 1);
  else if (prev.currentPodHash !== hash && revisionOf(newRS) < maxRevision)
    newRS = setRevision(ctx, newRS, maxRevision + 1);
  const revision = revisionOf(newRS);

  const status: Loose = structuredClone(prev);
  const stableHash: string = prev.stableRS ?? hash;
  const stableRS = rsList.find((rs) => rs.metadata.labels?.[LABEL_POD_TEMPLATE_HASH] === stableHash) ?? newRS;
  const isStable = hash === stableHash;
  if (prev.currentPodHash !== hash || prev.currentStepHash !== stepHash) {
    // a new update (or changed steps) starts from the first step; rolling back to the stable ReplicaSet skips them
    status.currentStepIndex = isStable ? steps.length : 0;
    delete status.pauseConditions;
    status.controllerPause = false;
    if (prev.currentPodHash !== hash) {
      delete status.abort;
      delete status.abortedAt;
      delete status.promoteFull;
      status.conditions = removeCondition(status.conditions, COND_PROGRESSING);
    }
  }
  status.currentPodHash = hash;
  status.currentStepHash = stepHash;
  status.stableRS = stableHash;
  status.conditions = removeCondition(status.conditions, COND_INVALID_SPEC);
  const aborted = status.abort === true;
  let index: number = status.currentStepIndex ?? 0;
  let wakeAt: number | undefined;

  if (aborted) {
    status.abortedAt ??= nowIso;
    index = isStable ? steps.length : 0;
    delete status.pauseConditions;
    status.controllerPause = false;
  } else if (isStable || status.promoteFull === true) {
    index = steps.length;
    delete status.pauseConditions;
    status.controllerPause = false;
  }

  let counts = syncAll(ctx, rollout, rsList, newRS, stableRS, replicas, weightAt(steps, index, aborted));
  for (let guard = 0; !aborted && !spec.paused && index < steps.length && guard <= steps.length; guard++) {
    const step = steps[index];
    if (step.setWeight !== undefined) {
      if (counts.canary.available < Math.ceil((replicas * step.setWeight) / PERCENT)) break;
    } else if (step.pause !== undefined) {
      const durationMs = parseDurationMs(step.pause.duration);
      const cond = (status.pauseConditions ?? []).find(
        (c: { reason: string }) => c.reason === PAUSE_REASON_CANARY_STEP,
      );
      if (cond) {
        const endsAt = durationMs === undefined ? undefined : Date.parse(cond.startTime) + durationMs;
        if (endsAt === undefined || endsAt > ctx.now) {
          wakeAt = endsAt;
          break;
        }
        delete status.pauseConditions;
        status.controllerPause = false;
      } else if (status.controllerPause) {
        // the pause was acknowledged and then its condition cleared (kubectl argo rollouts promote): step done
        status.controllerPause = false;
      } else {
        status.pauseConditions = [{ reason: PAUSE_REASON_CANARY_STEP, startTime: nowIso }];
        status.controllerPause = true;
        wakeAt = durationMs === undefined ? undefined : ctx.now + durationMs;
        break;
      }
    }
    // analysis, experiment and other steps pass at once
    index++;
    counts = syncAll(ctx, rollout, rsList, newRS, stableRS, replicas, weightAt(steps, index, false));
  }

  // fully promoted once every step is done and the new ReplicaSet is fully available
  if (!aborted && index >= steps.length && !isStable && counts.canary.available >= replicas) {
    status.stableRS = hash;
    delete status.promoteFull;
    counts = syncAll(ctx, rollout, ownedReplicaSets(ctx, rollout), newRS, newRS, replicas, PERCENT);
  }
  status.currentStepIndex = steps.length > 0 ? Math.min(index, steps.length) : undefined;
  if (status.currentStepIndex === undefined) delete status.currentStepIndex;

  const fullyPromoted = status.stableRS === hash;
  const weight = fullyPromoted ? 0 : weightAt(steps, index, aborted);
  status.canary = {
    weights: {
      canary: { weight, podTemplateHash: hash },
      stable: { weight: PERCENT - weight, podTemplateHash: status.stableRS },
    },
  };
  status.replicas = counts.total.replicas;
  status.updatedReplicas = counts.canary.replicas;
  status.readyReplicas = counts.total.ready;
  status.availableReplicas = counts.total.available;
  status.HPAReplicas = counts.total.replicas;
  status.selector = selectorString(rollout.spec?.selector);
  status.observedGeneration = String(rollout.metadata.generation ?? 1);
  // Argo copies the referenced Deployment's generation to the `rollout.argoproj.io/workload-generation` annotation
  // and from there to the status it reconciled with: how a client tells a stale status after a Deployment change
  const workloadGeneration = referencedDeployment(ctx, rollout)?.metadata.generation;
  if (workloadGeneration !== undefined) status.workloadObservedGeneration = String(workloadGeneration);
  else delete status.workloadObservedGeneration;

  const deadlineMs = (spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000;
  const progressWake = setConditions(status, prev, spec, {
    aborted,
    fullyPromoted,
    revision,
    rsName: newRS.metadata.name,
    counts,
    replicas,
    deadlineMs,
    now: ctx.now,
    nowIso,
  });
  const { phase, message } = rolloutPhase(spec, status);
  status.phase = phase;
  if (message) status.message = message;
  else delete status.message;
  writeStatus(ctx, rollout, status);
  const wakes = [wakeAt, counts.nextChangeAt, progressWake].filter((w): w is number => w !== undefined);
  return { wakeAt: wakes.length > 0 ? Math.min(...wakes) : undefined };
}

/** The pod template: inline, or from the Deployment named by `workloadRef`. */
export function resolveTemplate(ctx: ControllerContext, rollout: K8sObject): Loose | undefined {
  if (rollout.spec?.template?.spec) return rollout.spec.template;
  return referencedDeployment(ctx, rollout)?.spec?.template;
}

/** The Deployment a `workloadRef` Rollout without an inline template takes its template from. */
function referencedDeployment(ctx: ControllerContext, rollout: K8sObject): K8sObject | undefined {
  const ref = rollout.spec?.workloadRef;
  if (rollout.spec?.template?.spec || ref?.kind !== 'Deployment') return undefined;
  return ctx.cluster.store.get(DEPLOYMENTS, rollout.metadata.namespace, ref.name);
}

/** The pod-template-hash of a template (ignoring an existing hash label, as after `undo`). */
export function podTemplateHash(template: Loose): string {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  return safeHash({ ...template, metadata: { ...template.metadata, labels } });
}

/** Canary weight at a step index: 0 when aborted, 100 after the last step, else the last setWeight so far. */
function weightAt(steps: Loose[], index: number, aborted: boolean): number {
  if (aborted) return 0;
  if (index >= steps.length) return PERCENT;
  let w = 0;
  for (let i = 0; i <= index; i++) if (steps[i].setWeight !== undefined) w = steps[i].setWeight;
  return w;
}

interface Counts {
  canary: RsCounts;
  total: RsCounts;
  nextChangeAt?: number;
}

function syncAll(
  ctx: ControllerContext,
  rollout: K8sObject,
  rsList: K8sObject[],
  newRS: K8sObject,
  stableRS: K8sObject,
  replicas: number,
  weight: number,
): Counts {
  const canaryMeta = rollout.spec?.strategy?.canary?.canaryMetadata?.labels ?? {};
  const stableMeta = rollout.spec?.strategy?.canary?.stableMetadata?.labels ?? {};
  const same = newRS.metadata.uid === stableRS.metadata.uid;
  const canaryWant = same ? replicas : Math.ceil((replicas * weight) / PERCENT);
  const canary = syncReplicaSet(ctx, fresh(ctx, newRS), canaryWant, same ? stableMeta : canaryMeta);
  const total: RsCounts = { ...canary };
  let next = canary.nextChangeAt;
  const add = (c: RsCounts) => {
    total.replicas += c.replicas;
    total.ready += c.ready;
    total.available += c.available;
    if (c.nextChangeAt !== undefined) next = Math.min(next ?? Infinity, c.nextChangeAt);
  };
  if (!same) {
    // basic canary: stable gives up what the canary weight takes, but never below what keeps the service available
    const stableWant = Math.min(
      replicas,
      Math.max(replicas - Math.floor((replicas * weight) / PERCENT), replicas - canary.available),
    );
    add(syncReplicaSet(ctx, fresh(ctx, stableRS), stableWant, stableMeta));
  }
  for (const rs of rsList) {
    if (rs.metadata.uid === newRS.metadata.uid || rs.metadata.uid === stableRS.metadata.uid) continue;
    const cur = fresh(ctx, rs);
    if (cur.spec?.replicas === 0 && (cur.status?.replicas ?? 0) === 0) continue;
    add(syncReplicaSet(ctx, cur, 0, {}));
  }
  return { canary, total, nextChangeAt: next };
}

const fresh = (ctx: ControllerContext, rs: K8sObject): K8sObject =>
  ctx.cluster.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name) ?? rs;

interface ConditionInputs {
  aborted: boolean;
  fullyPromoted: boolean;
  revision: number;
  rsName: string;
  counts: Counts;
  replicas: number;
  deadlineMs: number;
  now: number;
  nowIso: string;
}

/** Sets Progressing, Available, Paused, Healthy and Completed; returns when the progress deadline would expire. */
function setConditions(status: Loose, prev: Loose, spec: Loose, i: ConditionInputs): number | undefined {
  let conds: RolloutCondition[] = status.conditions ?? [];
  const paused = (status.pauseConditions ?? []).length > 0 || spec.paused === true;
  const available = i.counts.total.available >= i.replicas;
  conds = setCondition(
    conds,
    {
      type: COND_AVAILABLE,
      status: available ? 'True' : 'False',
      reason: REASON_AVAILABLE,
      message: available ? 'Rollout has minimum availability' : 'Rollout does not have minimum availability',
    },
    i.nowIso,
  );
  let wake: number | undefined;
  const progressed =
    prev.updatedReplicas !== status.updatedReplicas ||
    prev.availableReplicas !== status.availableReplicas ||
    prev.readyReplicas !== status.readyReplicas ||
    prev.currentStepIndex !== status.currentStepIndex ||
    prev.currentPodHash !== status.currentPodHash;
  const prog = conds.find((c) => c.type === COND_PROGRESSING);
  if (i.aborted) {
    conds = setCondition(
      conds,
      {
        type: COND_PROGRESSING,
        status: 'False',
        reason: REASON_ABORTED,
        message: `Rollout aborted update to revision ${i.revision}`,
      },
      i.nowIso,
    );
  } else if (paused) {
    conds = setCondition(
      conds,
      { type: COND_PROGRESSING, status: 'Unknown', reason: REASON_PAUSED, message: 'Rollout is paused' },
      i.nowIso,
    );
  } else if (i.fullyPromoted && i.counts.canary.available >= i.replicas) {
    conds = setCondition(
      conds,
      {
        type: COND_PROGRESSING,
        status: 'True',
        reason: REASON_NEW_RS_AVAILABLE,
        message: `ReplicaSet "${i.rsName}" has successfully progressed.`,
      },
      i.nowIso,
    );
  } else if (prog?.reason === REASON_TIMED_OUT && !progressed) {
    // stays timed out until something moves
  } else {
    const since = progressed || !prog || prog.reason !== REASON_RS_UPDATED ? i.now : Date.parse(prog.lastUpdateTime);
    if (i.now - since >= i.deadlineMs) {
      conds = setCondition(
        conds,
        {
          type: COND_PROGRESSING,
          status: 'False',
          reason: REASON_TIMED_OUT,
          message: `ReplicaSet "${i.rsName}" has timed out progressing.`,
        },
        i.nowIso,
      );
    } else {
      const message = `ReplicaSet "${i.rsName}" is progressing.`;
      const cur = conds.find((c) => c.type === COND_PROGRESSING);
      if (progressed || !cur || cur.reason !== REASON_RS_UPDATED) {
        conds = [
          ...conds.filter((c) => c.type !== COND_PROGRESSING),
          {
            type: COND_PROGRESSING,
            status: 'True',
            reason: REASON_RS_UPDATED,
            message,
            lastUpdateTime: i.nowIso,
            lastTransitionTime: cur?.status === 'True' ? cur.lastTransitionTime : i.nowIso,
          },
        ];
      }
      wake = Date.parse(conds.find((c) => c.type === COND_PROGRESSING)!.lastUpdateTime) + i.deadlineMs;
    }
  }
  if (paused || conds.some((c) => c.type === COND_PAUSED)) {
    conds = setCondition(
      conds,
      {
        type: COND_PAUSED,
        status: paused ? 'True' : 'False',
        reason: paused ? REASON_PAUSED : REASON_RESUMED,
        message: paused ? 'Rollout is paused' : 'Rollout is resumed',
      },
      i.nowIso,
    );
  }
  const completed =
    i.fullyPromoted && i.counts.canary.available >= i.replicas && i.counts.total.replicas === i.replicas;
  conds = setCondition(
    conds,
    {
      type: COND_COMPLETED,
      status: completed ? 'True' : 'False',
      reason: REASON_COMPLETED,
      message: completed
        ? 'Rollout completed update to revision ' + i.revision
        : 'Rollout not completed, started update to revision ' + i.revision,
    },
    i.nowIso,
  );
  const healthy = completed && !i.aborted && !paused;
  conds = setCondition(
    conds,
    {
      type: COND_HEALTHY,
      status: healthy ? 'True' : 'False',
      reason: REASON_HEALTHY,
      message: healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
    },
    i.nowIso,
  );
  status.conditions = conds;
  return wake;
}

function writeStatus(ctx: ControllerContext, rollout: K8sObject, status: Loose): void {
  if (isDeepStrictEqual(status, rollout.status)) return;
  ctx.cluster.store.replace(ROLLOUTS, { ...rollout, status }, 'status');
}

function writeInvalid(ctx: ControllerContext, rollout: K8sObject, message: string, nowIso: string): ReconcileResult {
  const status: Loose = { ...(rollout.status ?? {}) };
  status.conditions = setCondition(
    status.conditions,
    { type: COND_INVALID_SPEC, status: 'True', reason: 'InvalidSpec', message },
    nowIso,
  );
  status.observedGeneration = String(rollout.metadata.generation ?? 1);
  const { phase, message: m } = rolloutPhase(rollout.spec ?? {}, status);
  status.phase = phase;
  status.message = m;
  writeStatus(ctx, rollout, status);
  return {};
}

function selectorString(selector: { matchLabels?: Record<string, string> } | undefined): string {
  return Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
