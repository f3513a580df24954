import { matchesSubscription, subscriptionFilter } from './subscription.filter.js';

describe('matchesSubscription', () => {
  const halted = { type: 'TRAIN_HALTED', trainId: 't1', ringPlan: 'standard' };
  const started = { type: 'RING_STARTED', trainId: 't2', ringPlan: 'fast' };
  it.each([
    { name: 'empty filter takes all', events: [], filter: {}, event: started, expected: true },
    { name: 'event type listed', events: ['TRAIN_HALTED'], filter: {}, event: halted, expected: true },
    { name: 'event type not listed', events: ['TRAIN_HALTED'], filter: {}, event: started, expected: false },
    { name: 'train listed', events: [], filter: { trains: ['t1'] }, event: halted, expected: true },
    { name: 'train not listed', events: [], filter: { trains: ['t1'] }, event: started, expected: false },
    { name: 'ring plan listed', events: [], filter: { ringPlans: ['fast'] }, event: started, expected: true },
    { name: 'ring plan not listed', events: [], filter: { ringPlans: ['fast'] }, event: halted, expected: false },
    { name: 'severity reached', events: [], filter: { minSeverity: 'CRITICAL' }, event: halted, expected: true },
    { name: 'severity too low', events: [], filter: { minSeverity: 'WARNING' }, event: started, expected: false },
    {
      name: 'junk filter ignored',
      events: [],
      filter: { trains: 'x', minSeverity: 3 },
      event: started,
      expected: true,
    },
  ])('$name', ({ events, filter, event, expected }) => {
    expect(matchesSubscription(subscriptionFilter(events, filter), event)).toBe(expected);
  });
});
