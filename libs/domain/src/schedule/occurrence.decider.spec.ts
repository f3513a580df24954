import { decideOccurrence, occurrenceKey, planMissedOccurrences, type OccurrenceFacts } from './occurrence.decider.js';
import { compareVersions, matchesReleaseSelector, selectRelease, type CandidateRelease } from './release.selector.js';

const releases: CandidateRelease[] = [
  { id: 'a', version: '2026.1', createdAt: 1 },
  { id: 'b', version: '2026.2', createdAt: 2 },
  { id: 'c', version: '2025.9', createdAt: 3 },
  { id: 'd', version: '2026.2-hotfix', createdAt: 2 },
];

describe('release selection', () => {
  it.each<[string, string, boolean]>([
    ['2026.*', '2026.1', true],
    ['2026.*', '2025.1', false],
    ['2026.*', '20261', false],
    ['*', 'anything', true],
    ['2026.1', '2026.1', true],
    ['2026.1', '2026.10', false],
  ])('%s matches %s: %s', (selector, version, expected) => {
    expect(matchesReleaseSelector(selector, version)).toBe(expected);
  });

  it.each<[string, string[], string | undefined]>([
    ['2026.*', [], 'd'],
    ['2026.*', ['d'], 'b'],
    ['2026.*', ['b', 'd'], 'a'],
    ['2026.*', ['a', 'b', 'd'], undefined],
    ['2025.*', [], 'c'],
    ['2027.*', [], undefined],
  ])('%s with trains for %j picks %s', (selector, used, expected) => {
    expect(selectRelease(selector, releases, new Set(used))?.id).toBe(expected);
  });

  it.each([
    ['2026.10', '2026.9', 1],
    ['2026.9', '2026.10', -1],
    ['2026.1', '2026.1', 0],
  ])('compareVersions(%s, %s) has sign %d', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('decideOccurrence', () => {
  const base: OccurrenceFacts = {
    occurrenceAt: Date.parse('2026-03-04T09:00:00Z'),
    freezeWindows: [],
    releaseSelector: '2026.*',
    releases,
    releasesWithTrains: new Set(),
  };
  it.each<[string, Partial<OccurrenceFacts>, string, string | undefined]>([
    ['fires with the newest matching release', {}, 'FIRED', undefined],
    ['skips without a matching release', { releaseSelector: '2030.*' }, 'SKIPPED', 'NO_RELEASE'],
    [
      'skips inside a freeze',
      { freezeWindows: [{ kind: 'ONE_OFF', from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z' }] },
      'SKIPPED',
      'FREEZE',
    ],
    [
      'freeze wins over a missing release',
      {
        releaseSelector: '2030.*',
        freezeWindows: [{ kind: 'ONE_OFF', from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z' }],
      },
      'SKIPPED',
      'FREEZE',
    ],
  ])('%s', (_name, overrides, outcome, reason) => {
    const decision = decideOccurrence({ ...base, ...overrides });
    expect(decision.outcome).toBe(outcome);
    expect(decision.outcome === 'SKIPPED' ? decision.reason : undefined).toBe(reason);
    if (decision.outcome === 'FIRED') expect(decision.release.id).toBe('d');
  });
});

describe('planMissedOccurrences', () => {
  it.each<[string, number[], 'SKIP' | 'CATCH_UP_ONCE', number[], number | undefined]>([
    ['nothing missed', [], 'CATCH_UP_ONCE', [], undefined],
    ['SKIP skips all', [1, 2, 3], 'SKIP', [1, 2, 3], undefined],
    ['CATCH_UP_ONCE fires the latest once', [3, 1, 2], 'CATCH_UP_ONCE', [1, 2], 3],
    ['CATCH_UP_ONCE with one missed', [5], 'CATCH_UP_ONCE', [], 5],
    ['duplicates count once', [5, 5], 'SKIP', [5], undefined],
  ])('%s', (_name, missed, policy, skip, catchUp) => {
    expect(planMissedOccurrences(missed, policy)).toEqual({ skip, catchUp });
  });

  it('keys occurrences by schedule and ISO instant', () => {
    expect(occurrenceKey('s1', Date.parse('2026-03-04T09:00:00Z'))).toBe('schedule:s1:2026-03-04T09:00:00.000Z');
  });
});
