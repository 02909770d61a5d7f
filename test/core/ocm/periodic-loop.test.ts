import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PeriodicLoop } from '../../../core/ocm/periodic-loop.ts';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('PeriodicLoop', () => {
  it('runs at start, then every interval, without overlapping cycles', async () => {
    let runs = 0;
    let active = 0;
    let overlapped = false;
    const loop = new PeriodicLoop({
      name: 't', logger, intervalMs: () => 20,
      run: async () => {
        active += 1;
        if (active > 1) overlapped = true;
        runs += 1;
        await sleep(10);
        active -= 1;
      },
    });
    loop.start();
    expect(runs).toBe(1);
    await until(() => runs >= 3);
    await loop.stop();
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
    expect(overlapped).toBe(false);
  });

  it('aborts a running cycle on stop and survives a throwing cycle', async () => {
    let aborted = false;
    let runs = 0;
    const loop = new PeriodicLoop({
      name: 't', logger, intervalMs: () => 10,
      run: async (signal) => {
        runs += 1;
        if (runs === 1) throw new Error('boom');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }));
      },
    });
    loop.start();
    await until(() => runs === 2);
    await loop.stop();
    expect(aborted).toBe(true);
    expect(loop.running).toBe(false);
  });

  it('re-arms the wait with the new interval on reconfigure', async () => {
    let interval = 60_000;
    let runs = 0;
    const loop = new PeriodicLoop({ name: 't', logger, intervalMs: () => interval, run: async () => { runs += 1; } });
    loop.start();
    await sleep(20);
    expect(runs).toBe(1);
    interval = 10;
    loop.reconfigure();
    await until(() => runs >= 2);
    await loop.stop();
  });
});
