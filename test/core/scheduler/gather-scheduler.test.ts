import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { operatorError } from '../../../core/errors/codes.ts';
import { createLogger } from '../../../core/logging/create-logger.ts';
import { GatherScheduler } from '../../../core/scheduler/gather-scheduler.ts';
import type { GatherSchedulerOptions } from '../../../core/scheduler/gather-scheduler.ts';
import type { Scheduler } from '../../../core/time/scheduler.ts';

/** Virtual time: a clock and timers that fire, in due order, only when the test advances the clock. */
class FakeTime implements Scheduler {
  nowMs = 0;
  readonly #timers = new Map<number, { dueMs: number; callback: () => void }>();
  #next = 0;
  readonly now = (): Date => new Date(this.nowMs);
  setTimeout(callback: () => void, ms: number): number {
    this.#next += 1;
    this.#timers.set(this.#next, { dueMs: this.nowMs + ms, callback });
    return this.#next;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  /** Moves the clock forward, firing every timer due on the way and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await tick();
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.dueMs <= end).sort(([a, x], [b, y]) => x.dueMs - y.dueMs || a - b)[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.nowMs = due[1].dueMs;
      due[1].callback();
      await tick();
    }
    this.nowMs = end;
    await tick();
  }
}

interface LogLine { level: number; msg: string; code?: string; err?: string; timeoutMs?: number }

function captureLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger({ destination, level: 'debug' }), lines };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

/** A scheduler on virtual time that records each gather's start time and signal. */
function setup(options: Partial<GatherSchedulerOptions> & { interval?: { ms: number } } = {}) {
  const time = new FakeTime();
  const interval = options.interval ?? { ms: 1000 };
  const { logger, lines } = captureLogger();
  const starts: number[] = [];
  const signals: AbortSignal[] = [];
  let active = 0;
  let maxActive = 0;
  let body: (signal: AbortSignal) => Promise<void> = async () => {};
  const scheduler = new GatherScheduler({
    intervalMs: () => interval.ms,
    initialDelayMs: 0,
    logger,
    scheduler: time,
    now: time.now,
    gather: async (signal) => {
      starts.push(time.nowMs);
      signals.push(signal);
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        await body(signal);
      } finally {
        active -= 1;
      }
    },
    ...options,
  });
  return {
    time, interval, lines, starts, signals, scheduler,
    get maxActive() { return maxActive; },
    setBody(b: (signal: AbortSignal) => Promise<void>) { body = b; },
  };
}

describe('GatherScheduler on virtual time', () => {
  it('gathers first after the initial delay, then every interval from each start', async () => {
    const t = setup({ initialDelayMs: 300 });
    t.scheduler.start();
    await t.time.advance(299);
    expect(t.starts).toEqual([]);
    await t.time.advance(1);
    expect(t.starts).toEqual([300]);
    await t.time.advance(3000);
    expect(t.starts).toEqual([300, 1300, 2300, 3300]);
    expect(t.lines.some((l) => l.msg === 'periodic gathering scheduled')).toBe(true);
    await t.scheduler.stop();
  });

  it('never overlaps: a gather longer than the interval delays the next until it ends, which then starts at once', async () => {
    const t = setup({ interval: { ms: 100 } });
    const slow = deferred();
    t.setBody(() => slow.promise); // ignores its signal
    t.scheduler.start();
    await t.time.advance(0);
    expect(t.starts).toEqual([0]);
    await t.time.advance(200);
    // Neither an interval change nor runNow starts a second gather beside it.
    t.interval.ms = 10;
    t.scheduler.intervalChanged();
    void t.scheduler.runNow();
    t.interval.ms = 100;
    t.scheduler.intervalChanged();
    await t.time.advance(150);
    expect(t.starts).toEqual([0]);
    expect(t.scheduler.running).toBe(true);
    t.setBody(async () => {});
    slow.resolve();
    await t.time.advance(0);
    expect(t.starts).toEqual([0, 350]);
    await t.time.advance(100);
    expect(t.starts).toEqual([0, 350, 450]);
    expect(t.maxActive).toBe(1);
    await t.scheduler.stop();
  });

  it('aborts a gather that runs longer than the interval, saying so in the log', async () => {
    const t = setup({ interval: { ms: 100 } });
    let ended: number | undefined;
    t.setBody((signal) => new Promise((resolve) => signal.addEventListener('abort', () => { ended = t.time.nowMs; resolve(); })));
    t.scheduler.start();
    await t.time.advance(99);
    expect(t.signals[0]?.aborted).toBe(false);
    await t.time.advance(1);
    expect(ended).toBe(100);
    expect(t.signals[0]?.reason).toMatchObject({ code: 'IO_GATHER_TIMEOUT' });
    const warn = t.lines.find((l) => l.code === 'IO_GATHER_TIMEOUT');
    expect(warn).toMatchObject({ level: 40, timeoutMs: 100 });
    expect(warn?.msg).toMatch(/did not finish within the gather interval \(100 ms\) and was cancelled/);
    // The next gather follows the schedule (due at 100, when the aborted one ended).
    t.setBody(async () => {});
    await t.time.advance(0);
    expect(t.starts).toEqual([0, 100]);
    await t.scheduler.stop();
  });

  it('a fast gather is not aborted: its deadline is cleared when it ends', async () => {
    const t = setup({ interval: { ms: 100 } });
    t.scheduler.start();
    await t.time.advance(250);
    expect(t.starts).toEqual([0, 100, 200]);
    expect(t.signals.some((s) => s.aborted)).toBe(false);
    expect(t.lines.some((l) => l.code === 'IO_GATHER_TIMEOUT')).toBe(false);
    await t.scheduler.stop();
  });

  it('applies a shorter interval without restart: due one new interval after the previous start, at once if past', async () => {
    const t = setup({ interval: { ms: 10_000 } });
    t.scheduler.start();
    await t.time.advance(10);
    expect(t.starts).toEqual([0]);
    t.interval.ms = 50;
    t.scheduler.intervalChanged();
    await t.time.advance(39);
    expect(t.starts).toEqual([0]);
    await t.time.advance(1);
    expect(t.starts).toEqual([0, 50]);
    await t.time.advance(5040);
    expect(t.starts.at(-1)).toBe(5050);
    t.interval.ms = 20;
    t.scheduler.intervalChanged(); // now 5090: the last start (5050) is more than 20 ago, so at once
    await t.time.advance(0);
    expect(t.starts.at(-1)).toBe(5090);
    await t.time.advance(20);
    expect(t.starts.at(-1)).toBe(5110);
    await t.scheduler.stop();
  });

  it('applies a longer interval too, and keeps the initial delay before the first gather', async () => {
    const t = setup({ interval: { ms: 100 }, initialDelayMs: 500 });
    t.scheduler.start();
    t.interval.ms = 50;
    t.scheduler.intervalChanged();
    await t.time.advance(499);
    expect(t.starts).toEqual([]);
    await t.time.advance(1);
    expect(t.starts).toEqual([500]);
    t.interval.ms = 1000;
    t.scheduler.intervalChanged();
    await t.time.advance(999);
    expect(t.starts).toEqual([500]);
    await t.time.advance(1);
    expect(t.starts).toEqual([500, 1500]);
    await t.scheduler.stop();
  });

  it('a change during a gather applies to the next one', async () => {
    const t = setup({ interval: { ms: 100 } });
    const slow = deferred();
    t.setBody(() => slow.promise);
    t.scheduler.start();
    await t.time.advance(30);
    t.interval.ms = 1000;
    t.scheduler.intervalChanged();
    t.setBody(async () => {});
    slow.resolve();
    await t.time.advance(900);
    expect(t.starts).toEqual([0]);
    await t.time.advance(70);
    expect(t.starts).toEqual([0, 1000]);
    await t.scheduler.stop();
  });

  it('logs a throwing gather with its code and goes on', async () => {
    const t = setup({ interval: { ms: 100 } });
    let calls = 0;
    t.setBody(async () => {
      calls += 1;
      if (calls === 1) throw operatorError('IO_CLUSTER_UNREACHABLE', 'https://api', 'connection refused');
      if (calls === 2) throw new Error('plain failure');
    });
    t.scheduler.start();
    await t.time.advance(250);
    expect(t.starts).toEqual([0, 100, 200]);
    const errors = t.lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: 'IO_CLUSTER_UNREACHABLE', err: 'cannot reach the cluster at https://api: connection refused' });
    expect(errors[0]?.msg).toMatch(/gather failed/);
    expect(errors[1]).toMatchObject({ err: 'plain failure' });
    expect(errors[1]).not.toHaveProperty('code');
    await t.scheduler.stop();
  });

  it('runNow gathers at once, shares a gather in flight, and the schedule continues from its start', async () => {
    const t = setup({ interval: { ms: 100 }, initialDelayMs: 1000 });
    t.scheduler.start();
    await t.time.advance(40);
    const slow = deferred();
    t.setBody(() => slow.promise);
    const first = t.scheduler.runNow();
    expect(t.scheduler.running).toBe(true);
    const second = t.scheduler.runNow();
    expect(second).toBe(first);
    await t.time.advance(10);
    expect(t.starts).toEqual([40]);
    slow.resolve();
    await first;
    expect(t.scheduler.running).toBe(false);
    t.setBody(async () => {});
    // The initial delay (1000) is gone: the next gather is one interval after the runNow one.
    await t.time.advance(90);
    expect(t.starts).toEqual([40, 140]);
    await t.scheduler.stop();
  });

  it('stop() aborts the gather in flight, waits for it, and ends the schedule; idempotent', async () => {
    const t = setup({ interval: { ms: 100 } });
    let finished = false;
    t.setBody(async (signal) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      await tick(); // cleanup after the abort
      finished = true;
    });
    t.scheduler.start();
    await t.time.advance(10);
    const stopped = t.scheduler.stop();
    expect(t.signals[0]?.aborted).toBe(true);
    expect(t.signals[0]?.reason).toMatchObject({ code: 'IO_GATHER_STOPPED' });
    expect(finished).toBe(false);
    await stopped;
    expect(finished).toBe(true);
    expect(t.scheduler.running).toBe(false);
    await t.scheduler.stop();
    await t.scheduler.runNow();
    t.scheduler.start();
    t.scheduler.intervalChanged();
    await t.time.advance(10_000);
    expect(t.starts).toEqual([0]);
  });

  it('a gather that throws because stop() aborted it is not reported as a failure', async () => {
    const t = setup({ interval: { ms: 100 } });
    t.setBody((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    t.scheduler.start();
    await t.time.advance(10);
    await t.scheduler.stop();
    expect(t.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(t.lines.find((l) => l.code === 'IO_GATHER_STOPPED')?.level).toBe(30);
  });

  it('refuses a non-positive interval at start, and keeps the last good one when it turns bad later', async () => {
    expect(() => setup({ interval: { ms: 0 } }).scheduler.start()).toThrow(RangeError);
    const t = setup({ interval: { ms: 100 } });
    t.scheduler.start();
    await t.time.advance(0);
    t.interval.ms = Number.NaN;
    await t.time.advance(200);
    expect(t.starts).toEqual([0, 100, 200]);
    expect(t.lines.some((l) => l.level === 50 && /not a positive duration/.test(l.msg))).toBe(true);
    await t.scheduler.stop();
  });
});

describe('GatherScheduler on real timers', () => {
  function realSetup(intervalMs: { ms: number }, gather: (signal: AbortSignal) => Promise<void>, initialDelayMs = 0) {
    const { logger, lines } = captureLogger();
    return { lines, scheduler: new GatherScheduler({ intervalMs: () => intervalMs.ms, initialDelayMs, gather, logger }) };
  }

  it('gathers after the initial delay, periodically, never two at once even when gathers outlast the interval', async () => {
    const starts: number[] = [];
    let active = 0;
    let maxActive = 0;
    const t0 = performance.now();
    const { scheduler } = realSetup({ ms: 30 }, async () => {
      starts.push(performance.now() - t0);
      active += 1;
      maxActive = Math.max(maxActive, active);
      // Ignores its signal and takes longer than the interval.
      await new Promise((resolve) => setTimeout(resolve, 60));
      active -= 1;
    }, 50);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await scheduler.stop();
    expect(starts[0]).toBeGreaterThanOrEqual(45);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
  });

  it('a shortened interval (10 s → 50 ms) takes effect without restart', async () => {
    const interval = { ms: 10_000 };
    let count = 0;
    let second: () => void = () => {};
    const secondStarted = new Promise<void>((resolve) => { second = resolve; });
    const { scheduler } = realSetup(interval, async () => {
      count += 1;
      if (count === 2) second();
    });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(count).toBe(1);
    interval.ms = 50;
    scheduler.intervalChanged();
    // Generous bound: far below the old 10 s interval.
    const timedOut = await Promise.race([secondStarted.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 3000))]);
    await scheduler.stop();
    expect(timedOut).toBe(false);
  });

  it('aborts a gather at the interval and stop() waits for the one in flight', async () => {
    const reasons: unknown[] = [];
    const { scheduler, lines } = realSetup({ ms: 40 }, (signal) => new Promise((resolve) => {
      signal.addEventListener('abort', () => { reasons.push(signal.reason); resolve(); });
    }));
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons[0]).toMatchObject({ code: 'IO_GATHER_TIMEOUT' });
    expect(lines.some((l) => l.code === 'IO_GATHER_TIMEOUT')).toBe(true);
    await scheduler.stop();
    expect(scheduler.running).toBe(false);
  });
});
