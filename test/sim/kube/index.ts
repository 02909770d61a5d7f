/**
 * Kubernetes API simulator: a loopback HTTPS server speaking enough of the kube REST protocol for
 * @kubernetes/client-node and kubectl to use it through a kubeconfig as they would a cluster.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AccessControl } from './access.ts';
import type { AuditRecord } from './access.ts';
import { generateCerts } from './certs.ts';
import { FaultInjector } from './faults.ts';
import type { FaultRule } from './faults.ts';
import { generatedJournals, generatedLogs } from './log-content.ts';
import { PodLogs } from './logs.ts';
import { ServiceBackends } from './service-proxy.ts';
import { buildKubeconfig, writeKubeconfigFile } from './kubeconfig.ts';
import { seedBootstrapRbac } from './rbac-bootstrap.ts';
import { loadRbacManifests } from './rbac-manifests.ts';
import { trackCustomResourceDefinitions } from './crd.ts';
import type { HistoryOptions } from './history.ts';
import { ResourceRegistry } from './resource-types.ts';
import { loadFixture } from './seed-fixture.ts';
import { Canaries, DEFAULT_SEED, generateScaleCluster, resolveScale } from './seed-scale.ts';
import type { Canary, ScalePreset } from './seed-scale.ts';
import { createSimServer } from './server.ts';
import type { RequestRecord } from './server.ts';
import { ObjectStore } from './store.ts';
import { WatchHub } from './watch.ts';

export { ObjectStore } from './store.ts';
export type { KubeObject, KubeObjectMeta } from './store.ts';
export { loadFixture } from './seed-fixture.ts';
export type { FixtureSeed } from './seed-fixture.ts';
export { Canaries, canaryNeedles, countKey, DEFAULT_SEED, expectedCounts, generateScaleCluster, PER_UNIT, resolveScale, SCALE_PRESETS } from './seed-scale.ts';
export type { Canary, ScalePreset } from './seed-scale.ts';
export { PodLogs } from './logs.ts';
export { ServiceBackends } from './service-proxy.ts';
export type { BackendAnswer } from './service-proxy.ts';
export type { LogInput, LogLine } from './logs.ts';
export { FaultInjector } from './faults.ts';
export type { ActiveFault, FaultRule } from './faults.ts';
export { ResourceRegistry } from './resource-types.ts';
export type { ResourceType } from './resource-types.ts';
export type { RequestRecord } from './server.ts';
export type { HistoryOptions, StoreEvent } from './history.ts';
export type { Identity } from './identity.ts';
export type { AuditRecord } from './access.ts';
export type { RequestInfo } from './request-info.ts';
export { loadRbacManifests } from './rbac-manifests.ts';

export interface KubeSimOptions {
  /** Directory of an extracted Insights archive; 'sample' is ../shared/fixtures/insights-archive-sample. */
  fixture?: string;
  /**
   * A deterministic generated cluster of this many units (500 pods each), or a preset: 'small'
   * (~500 pods), 'large' (~20,000), 'huge' (~100,000). Not combinable with `fixture`.
   */
  scale?: number | ScalePreset;
  /** Seed of the generated cluster (default DEFAULT_SEED): the same seed gives the same cluster. */
  seed?: number;
  /**
   * Fixture only: give values the archive shows anonymized (x-ed strings, 0.0.0.0 addresses, CA
   * bundles...) realistic ones; each substitution is listed in loadFixture().adjusted.
   */
  deanonymize?: boolean;
  /** Fault rules in force from the start (more can be added with `sim.faults.add`). */
  faults?: readonly FaultRule[];
  /** Seed of the fault injector's PRNG (default 1): the same seed replays the same faults. */
  faultSeed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Bearer token of the admin (kubernetes-admin, group system:masters); random by default. */
  token?: string;
  /**
   * Authorize every request that is not from system:masters with RBAC over the store's roles and
   * bindings (kube's bootstrap discovery/basic-user roles are seeded). Default false: every
   * authenticated request is allowed, impersonation included.
   */
  rbac?: boolean;
  /**
   * A directory whose *.yaml/*.yml RBAC objects, ServiceAccounts and Namespaces are loaded into the
   * store; 'project' is the repository's manifests/ folder, skipped while it does not exist.
   */
  manifests?: string;
  /**
   * Change history kept for watches and continued lists (default 100,000 revisions and 5 minutes);
   * older resourceVersions get 410 Expired. Seeding is compacted away: the cluster starts with no history.
   */
  history?: HistoryOptions;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 60,000 ms). */
  bookmarkIntervalMs?: number;
}

export interface KubeSim {
  readonly url: string;
  readonly caPem: string;
  /** The admin's token. */
  readonly token: string;
  readonly store: ObjectStore;
  /** The last 10,000 requests, oldest first. */
  readonly requests: ReadonlyArray<RequestRecord>;
  /**
   * Pod logs served at pods/{name}/log: `logs.set(ns, pod, container, lines, { previous })`; node
   * journals served at nodes/{name}/proxy/logs/?query={unit}: `logs.nodes.set(node, unit, lines)`.
   */
  readonly logs: PodLogs;
  /**
   * What Services' backends answer through the service proxy
   * (`namespaces/{ns}/services/{name}:{port}/proxy/{path}`): `services.set(ns, name, port, path, body)`.
   */
  readonly services: ServiceBackends;
  /** Fault injection: `faults.add(rule)`, `faults.clear()`. */
  readonly faults: FaultInjector;
  /** The secret strings a generated cluster holds (empty for fixtures): none may reach an archive. */
  readonly canaries: readonly Canary[];
  /** The last 10,000 authorization decisions (who, as whom, on what, allowed or not), oldest first. */
  readonly audit: ReadonlyArray<AuditRecord>;
  /** Accept `token` as this user; system:authenticated is added to the groups. */
  addToken(token: string, identity: { user: string; groups?: readonly string[]; uid?: string }): void;
  /** A new token for system:serviceaccount:<namespace>:<name>; the ServiceAccount is created if missing. */
  serviceAccountToken(namespace: string, name: string): string;
  /** `token` defaults to the admin's; `impersonate` sets the user's `as:`. */
  kubeconfigYaml(options?: { impersonate?: string; token?: string }): string;
  writeKubeconfig(path: string, options?: { impersonate?: string; token?: string }): Promise<void>;
  /** Ends every open watch, as kube-apiserver does when a watch times out; clients reconnect. */
  endWatches(): Promise<void>;
  /** How many watch streams are open now (a client that aborts its watch closes its stream). */
  readonly openWatches: number;
  close(): Promise<void>;
}

const MAX_REQUESTS = 10_000;

/** The sample archive, found relative to this file so no absolute path is baked in. */
export const SAMPLE_FIXTURE = fileURLToPath(new URL('../../../../shared/fixtures/insights-archive-sample', import.meta.url));
/** The repository's deployment manifests (`manifests: 'project'`). */
export const PROJECT_MANIFESTS = fileURLToPath(new URL('../../../manifests', import.meta.url));

/** Observers for the CLI and later tooling; not needed by tests, which read `requests`. */
export interface KubeSimHooks {
  onRequest?: (record: RequestRecord) => void;
}

export async function startKubeSim(options: KubeSimOptions = {}, hooks: KubeSimHooks = {}): Promise<KubeSim> {
  if (options.fixture !== undefined && options.scale !== undefined) throw new Error('kube-sim: fixture and scale cannot be combined');
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry, { history: options.history });
  const logs = new PodLogs();
  const services = new ServiceBackends();
  let canaries: Canaries | undefined;
  trackCustomResourceDefinitions(store);
  if (options.fixture !== undefined) {
    const dir = options.fixture === 'sample' ? SAMPLE_FIXTURE : options.fixture;
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new Error(`kube-sim: fixture directory not found: ${dir}`);
    const seeded = await loadFixture(dir, registry, { deanonymize: options.deanonymize === true });
    for (const obj of seeded.objects) store.add(obj);
    for (const l of seeded.logs) logs.set(l.namespace, l.pod, l.container, l.lines, { previous: l.previous });
    for (const j of seeded.journals) logs.nodes.set(j.node, j.unit, j.lines);
    for (const b of seeded.backends) services.set(b.namespace, b.service, b.port, b.httpPath, b.body);
  }
  if (options.scale !== undefined) {
    const seed = options.seed ?? DEFAULT_SEED;
    canaries = new Canaries(seed);
    for (const obj of generateScaleCluster(resolveScale(options.scale), { seed, canaries })) store.add(obj);
    logs.generator = generatedLogs(seed);
    logs.nodes.generator = generatedJournals(seed);
  }
  if (options.manifests !== undefined) {
    const dir = options.manifests === 'project' ? PROJECT_MANIFESTS : options.manifests;
    const isDir = (await stat(dir).catch(() => undefined))?.isDirectory() === true;
    if (isDir) await loadRbacManifests(dir, store);
    else if (options.manifests !== 'project') throw new Error(`kube-sim: manifests directory not found: ${dir}`);
  }
  if (options.rbac === true) seedBootstrapRbac(store);
  store.compact();

  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const certs = await generateCerts([host]);
  const access = new AccessControl(store, token, { rbac: options.rbac === true });
  const requests: RequestRecord[] = [];
  const watches = new WatchHub({ bookmarkIntervalMs: options.bookmarkIntervalMs });
  const faults = new FaultInjector(options.faultSeed);
  for (const rule of options.faults ?? []) faults.add(rule);
  const server = createSimServer({
    registry, store, access, certs, watches, logs, services, faults,
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
    url, caPem, token, store, requests, logs, services, faults,
    canaries: canaries?.list ?? [],
    audit: access.audit,
    addToken: (t, identity) => access.tokens.add(t, identity),
    serviceAccountToken: (namespace, name) => access.serviceAccountToken(namespace, name),
    kubeconfigYaml: (o = {}) => buildKubeconfig({ url, caPem, token: o.token ?? token, impersonate: o.impersonate }),
    writeKubeconfig: (path, o = {}) => writeKubeconfigFile(path, { url, caPem, token: o.token ?? token, impersonate: o.impersonate }),
    endWatches: () => watches.closeAll(),
    get openWatches() {
      return watches.size;
    },
    // Idempotent: test teardown and a failing test may both close.
    // Open watches are ended first, so their clients see a clean end of stream rather than a reset.
    close: () => (closing ??= watches.closeAll().then(() => new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      // Keep-alive connections from clients would otherwise hold close() open.
      server.closeAllConnections();
    }))),
  };
}
