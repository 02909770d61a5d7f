import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { coreServices, GatherError, GatherWarning, json, raw, record } from '../../../plugin-api/index.ts';
import { runAll } from '../../../core/runner/gather-runner.ts';
import { runFunction } from '../../../core/runner/run-function.ts';
import type { FunctionJob } from '../../../core/runner/run-function.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { fn, runDeps } from '../../helpers/run-harness.ts';

function job(name: string, f: ReturnType<typeof fn>, timeoutMs = 2_000): FunctionJob {
  return { plugin: 'p', name, fullName: `p/${name}`, fn: f, timeoutMs, config: { answer: 42 } };
}

describe('runFunction: isolation', () => {
  it('streams records from a generator and counts them', async () => {
    const { deps, writer } = await runDeps();
    const report = await runFunction(job('gen', fn(async function* () {
      yield record({ name: 'a', item: raw('1') });
      yield record({ name: 'b', item: json({ b: 2 }) });
    })), deps);
    expect(report).toMatchObject({ name: 'p/gen', status: 'ok', recordsCount: 2, errors: [], warnings: [], panic: null });
    expect((await readArchive(await writer.finish(new Date()))).map((f) => f.name)).toEqual(['a', 'b.json']);
  });

  it('accepts returned arrays and promised arrays', async () => {
    const { deps } = await runDeps();
    expect((await runFunction(job('arr', fn(() => [record({ name: 'x', item: raw('1') })])), deps)).recordsCount).toBe(1);
    expect((await runFunction(job('prom', fn(async () => [record({ name: 'y', item: raw('1') })])), deps)).recordsCount).toBe(1);
  });

  it('records a synchronous throw of an Error as an error', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('throws', fn(() => { throw new Error('configmaps "x" not found'); })), deps);
    expect(report).toMatchObject({ status: 'error', errors: ['configmaps "x" not found'], panic: null });
  });

  it('records a rejection as an error and keeps the records made before it', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('rejects', fn(async function* () {
      yield record({ name: 'kept', item: raw('1') });
      throw new GatherError('API said no');
    })), deps);
    expect(report).toMatchObject({ status: 'error', recordsCount: 1, errors: ['API said no'] });
  });

  it('records a runtime fault as a panic, with the original panic texts', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('panics', fn(() => {
      const missing = undefined as unknown as { x: { y: number } };
      return [record({ name: 'n', item: json(missing.x.y) })];
    })), deps);
    expect(report.status).toBe('panic');
    expect(report.panic).toMatch(/^TypeError: /);
    expect(report.errors).toEqual([`panic: ${report.panic}`]);
    const thrownString = await runFunction(job('throws_string', fn(() => { throw 'just a string'; })), deps);
    expect(thrownString).toMatchObject({ status: 'panic', panic: 'just a string' });
  });

  it('reports warnings without failing, thrown or reported', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('warns', fn(async function* (ctx) {
      ctx.warn('first');
      yield record({ name: 'w', item: raw('1') });
      throw new GatherWarning('second');
    })), deps);
    expect(report).toMatchObject({ status: 'ok', recordsCount: 1, warnings: ['warning: first', 'warning: second'], errors: [] });
  });

  it('reportError keeps going and marks the function failed', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('partial', fn(async function* (ctx) {
      ctx.reportError(new Error('one namespace failed'));
      yield record({ name: 'rest', item: raw('1') });
    })), deps);
    expect(report).toMatchObject({ status: 'error', recordsCount: 1, errors: ['one namespace failed'] });
  });

  it('isolates a value that is not a record, and stores the good ones', async () => {
    const { deps } = await runDeps();
    const report = await runFunction(job('bad_items', fn(async function* () {
      yield record({ name: 'ok1', item: raw('1') });
      yield { name: 'fake', item: raw('2') } as never;
      yield record({ name: 'ok2', item: raw('3') });
    })), deps);
    expect(report.status).toBe('error');
    expect(report.recordsCount).toBe(2);
    expect(report.errors).toEqual(['function "p/bad_items" produced an object (name, item), which is not a record made by record()']);
  });

  it('gives up on a function that hangs ignoring its signal, at its deadline, and discards its later records', async () => {
    const { deps, writer } = await runDeps();
    let signalFired = false;
    let release!: () => void;
    const hang = new Promise<void>((r) => { release = r; });
    const started = performance.now();
    const report = await runFunction(job('hangs', fn(async function* (ctx) {
      ctx.signal.addEventListener('abort', () => { signalFired = true; });
      yield record({ name: 'before', item: raw('1') });
      await hang; // ignores the signal
      yield record({ name: 'after', item: raw('2') });
    }), 150), deps);
    const took = performance.now() - started;
    expect(report.status).toBe('timeout');
    expect(report.errors).toEqual(['function "p/hangs" did not finish within 150 ms and was given up']);
    expect(report.recordsCount).toBe(1);
    expect(signalFired).toBe(true);
    expect(took).toBeGreaterThanOrEqual(140);
    release();
    await sleep(20);
    const names = (await readArchive(await writer.finish(new Date()))).map((f) => f.name);
    expect(names).toEqual(['before']);
  });

  it('cancels running functions when the whole gather is aborted', async () => {
    const cancel = new AbortController();
    const { deps } = await runDeps({ signal: cancel.signal });
    setTimeout(() => cancel.abort(new Error('stop')), 50);
    const report = await runFunction(job('long', fn(async (ctx) => {
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    }), 60_000), deps);
    expect(report.status).toBe('timeout');
    expect(report.errors).toEqual(['function "p/long" was cancelled before it finished']);
  });

  it('hands the function its config slice and declared services, and fails one that needs a missing service', async () => {
    const { deps } = await runDeps();
    const clock = { now: () => new Date('2020-01-01T00:00:00Z') };
    deps.resolveService = (id) => (id === coreServices.clock.id ? { found: true, value: clock } : { found: false });
    let seen: unknown;
    const uses = fn((ctx) => { seen = [ctx.config.answer, (ctx.services.clock as typeof clock).now().toISOString()]; return []; });
    const withServices = { ...uses, services: { clock: coreServices.clock } } as typeof uses;
    expect((await runFunction(job('svc', withServices), deps)).status).toBe('ok');
    expect(seen).toEqual([42, '2020-01-01T00:00:00.000Z']);
    const missing = { ...uses, services: { prom: { ...coreServices.clock, id: 'monitoring.prometheus' } } } as typeof uses;
    const report = await runFunction(job('needs_prom', missing), deps);
    expect(report).toMatchObject({ status: 'error', errors: ['function "p/needs_prom" needs service "monitoring.prometheus", which this core does not provide'] });
  });
});

describe('runAll: the pool', () => {
  it('never runs more functions at once than the concurrency bound, and runs them all', async () => {
    const { deps } = await runDeps();
    let running = 0;
    let peak = 0;
    const jobs = Array.from({ length: 24 }, (_, i) => job(`f${i}`, fn(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(5 + (i % 4) * 5);
      running -= 1;
      return [record({ name: `r/${i}`, item: raw(String(i)) })];
    })));
    const reports = await runAll(jobs, deps, { concurrency: 3 });
    expect(peak).toBe(3);
    expect(reports.map((r) => r.status)).toEqual(Array(24).fill('ok'));
    expect(reports.map((r) => r.name)).toEqual(jobs.map((j) => j.fullName));
  });

  it('frees the slot of a function given up at its deadline, so the others still run', async () => {
    const { deps } = await runDeps();
    const jobs = [
      job('hang', fn(() => new Promise(() => undefined)), 100),
      job('after1', fn(() => [record({ name: 'a1', item: raw('1') })])),
      job('after2', fn(() => [record({ name: 'a2', item: raw('1') })])),
    ];
    const reports = await runAll(jobs, deps, { concurrency: 1 });
    expect(reports.map((r) => r.status)).toEqual(['timeout', 'ok', 'ok']);
  });

  it('skips functions that had not started when the gather was cancelled', async () => {
    const cancel = new AbortController();
    const { deps } = await runDeps({ signal: cancel.signal });
    const jobs = [
      job('first', fn(async (ctx) => { cancel.abort(); await sleep(5); ctx.signal.throwIfAborted(); return []; })),
      job('never', fn(() => [])),
    ];
    const reports = await runAll(jobs, deps, { concurrency: 1 });
    expect(reports[1]).toMatchObject({ status: 'skipped', durationMs: 0 });
  });
});
