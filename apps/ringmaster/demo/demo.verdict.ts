import { clock } from './progress.render.js';
import type { AttributionView, TrainView } from './train.queries.js';
import type { Followed } from './train.follower.js';

/** Whether the demo showed what it promises, with one line per train. */
export interface Verdict {
  ok: boolean;
  lines: string[];
}

/**
 * The good release must reach COMPLETED; the bad one must halt in a ring before the last (the last ring never
 * touched) and be rolled back (ROLLED_BACK with a halt reason). Anything else — including a train that was still
 * moving when its time ran out — fails the demo.
 */
export function judgeDemo(good: Followed | undefined, bad: Followed | undefined): Verdict {
  const lines: string[] = [];
  let ok = true;
  if (!good) {
    ok = false;
    lines.push('good release: no train');
  } else if (good.train.status !== 'COMPLETED') {
    ok = false;
    lines.push(`good release ${good.train.releaseVersion}: expected COMPLETED, got ${describe(good)}`);
  } else {
    const healthy = good.train.rings.reduce((n, r) => n + r.targetCounts.healthy, 0);
    lines.push(
      `good release ${good.train.releaseVersion}: COMPLETED in ${clock(good.elapsedMs)} — ${healthy} environments on it, ring by ring`,
    );
  }
  if (!bad) {
    ok = false;
    lines.push('bad release: no train');
  } else {
    const failedRing = haltedRing(bad.train);
    const last = bad.train.rings.at(-1);
    if (bad.train.status !== 'ROLLED_BACK' || !bad.train.haltReason) {
      ok = false;
      lines.push(`bad release ${bad.train.releaseVersion}: expected a halt and ROLLED_BACK, got ${describe(bad)}`);
    } else if (!failedRing || !last || last.status !== 'PENDING') {
      ok = false;
      lines.push(`bad release ${bad.train.releaseVersion}: rolled back, but it was not stopped before the last ring`);
    } else {
      const untouched = bad.train.rings
        .filter((r) => r.status === 'PENDING')
        .reduce((n, r) => n + r.targetCounts.total, 0);
      lines.push(
        `bad release ${bad.train.releaseVersion}: HALTED in ring ${failedRing} and ROLLED_BACK in ${clock(bad.elapsedMs)} — ` +
          `${untouched} environments never got it`,
      );
    }
  }
  return { ok, lines };
}

/** The ring a halted train stopped in: the last one it reached. */
export function haltedRing(train: TrainView): string | undefined {
  return train.rings.filter((r) => r.status !== 'PENDING').at(-1)?.name;
}

function describe(f: Followed): string {
  return `${f.train.status}${f.timedOut ? ` (still so after ${clock(f.elapsedMs)})` : ''}${
    f.train.haltReason ? `: ${f.train.haltReason}` : ''
  }`;
}

/** How many attributions to print in full; the rest are summed up by cause. */
export const ATTRIBUTIONS_SHOWN = 2;

/** The attributions of the bad train: the first few with their evidence, then a count per cause. */
export function attributionLines(attributions: AttributionView[]): string[] {
  if (attributions.length === 0) return ['no attribution recorded'];
  const lines: string[] = [];
  for (const a of attributions.slice(0, ATTRIBUTIONS_SHOWN)) {
    const signature = a.signature ? `, signature ${a.signature}` : '';
    lines.push(`${a.environment} (ring ${a.ring}): ${a.cause}, confidence ${a.confidence.toFixed(2)}${signature}`);
    for (const e of a.evidence) lines.push(`    - ${e}`);
  }
  const rest = attributions.slice(ATTRIBUTIONS_SHOWN);
  if (rest.length) {
    const byCause = new Map<string, number>();
    for (const a of rest) byCause.set(a.cause, (byCause.get(a.cause) ?? 0) + 1);
    const summary = [...byCause].map(([cause, n]) => `${n} ${cause}`).join(', ');
    lines.push(`… and ${rest.length} more: ${summary}`);
  }
  return lines;
}
