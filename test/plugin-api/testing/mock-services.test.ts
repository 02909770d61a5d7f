import { describe, expect, it } from 'vitest';
import { coreServices, definePlugin } from 'insights-operator/plugin-api';
import { DEFAULT_MOCK_NOW, gatherWithPlugin, isServiceFactory, mockServices } from 'insights-operator/plugin-api/testing';
import { stampFunction } from './kit-plugins.ts';

describe('mockServices.clock', () => {
  it('fake: stands still at the given instant until set or advanced, and hands out copies', () => {
    const clock = mockServices.clock('2025-06-01T00:00:00Z');
    const first = clock.now();
    first.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2025-06-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2025-06-01T00:00:01.500Z');
    clock.set('2030-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(mockServices.clock().now().toISOString()).toBe(DEFAULT_MOCK_NOW);
    expect(() => mockServices.clock('not a time')).toThrow(TypeError);
  });

  it('spy: records every call, answers with the given implementation, and can be re-pointed', () => {
    const spy = mockServices.clock.mock({ now: () => new Date(42) });
    expect(spy.now().getTime()).toBe(42);
    expect(spy.now.calls).toHaveLength(1);
    spy.now.mockImplementation(() => new Date(7));
    expect(spy.now().getTime()).toBe(7);
    expect(spy.now.calls.map((c) => c.result.getTime())).toEqual([42, 7]);
    spy.now.reset();
    expect(spy.now.calls).toEqual([]);
    expect(mockServices.clock.mock().now().toISOString()).toBe(DEFAULT_MOCK_NOW);
  });

  it('factory: a fresh fake per creation, for the clock service', () => {
    const factory = mockServices.clock.factory('2025-01-02T00:00:00Z');
    expect(isServiceFactory(factory)).toBe(true);
    expect(factory.service.id).toBe(coreServices.clock.id);
    const a = factory.create() as ReturnType<typeof mockServices.clock>;
    a.advance(1000);
    expect(factory.create().now().toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });

  it('reaches the plugin through the kit: the spy sees the function\'s calls, the factory makes its clock', async () => {
    const plugin = definePlugin({ name: 'kit_clock', functions: { stamp: stampFunction() } });
    const spy = mockServices.clock.mock({ now: () => new Date('2024-02-29T12:00:00Z') });
    const spied = await gatherWithPlugin(plugin, { services: { [coreServices.clock.id]: spy } });
    await spied.close();
    expect(spied.record('kit/stamp.json')?.json()).toEqual({ at: '2024-02-29T12:00:00.000Z' });
    expect(spy.now.calls.length).toBeGreaterThanOrEqual(1);
    const made = await gatherWithPlugin(plugin, { services: { [coreServices.clock.id]: mockServices.clock.factory('2026-05-05T00:00:00Z') } });
    await made.close();
    expect(made.record('kit/stamp.json')?.json()).toEqual({ at: '2026-05-05T00:00:00.000Z' });
  });
});

describe('mockServices for the monitoring stack and the gathering rules', () => {
  it('prometheus: firing alerts as the ALERTS query answers them, other queries, GET bodies, and 404 otherwise', async () => {
    const prometheus = mockServices.prometheus({
      firing: [{ alertname: 'KubePodCrashLooping', namespace: 'openshift-x', pod: 'p-0' }],
      queries: { up: [{ metric: { job: 'x' }, value: '1' }] },
      responses: { '/api/v1/status/tsdb': '{"status":"success"}' },
    });
    expect(await prometheus.query('ALERTS')).toEqual([
      { metric: { __name__: 'ALERTS', alertstate: 'firing', alertname: 'KubePodCrashLooping', namespace: 'openshift-x', pod: 'p-0' }, value: [1735689600, '1'] },
    ]);
    expect(await prometheus.query('up')).toEqual([{ metric: { job: 'x' }, value: [1735689600, '1'] }]);
    expect(await prometheus.query('nothing')).toEqual([]);
    expect(await prometheus.get('/api/v1/status/tsdb')).toBe('{"status":"success"}');
    await expect(prometheus.get('/federate')).rejects.toMatchObject({ name: 'MonitoringApiError', status: 404, path: '/federate' });
  });

  it('alertmanager and gatheringRules answer what they are given', async () => {
    const alertmanager = mockServices.alertmanager({ '/api/v2/alerts': '[]' });
    expect(await alertmanager.get('/api/v2/alerts')).toBe('[]');
    await expect(alertmanager.get('/api/v2/silences')).rejects.toMatchObject({ status: 404 });
    const configuration = { version: '9', conditional_gathering_rules: [], container_logs: [] };
    expect(await mockServices.gatheringRules(configuration).load()).toMatchObject({ configuration, source: 'remote', valid: true });
  });
});
