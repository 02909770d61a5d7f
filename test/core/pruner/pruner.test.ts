import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/create-logger.ts';
import { Pruner, PRUNE_RETRY } from '../../../core/pruner/pruner.ts';
import type { PrunePassReport, PrunerOptions } from '../../../core/pruner/pruner.ts';
import type { PrunerLogger, Scheduler } from '../../../core/time/scheduler.ts';
import { archiveDir, HOUR } from './archive-dir.ts';

/** A scheduler that runs nothing by itself: the test fires the pending timer. */
class ManualScheduler implements Scheduler {
  pending = new Map<number, { callback: () => void; ms: number }>();
  delays: number[] = [];
  #next = 0;
  setTimeout(callback: () => void, ms: number): number {
    this.#next += 1;
    this.pending.set(this.#next, { callback, ms });
    this.delays.push(ms);
    return this.#next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const [id, timer] = [...this.pending][0] ?? [];
    if (id === undefined || timer === undefined) throw new Error('no timer pending');
    this.pending.delete(id);
    timer.callback();
  }
}

function recordingLogger(): PrunerLogger & { lines: { level: string; message: string; fields: object }[] } {
  const lines: { level: string; message: string; fields: object }[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const interval = 2 * HOUR;
const now = new Date('2026-11-24T12:00:00.000Z');
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

function setup(options: Partial<PrunerOptions> & { directory: string }) {
  const scheduler = new ManualScheduler();
  const logger = recordingLogger();
  const reports: PrunePassReport[] = [];
  let wake: (() => void) | undefined;
  const pruner = new Pruner({
    intervalMs: interval, logger, scheduler, now: () => now, random: () => 0.5,
    onPass: (report) => { reports.push(report); wake?.(); },
    ...options,
  });
  const nextPass = () => new Promise<PrunePassReport>((resolve) => { wake = () => resolve(reports.at(-1)!); });
  return { pruner, scheduler, logger, reports, nextPass };
}

describe('Pruner', () => {
  it('waits Jitter(2×interval, 1.2) between passes: within [4h, 8.8h]', async () => {
    for (const r of [0, 0.25, 0.999]) {
      const { pruner, scheduler } = setup({ directory: '/nonexistent', random: () => r });
      pruner.start();
      expect(scheduler.delays).toEqual([2 * interval * (1 + 1.2 * r)]);
      await pruner.stop();
    }
    const { pruner, scheduler } = setup({ directory: '/nonexistent', random: Math.random });
    for (let i = 0; i < 50; i++) {
      pruner.start();
      await pruner.stop();
    }
    expect(scheduler.delays).toHaveLength(50);
    for (const delay of scheduler.delays) {
      expect(delay).toBeGreaterThanOrEqual(4 * HOUR);
      expect(delay).toBeLessThanOrEqual(8.8 * HOUR);
    }
  });

  it('prunes by lastReported and the byte cap when the timer fires, then schedules the next period', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    const at = (h: number) => new Date(now.getTime() - h * HOUR);
    await d.put('insights-2026-11-24-060000.tar.gz', at(6), 100);
    await d.put('insights-2026-11-24-080000.tar.gz', at(4), 100);
    await d.put('insights-2026-11-24-090000.tar.gz', at(3), 100);
    await d.put('insights-2026-11-24-100000.tar.gz', at(2), 100);
    await d.put('insights-2026-11-24-110000.tar.gz', at(1), 100);
    await d.put('keep.me', at(500), 1000);
    const tempOfDeadWriter = '.insights-partial-999999999-abc-def.tar.gz.tmp';
    await writeFile(join(d.dir, tempOfDeadWriter), 'x');
    const { pruner, scheduler, nextPass, logger } = setup({ directory: d.dir, lastReported: () => at(4), maxBytes: 250 });
    pruner.start();
    pruner.start(); // idempotent: still one timer
    expect(scheduler.pending.size).toBe(1);
    const passed = nextPass();
    scheduler.fire();
    const report = await passed;
    expect(report).toMatchObject({ ok: true, attempt: 1, cutoff: at(4) });
    expect(report.ok && report.deleted.map((p) => p.slice(d.dir.length + 1))).toEqual([
      'insights-2026-11-24-060000.tar.gz',
      'insights-2026-11-24-080000.tar.gz',
      'insights-2026-11-24-090000.tar.gz',
    ]);
    expect(report.ok && report.removedTemp).toEqual([join(d.dir, tempOfDeadWriter)]);
    expect((await readdir(d.dir)).sort()).toEqual(['insights-2026-11-24-100000.tar.gz', 'insights-2026-11-24-110000.tar.gz', 'keep.me']);
    expect(scheduler.pending.size).toBe(1);
    expect(scheduler.delays[1]).toBe(2 * interval * 1.6);
    expect(logger.lines.some((l) => l.level === 'info' && l.message === 'pruned 4 file(s) from the storage directory')).toBe(true);
    await pruner.stop();
  });

  it('retries a failing pass after 1s, 1.5s and 2.25s, then waits for the next period', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    const file = await d.put('plain-file', now);
    const { pruner, scheduler, nextPass, logger } = setup({ directory: join(file, 'not-a-dir') });
    pruner.start();
    for (let attempt = 1; attempt <= PRUNE_RETRY.attempts; attempt++) {
      const passed = nextPass();
      scheduler.fire();
      expect(await passed).toMatchObject({ ok: false, attempt, willRetry: attempt < 4, error: expect.stringContaining('ENOTDIR') });
    }
    expect(scheduler.delays.slice(1)).toEqual([1000, 1500, 2250, 2 * interval * 1.6]);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(4);
    await pruner.stop();
  });

  it('stop() cancels the pending pass, is idempotent, and a pass in flight schedules nothing after it', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    const { pruner, scheduler, reports } = setup({ directory: d.dir });
    pruner.start();
    expect(pruner.running).toBe(true);
    await pruner.stop();
    await pruner.stop();
    expect(pruner.running).toBe(false);
    expect(scheduler.pending.size).toBe(0);

    pruner.start();
    scheduler.fire(); // the pass starts...
    await pruner.stop(); // ...and stop waits for it
    expect(scheduler.pending.size).toBe(0);
    expect(reports).toHaveLength(0);
  });

  it('pruneNow() runs one pass on demand and throws when the directory cannot be read', async () => {
    const d = await archiveDir();
    cleanup = d.cleanup;
    await d.put('insights-2026-11-24-110000.tar.gz', new Date(now.getTime() - HOUR));
    const { pruner } = setup({ directory: d.dir, lastReported: () => now });
    expect((await pruner.pruneNow()).deleted).toEqual([join(d.dir, 'insights-2026-11-24-110000.tar.gz')]);
    const file = await d.put('plain-file', now);
    await expect(setup({ directory: join(file, 'x') }).pruner.pruneNow()).rejects.toThrow(/ENOTDIR/);
  });

  it('logs through a pino logger', async () => {
    let out = '';
    const destination = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
    const logger: PrunerLogger = createLogger({ destination });
    const pruner = new Pruner({ directory: '/nonexistent', intervalMs: interval, logger, scheduler: new ManualScheduler() });
    pruner.start();
    await pruner.stop();
    expect(out).toContain('next archive prune scheduled');
  });
});
