import { pino } from 'pino';
import { defineGatheringFunction, definePlugin } from '../../plugin-api/index.ts';
import type { GatheringFunction, GatherResult, GatherContext } from '../../plugin-api/index.ts';
import type { KubeClient } from '../../plugin-api/kube.ts';
import type { LoadedPlugin } from '../../core/loader/loaded-plugin.ts';
import { ArchiveWriter } from '../../core/recorder/archive-writer.ts';
import { Recorder } from '../../core/recorder/recorder.ts';
import type { RunDependencies } from '../../core/runner/run-function.ts';
import { tempDir } from './temp-dir.ts';

/** A client that fails every call: for functions that must not touch the cluster. */
export const noKube: KubeClient = {
  get: () => Promise.reject(new Error('no cluster in this test')),
  // eslint-disable-next-line require-yield
  list: async function* () {
    throw new Error('no cluster in this test');
  },
  discover: () => Promise.reject(new Error('no cluster in this test')),
  logs: () => Promise.reject(new Error('no cluster in this test')),
  nodeLogs: () => Promise.reject(new Error('no cluster in this test')),
  serviceProxy: () => Promise.reject(new Error('no cluster in this test')),
};

/** A function from a bare gather implementation, for runner tests. */
export function fn(gather: (ctx: GatherContext<Record<string, unknown>>) => GatherResult, extra: { timeoutMs?: number } = {}): GatheringFunction {
  return defineGatheringFunction({ description: 'test', paths: ['test/{x}'], permissions: [], gather, ...extra }) as GatheringFunction;
}

/** A loaded plugin made in memory, as the loader would hand it over. */
export function loaded(name: string, functions: Record<string, GatheringFunction>, version = '1.0.0'): LoadedPlugin {
  return {
    plugin: definePlugin({ name, functions }),
    manifest: { name, version, pluginApi: '^1.0.0', entry: 'index.ts' },
    directory: `/virtual/${name}`,
    builtIn: false,
  };
}

/** Run dependencies over a real recorder writing into a temporary directory. */
export async function runDeps(options: { signal?: AbortSignal; maxBytes?: number } = {}) {
  const dir = await tempDir();
  const writer = await ArchiveWriter.create(dir);
  const recorder = new Recorder(writer, { maxBytes: options.maxBytes });
  const started = performance.now();
  const deps: RunDependencies = {
    recorder,
    kubeFor: () => noKube,
    logger: pino({ level: 'silent' }),
    resolveService: () => ({ found: false }),
    signal: options.signal ?? new AbortController().signal,
    elapsed: () => performance.now() - started,
  };
  return { dir, writer, recorder, deps };
}
