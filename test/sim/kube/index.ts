/**
 * Kubernetes API simulator: a loopback HTTPS server speaking enough of the kube REST protocol for
 * @kubernetes/client-node and kubectl to use it through a kubeconfig as they would a cluster.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateCerts } from './certs.ts';
import { buildKubeconfig, writeKubeconfigFile } from './kubeconfig.ts';
import { ResourceRegistry } from './resource-types.ts';
import { loadFixture } from './seed-fixture.ts';
import { generateScaleCluster } from './seed-scale.ts';
import { createSimServer } from './server.ts';
import type { RequestRecord } from './server.ts';
import { ObjectStore } from './store.ts';

export { ObjectStore } from './store.ts';
export type { KubeObject, KubeObjectMeta } from './store.ts';
export { loadFixture } from './seed-fixture.ts';
export type { FixtureSeed } from './seed-fixture.ts';
export { expectedCounts, generateScaleCluster, PER_UNIT } from './seed-scale.ts';
export { ResourceRegistry } from './resource-types.ts';
export type { ResourceType } from './resource-types.ts';
export type { RequestRecord } from './server.ts';

export interface KubeSimOptions {
  /** Directory of an extracted Insights archive; 'sample' is ../shared/fixtures/insights-archive-sample. */
  fixture?: string;
  /** A deterministic generated cluster of this scale; not combinable with `fixture`. */
  scale?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Bearer token; random by default. */
  token?: string;
}

export interface KubeSim {
  readonly url: string;
  readonly caPem: string;
  readonly token: string;
  readonly store: ObjectStore;
  /** The last 10,000 requests, oldest first. */
  readonly requests: ReadonlyArray<RequestRecord>;
  kubeconfigYaml(options?: { impersonate?: string }): string;
  writeKubeconfig(path: string, options?: { impersonate?: string }): Promise<void>;
  close(): Promise<void>;
}

const MAX_REQUESTS = 10_000;

/** The sample archive, found relative to this file so no absolute path is baked in. */
export const SAMPLE_FIXTURE = fileURLToPath(new URL('../../../../shared/fixtures/insights-archive-sample', import.meta.url));

/** Observers for the CLI and later tooling; not needed by tests, which read `requests`. */
export interface KubeSimHooks {
  onRequest?: (record: RequestRecord) => void;
}

export async function startKubeSim(options: KubeSimOptions = {}, hooks: KubeSimHooks = {}): Promise<KubeSim> {
  if (options.fixture !== undefined && options.scale !== undefined) throw new Error('kube-sim: fixture and scale cannot be combined');
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry);
  if (options.fixture !== undefined) {
    const dir = options.fixture === 'sample' ? SAMPLE_FIXTURE : options.fixture;
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new Error(`kube-sim: fixture directory not found: ${dir}`);
    for (const obj of (await loadFixture(dir, registry)).objects) store.add(obj);
  }
  if (options.scale !== undefined) {
    for (const obj of generateScaleCluster(options.scale)) store.add(obj);
  }

  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const certs = await generateCerts([host]);
  const requests: RequestRecord[] = [];
  const server = createSimServer({
    registry, store, token, certs,
    onRequest: (record) => {
      requests.push(record);
      if (requests.length > MAX_REQUESTS) requests.splice(0, requests.length - MAX_REQUESTS);
      hooks.onRequest?.(record);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const caPem = certs.caPem;
  let closing: Promise<void> | undefined;

  return {
    url, caPem, token, store, requests,
    kubeconfigYaml: (o = {}) => buildKubeconfig({ url, caPem, token, impersonate: o.impersonate }),
    writeKubeconfig: (path, o = {}) => writeKubeconfigFile(path, { url, caPem, token, impersonate: o.impersonate }),
    // Idempotent: test teardown and a failing test may both close.
    close: () => (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      // Keep-alive connections from clients would otherwise hold close() open.
      server.closeAllConnections();
    })),
  };
}
