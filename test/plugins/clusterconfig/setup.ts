/** Shared setup of the clusterconfig tests: a simulator, the real client on it, and the sample archive. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { connectKube } from '../../../core/kube/connect.ts';
import { KubeApiError } from '../../../plugin-api/errors.ts';
import type { KubeClient, ResourceType } from '../../../plugin-api/kube.ts';
import { SAMPLE_FIXTURE, startKubeSim } from '../../sim/kube/index.ts';
import type { KubeObject, KubeSim, KubeSimOptions } from '../../sim/kube/index.ts';

export { SAMPLE_FIXTURE };

/** A simulator and a production client connected to it through a kubeconfig file. */
export async function startSim(options: KubeSimOptions): Promise<{ sim: KubeSim; kube: KubeClient; connect(token?: string): Promise<KubeClient> }> {
  const sim = await startKubeSim(options);
  const connect = async (token?: string): Promise<KubeClient> => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterconfig-test-'));
    try {
      const file = join(dir, 'kubeconfig');
      const yaml = sim.kubeconfigYaml();
      await writeFile(file, token === undefined ? yaml : yaml.replace(sim.token, token), { mode: 0o600 });
      return connectKube({ kubeconfig: file }).client;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  return { sim, kube: await connect(), connect };
}

/** What the tests of a describe block get from {@link useSampleCluster}. */
export interface SimEnv {
  readonly sim: KubeSim;
  /** The admin's client. */
  readonly kube: KubeClient;
  /** A client on the simulator for `token` (the admin's by default). */
  connect(token?: string): Promise<KubeClient>;
  /** Adds objects to the simulator's store; they are removed (last added first) after the test. */
  add(...objects: KubeObject[]): void;
}

/**
 * Starts a simulator (by default the sample, with RBAC enforced for non-admin tokens) around the
 * current describe block: registers its beforeAll, afterEach and afterAll hooks. The returned object's
 * members are usable inside tests and hooks.
 */
export function useSampleCluster(options: KubeSimOptions = { fixture: 'sample', rbac: true }): SimEnv {
  let started: Awaited<ReturnType<typeof startSim>> | undefined;
  const added: KubeObject[] = [];
  const get = (): Awaited<ReturnType<typeof startSim>> => {
    if (started === undefined) throw new Error('useSampleCluster: the simulator is not started (use it inside tests and hooks)');
    return started;
  };
  beforeAll(async () => {
    started = await startSim(options);
  });
  afterEach(() => {
    for (const o of added.splice(0).reverse()) get().sim.store.remove(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
  });
  afterAll(async () => {
    await started?.sim.close();
  });
  return {
    get sim() { return get().sim; },
    get kube() { return get().kube; },
    connect: (token) => get().connect(token),
    add: (...objects) => {
      const { sim } = get();
      for (const o of objects) added.push(sim.store.add(o));
    },
  };
}

/** The parsed sample file at `path` (relative to the archive root). */
export async function readSample<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(SAMPLE_FIXTURE, path), 'utf8')) as T;
}

/** Paths (relative to the archive root) of the sample's `.json` files under `dir`, recursively. */
export async function sampleFiles(dir: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  const root = join(SAMPLE_FIXTURE, dir);
  const entries = await readdir(root, { recursive: options.recursive ?? false, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => relative(SAMPLE_FIXTURE, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Asserts that a record holds the sample's object: equal once parsed, except that the record may add
 * apiVersion/kind (the original's typed clients drop them) and must not carry managedFields.
 */
export function expectSameObject(recordText: string, expected: Record<string, unknown>): void {
  const actual = JSON.parse(recordText) as Record<string, unknown>;
  expect((actual.metadata as Record<string, unknown> | undefined)?.managedFields).toBeUndefined();
  for (const key of ['apiVersion', 'kind']) if (!(key in expected)) delete actual[key];
  expect(actual).toEqual(expected);
}

/**
 * The real client, except that calls for `kind` fail with a KubeApiError of `status`: the simulator
 * has no fault injection for single resource types yet.
 */
export function failingFor(kube: KubeClient, kind: string, status: number): KubeClient {
  const fail = (type: ResourceType): KubeApiError => new KubeApiError(`${type.kind} (${type.apiVersion}): injected`, status);
  return {
    get: async (type, name, namespace) => {
      if (type.kind === kind) throw fail(type);
      return kube.get(type, name, namespace);
    },
    list: (type, options) => {
      if (type.kind !== kind) return kube.list(type, options);
      return (async function* () {
        throw fail(type);
      })();
    },
    discover: (group, resourceOrKind) => kube.discover(group, resourceOrKind),
    logs: (namespace, pod, options) => kube.logs(namespace, pod, options),
    nodeLogs: (node, options) => kube.nodeLogs(node, options),
    serviceProxy: (namespace, service, options) => kube.serviceProxy(namespace, service, options),
  };
}
