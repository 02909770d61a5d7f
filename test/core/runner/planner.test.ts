import { describe, expect, it } from 'vitest';
import { definePlanner, definePlugin, json, plannedCallSuffix, record } from '../../../plugin-api/index.ts';
import type { GatherPlan, PlanContext } from '../../../plugin-api/index.ts';
import type { LoadedPlugin } from '../../../core/loader/loaded-plugin.ts';
import { declaredFunctions } from '../../../core/loader/declared-functions.ts';
import { runAll } from '../../../core/runner/gather-runner.ts';
import { selectFunctions } from '../../../core/runner/selection.ts';
import { buildGathersMetadata } from '../../../core/metadata/gathers-metadata.ts';
import { readArchive } from '../../helpers/read-archive.ts';
import { fn, loaded, runDeps } from '../../helpers/run-harness.ts';

/** A plugin whose planner returns `plan` (or runs `planImpl`), with one static and two planned functions. */
function planned(planImpl: (ctx: PlanContext<Record<string, unknown>>) => GatherPlan | Promise<GatherPlan>, seen: unknown[] = []): LoadedPlugin {
  return {
    plugin: definePlugin({
      name: 'cond',
      functions: {
        rules: fn((ctx) => {
          seen.push(ctx.plan);
          return [record({ name: 'cond/rules', item: json({ plan: ctx.plan ?? null }) })];
        }),
      },
      plannedFunctions: {
        logs: fn((ctx) => [record({ name: `cond/logs/${String(ctx.params.namespace)}`, item: json(ctx.params) })]),
        broken: fn(() => { throw new Error('the API said no'); }),
      },
      planner: definePlanner({ description: 'test planner', permissions: [], plan: planImpl }),
    }),
    manifest: { name: 'cond', version: '1.0.0', pluginApi: '^1.2.0', entry: 'index.ts' },
    directory: '/virtual/cond',
    builtIn: false,
  };
}

async function gather(plugins: LoadedPlugin[], disabled: string[] = []) {
  const { deps, writer } = await runDeps();
  const selection = selectFunctions({ plugins, disabled });
  const reports = await runAll(selection.jobs, deps, { concurrency: 2 }, selection.groups);
  const archive = await readArchive(await writer.finish(new Date()));
  return { reports: [...reports, ...selection.disabled], archive, selection };
}

describe('planners: a plugin decides at gather time which of its planned functions run', () => {
  it('runs each planned call once with its params, names it <plugin>/<fn>/<k=v,…>, and hands the state to the plugin\'s functions', async () => {
    const seen: unknown[] = [];
    const plugin = planned(() => ({
      calls: [
        { function: 'logs', params: { namespace: 'openshift-a', tail_lines: 100, container: '' } },
        { function: 'logs', params: { tail_lines: 100, namespace: 'openshift-a' } },
        { function: 'logs', params: { namespace: 'openshift-b' } },
      ],
      state: { rules: 2 },
    }), seen);
    const { reports, archive } = await gather([plugin, loaded('other', { alone: fn(() => []) })]);
    expect(reports.map((r) => `${r.name} ${r.status}`).sort()).toEqual([
      'cond/logs/namespace=openshift-a,tail_lines=100 ok',
      'cond/logs/namespace=openshift-b ok',
      'cond/plan ok',
      'cond/rules ok',
      'other/alone ok',
    ]);
    expect(seen).toEqual([{ rules: 2 }]);
    const byName = new Map(archive.map((f) => [f.name, f.data.toString('utf8')]));
    expect(JSON.parse(byName.get('cond/logs/openshift-a.json')!)).toEqual({ namespace: 'openshift-a', tail_lines: 100, container: '' });
    expect(JSON.parse(byName.get('cond/rules.json')!)).toEqual({ plan: { rules: 2 } });
  });

  it('isolates a failing planned call like any function', async () => {
    const { reports } = await gather([planned(() => ({ calls: [{ function: 'broken', params: { alert_name: 'X' } }, { function: 'logs', params: { namespace: 'n' } }] }))]);
    expect(reports.find((r) => r.name === 'cond/broken/alert_name=X')).toMatchObject({ status: 'error', errors: ['the API said no'] });
    expect(reports.find((r) => r.name === 'cond/logs/namespace=n')?.status).toBe('ok');
  });

  it('when the planner throws: its report says why, no planned call runs, and the plugin\'s functions still run without a plan', async () => {
    const seen: unknown[] = [];
    const { reports } = await gather([planned(() => { throw new Error('rules endpoint unreachable'); }, seen)]);
    expect(reports.map((r) => `${r.name} ${r.status}`).sort()).toEqual(['cond/plan error', 'cond/rules ok']);
    expect(reports.find((r) => r.name === 'cond/plan')?.errors).toEqual(['rules endpoint unreachable']);
    expect(seen).toEqual([undefined]);
  });

  it('drops a call of an unknown function with an error on the planner, and runs the rest', async () => {
    const { reports } = await gather([planned(() => ({ calls: [{ function: 'nope', params: {} }, { function: 'logs', params: { namespace: 'n' } }] }))]);
    const plan = reports.find((r) => r.name === 'cond/plan')!;
    expect(plan.status).toBe('error');
    expect(plan.errors[0]).toMatch(/"nope", which is not one of the planned functions \(logs, broken\)/);
    expect(reports.find((r) => r.name === 'cond/logs/namespace=n')?.status).toBe('ok');
  });

  it('refuses a plan that is not a plan', async () => {
    const { reports } = await gather([planned(() => ({ nothing: true }) as unknown as GatherPlan)]);
    expect(reports.find((r) => r.name === 'cond/plan')).toMatchObject({ status: 'panic' });
    expect(reports.filter((r) => r.name.startsWith('cond/logs'))).toEqual([]);
  });

  it('disabledGatherers: <plugin>/<function> turns its calls off (reported disabled); <plugin>/plan or the plugin turns the planner off', async () => {
    const plan = () => ({ calls: [{ function: 'logs', params: { namespace: 'n' } }, { function: 'broken', params: {} }] });
    const one = await gather([planned(plan)], ['cond/logs']);
    expect(one.reports.map((r) => `${r.name} ${r.status}`).sort()).toEqual(['cond/broken error', 'cond/logs/namespace=n disabled', 'cond/plan ok', 'cond/rules ok']);
    expect(one.selection.unknown).toEqual([]);
    const exact = await gather([planned(plan)], ['cond/logs/namespace=n']);
    expect(exact.reports.find((r) => r.name === 'cond/logs/namespace=n')?.status).toBe('disabled');
    const noPlan = await gather([planned(plan)], ['cond/plan']);
    expect(noPlan.reports.map((r) => `${r.name} ${r.status}`).sort()).toEqual(['cond/plan disabled', 'cond/rules ok']);
    const whole = await gather([planned(plan)], ['cond']);
    expect(whole.reports.map((r) => `${r.name} ${r.status}`).sort()).toEqual(['cond/plan disabled', 'cond/rules disabled']);
  });

  it('the planner\'s functions wait for it without holding a pool slot, so other plugins run meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const order: string[] = [];
    const plugin = planned(async () => {
      order.push('plan started');
      await gate;
      order.push('plan done');
      return { calls: [] };
    });
    const other = loaded('other', { a: fn(() => { order.push('other/a'); release(); return []; }) });
    const { deps } = await runDeps();
    const selection = selectFunctions({ plugins: [plugin, other], disabled: [] });
    // Two slots: the planner takes one; cond/rules waits outside the pool; other/a gets the second.
    await runAll(selection.jobs, deps, { concurrency: 2 }, selection.groups);
    expect(order).toEqual(['plan started', 'other/a', 'plan done']);
  });

  it('gathers.json lists the planner first, then the functions, then the calls', async () => {
    const plugin = planned(() => ({ calls: [{ function: 'logs', params: { namespace: 'n' } }] }));
    const { reports } = await gather([plugin]);
    const meta = buildGathersMetadata({ plugins: [plugin], reports, failures: [], unknownDisabled: [], obfuscation: false });
    expect(meta.status_reports.map((r) => r.name)).toEqual(['cond/plan', 'cond/rules', 'cond/logs/namespace=n', 'cond']);
  });
});

describe('planner declarations', () => {
  it('plannedCallSuffix sorts keys and leaves empty values out', () => {
    expect(plannedCallSuffix({ tail_lines: 20, alert_name: 'KubePodCrashLooping', previous: true, container: '', namespace: undefined }))
      .toBe('alert_name=KubePodCrashLooping,previous=true,tail_lines=20');
  });

  it('definePlugin refuses planned functions without a planner, a name in both maps, and a function named plan', () => {
    const planner = definePlanner({ description: 'd', permissions: [], plan: () => ({ calls: [] }) });
    expect(() => definePlugin({ name: 'x', functions: {}, plannedFunctions: { a: fn(() => []) } })).toThrow(/planned functions but no planner/);
    expect(() => definePlugin({ name: 'x', functions: { a: fn(() => []) }, plannedFunctions: { a: fn(() => []) }, planner })).toThrow(/both a function and a planned function/);
    expect(() => definePlugin({ name: 'x', functions: { plan: fn(() => []) }, planner })).toThrow(/reserved/);
    expect(() => definePlugin({ name: 'x', functions: {}, planner: { plan: () => ({ calls: [] }) } as never })).toThrow(/not made by definePlanner/);
  });

  it('declaredFunctions lists functions, planned functions and the planner, so RBAC and docs cover all three', () => {
    const plugin = planned(() => ({ calls: [] })).plugin;
    expect(declaredFunctions(plugin).map((d) => `${d.fullName} ${d.kind}`)).toEqual(['cond/rules function', 'cond/logs planned', 'cond/broken planned', 'cond/plan planner']);
  });
});
