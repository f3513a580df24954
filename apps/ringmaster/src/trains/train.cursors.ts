import { badUserInput } from '@ringmaster/domain';

// The sort keys behind the train connections' cursors (opaque to clients: see connection.paging.ts). Each parser
// gets the decoded key and refuses anything this API did not hand out with BAD_USER_INPUT naming `field`.

const SEQ = /^[0-9]{1,19}$/;

/** `trains`: newest first by (createdAt, id). */
export function trainListKey(train: { createdAt: Date; id: string }): string {
  return `${train.createdAt.toISOString()}|${train.id}`;
}

export function parseTrainListKey(key: string, field = 'after'): { createdAt: Date; id: string } {
  const bar = key.indexOf('|');
  const createdAt = new Date(key.slice(0, bar));
  const id = key.slice(bar + 1);
  if (bar < 0 || Number.isNaN(createdAt.getTime()) || id === '') {
    throw badUserInput(field, 'is not a cursor of the trains connection');
  }
  return { createdAt, id };
}

/** `Train.targets`: by ring position, then environment name. */
export function targetKey(target: { ringPosition: number; environment: string }): string {
  return JSON.stringify([target.ringPosition, target.environment]);
}

export function parseTargetKey(key: string, field = 'after'): { ringPosition: number; environment: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isInteger(parsed[0]) || typeof parsed[1] !== 'string') {
    throw badUserInput(field, 'is not a cursor of the targets connection');
  }
  return { ringPosition: parsed[0] as number, environment: parsed[1] };
}

/** `Train.events` and `trainEvents`: the event's seq (a BIGINT, as decimal digits). */
export function parseEventKey(key: string, field = 'after'): string {
  if (!SEQ.test(key)) throw badUserInput(field, 'is not a cursor of the events connection');
  return key;
}
