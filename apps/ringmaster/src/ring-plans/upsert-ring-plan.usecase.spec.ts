import { describe, expect, it } from '@jest/globals';
import { toDomainPlan, validatedUpsert } from './upsert-ring-plan.usecase.js';
import type { FreezeWindowInput } from '../schedules/schedule.model.js';
import type { RingInput } from './ring-plan.model.js';

const ring: RingInput = {
  name: 'all',
  kind: 'ALL',
  selector: '',
  maxParallel: 5,
  bake: '30m',
  failureBudget: { maxFailures: 2, maxFailurePercent: null },
  gate: 'AUTO',
  analysis: null,
};

describe('toDomainPlan', () => {
  it('turns API input into the domain plan, nulls dropped and bake in milliseconds', () => {
    expect(toDomainPlan({ name: 'p', rings: [ring], autoRollback: null })).toEqual({
      name: 'p',
      autoRollback: false,
      rings: [expect.objectContaining({ name: 'all', bakeMs: 1_800_000, failureBudget: { maxFailures: 2 } })],
    });
  });

  it.each([
    ['no rings', [], ['rings']],
    ['a bad bake', [{ ...ring, bake: '5 minutes' }], ['rings[0].bake']],
    ['a bake with milliseconds', [{ ...ring, bake: '1s500ms' }], ['rings[0].bake']],
    ['no failure budget', [{ ...ring, failureBudget: {} }], ['rings[0].failureBudget']],
    ['a bad selector', [{ ...ring, selector: 'a in (' }], ['rings[0].selector']],
  ])('refuses %s naming the field', (_name, rings, fields) => {
    let caught: unknown;
    try {
      toDomainPlan({ name: 'p', rings });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((caught as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(fields);
  });
});

const weekly: FreezeWindowInput = {
  kind: 'WEEKLY',
  timezone: 'Europe/Berlin',
  startDay: 'FRI',
  startTime: '15:00',
  endDay: 'MON',
  endTime: '08:00',
  reason: 'weekend',
  from: null,
  to: null,
};
const oneOff: FreezeWindowInput = { kind: 'ONE_OFF', from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z' };

describe('validatedUpsert', () => {
  it.each<[string, FreezeWindowInput[] | null | undefined, unknown]>([
    ['left out: undefined, the stored windows stay', undefined, undefined],
    ['null: undefined, the stored windows stay', null, undefined],
    ['none', [], []],
    [
      'a weekly and a one-off window, nulls dropped',
      [weekly, oneOff],
      [
        {
          kind: 'WEEKLY',
          timezone: 'Europe/Berlin',
          startDay: 'FRI',
          startTime: '15:00',
          endDay: 'MON',
          endTime: '08:00',
          reason: 'weekend',
        },
        { kind: 'ONE_OFF', from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z', reason: undefined },
      ],
    ],
  ])('freeze windows %s', (_name, freezeWindows, expected) => {
    expect(validatedUpsert({ name: 'p', rings: [ring], freezeWindows }).freezeWindows).toEqual(expected);
  });

  it.each<[string, RingInput[], FreezeWindowInput[], string[]]>([
    ['an unknown timezone', [ring], [{ ...weekly, timezone: 'Mars/Olympus' }], ['freezeWindows[0].timezone']],
    [
      'a one-off that ends before it starts',
      [ring],
      [oneOff, { ...oneOff, to: '2026-12-01T00:00:00Z' }],
      ['freezeWindows[1].to'],
    ],
    ['an unknown kind', [ring], [{ kind: 'DAILY' }], ['freezeWindows[0].kind']],
    ['a bad time', [ring], [{ ...weekly, startTime: '25:00' }], ['freezeWindows[0].startTime']],
    [
      'problems in rings and windows together',
      [{ ...ring, bake: 'soon' }],
      [{ ...weekly, endDay: 'XYZ' }],
      ['rings[0].bake', 'freezeWindows[0].endDay'],
    ],
  ])('refuses %s naming the field', (_name, rings, freezeWindows, fields) => {
    let caught: unknown;
    try {
      validatedUpsert({ name: 'p', rings, freezeWindows });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT', field: fields[0] });
    expect((caught as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(fields);
  });
});
