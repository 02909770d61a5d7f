import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../core/operator/lifecycle.ts';

const silent = pino({ level: 'silent' });

function recorder() {
  const events: string[] = [];
  const service = (name: string, opts: { failStart?: boolean; hangStop?: boolean } = {}) => ({
    start: async () => {
      events.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} cannot start`);
    },
    stop: () => {
      events.push(`stop ${name}`);
      return opts.hangStop ? new Promise<void>(() => {}) : undefined;
    },
  });
  return { events, service };
}

describe('Lifecycle', () => {
  it('starts services in order and stops them in reverse', async () => {
    const { events, service } = recorder();
    const lifecycle = new Lifecycle(silent).add('a', service('a')).add('b', service('b')).add('c', service('c'));
    await lifecycle.start();
    const report = await lifecycle.stop();
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(report).toEqual({ stopped: ['c', 'b', 'a'], failed: [] });
  });

  it('stops what already started when a service fails to start, and rethrows', async () => {
    const { events, service } = recorder();
    const lifecycle = new Lifecycle(silent).add('a', service('a')).add('b', service('b', { failStart: true })).add('c', service('c'));
    await expect(lifecycle.start()).rejects.toThrow('b cannot start');
    expect(events).toEqual(['start a', 'start b', 'stop a']);
  });

  it('gives up on a service that does not stop by the deadline and still stops the others', async () => {
    const { events, service } = recorder();
    const lifecycle = new Lifecycle(silent).add('a', service('a')).add('stuck', service('stuck', { hangStop: true }));
    await lifecycle.start();
    const report = await lifecycle.stop(100);
    expect(events).toEqual(['start a', 'start stuck', 'stop stuck', 'stop a']);
    expect(report.stopped).toEqual(['a']);
    expect(report.failed).toEqual([{ name: 'stuck', error: 'did not stop within the shutdown deadline (100 ms)' }]);
  });

  it('returns the same report to every stop call', async () => {
    const { events, service } = recorder();
    const lifecycle = new Lifecycle(silent).add('a', service('a'));
    await lifecycle.start();
    const [first, second] = await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(first).toBe(second);
    expect(events.filter((e) => e === 'stop a')).toHaveLength(1);
  });
});
