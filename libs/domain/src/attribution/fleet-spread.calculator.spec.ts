import { describe, expect, it } from '@jest/globals';
import { classifySignature, type FailureSignature } from './failure-signature.classifier.js';
import { fleetSpread, spreadOf } from './fleet-spread.calculator.js';

describe('fleetSpread', () => {
  it('counts distinct targets, tenants and clusters per normal signature', () => {
    const spread = fleetSpread([
      { environment: 'a-1', tenant: 'a', cluster: 'eu-1', signature: 'CrashLoopBackOff' },
      { environment: 'a-1', tenant: 'a', cluster: 'eu-1', signature: 'CRASH_LOOP' },
      { environment: 'a-2', tenant: 'a', cluster: 'us-1', signature: 'CrashLoopBackOff' },
      { environment: 'b-1', tenant: 'b', cluster: 'eu-1', signature: 'CrashLoopBackOff' },
      { environment: 'c-1', tenant: 'c', cluster: 'eu-2', signature: 'OOMKilled' },
    ]);
    expect(spread.get('CRASH_LOOP')).toEqual({
      signature: 'CRASH_LOOP',
      targets: 3,
      tenants: ['a', 'b'],
      clusters: ['eu-1', 'us-1'],
    });
    expect(spread.get('OOM_KILLED')).toEqual({
      signature: 'OOM_KILLED',
      targets: 1,
      tenants: ['c'],
      clusters: ['eu-2'],
    });
    expect(spreadOf(spread, 'READINESS')).toEqual({ signature: 'READINESS', targets: 0, tenants: [], clusters: [] });
  });

  it('is empty for no failures', () => {
    expect(fleetSpread([]).size).toBe(0);
  });
});

describe('classifySignature', () => {
  it.each<[string, FailureSignature]>([
    ['CrashLoopBackOff', 'CRASH_LOOP'],
    ['OOMKilled', 'OOM_KILLED'],
    ['ErrImagePull', 'IMAGE_PULL'],
    ['ImagePullBackOff', 'IMAGE_PULL'],
    ['ReadinessProbeFailed', 'READINESS'],
    ['error-rate regression', 'ERROR_RATE_REGRESSION'],
    ['LatencyRegression', 'LATENCY_REGRESSION'],
    ['AnalysisProviderError', 'ANALYSIS_PROVIDER_ERROR'],
    ['metrics unreachable', 'ANALYSIS_PROVIDER_ERROR'],
    ['NodeNotReady', 'NODE_NOT_READY'],
    ['ApiServerUnavailable', 'API_UNAVAILABLE'],
    ['LATENCY_REGRESSION', 'LATENCY_REGRESSION'],
    ['Zoom meeting', 'OTHER'],
    ['something else', 'OTHER'],
  ])('%s → %s', (raw, signature) => {
    expect(classifySignature(raw)).toBe(signature);
  });
});
