import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { GathersMetadata } from '../../core/metadata/gathers-metadata.ts';
import type { FunctionReport } from '../../core/runner/function-report.ts';
import type { AuditRecord } from '../../test/sim/kube/index.ts';
import { KIT_GATHER_USER, startKitCluster } from './kit-cluster.ts';
import type { KitCluster } from './kit-cluster.ts';
import { loadPluginUnderTest } from './plugin-under-test.ts';
import type { PluginOrFolder } from './plugin-under-test.ts';
import type { ArchiveRecord } from './read-archive.ts';
import { runKitGather } from './run-kit-gather.ts';

/** Files the core itself adds to every archive; not the plugin's records. */
const CORE_FILES: ReadonlySet<string> = new Set(['insights-operator/gathers.json', 'insights-operator/redactions.json']);

/** Options of {@link gatherWithPlugin}. */
export interface GatherWithPluginOptions {
  /** The cluster: `'empty'` (default), the `'sample'` archive, or a generated one `{ scale }`. */
  cluster?: KitCluster;
  /** The author's own Kubernetes objects added to the cluster (CustomResourceDefinitions included). */
  objects?: readonly object[];
  /** Default true: the gather identity gets only the permissions the plugin declares. */
  rbac?: boolean;
  /** The plugin's configuration slice (`ctx.config`). */
  config?: Readonly<Record<string, unknown>>;
  /** Service id → implementation (or a mock's `.factory()`), for example `{ 'core.clock': mockServices.clock() }`. */
  services?: Readonly<Record<string, unknown>>;
  /** Only these functions; every function by default. */
  functions?: readonly string[];
  /** Where the core logs (silent by default). */
  logger?: Logger;
}

/** What one gather of the plugin produced. */
export interface GatherWithPluginResult {
  /** The plugin's files in the archive, in archive order (the core's `insights-operator/` files left out). */
  records: ArchiveRecord[];
  /** A record by archive path (`config/x.json`), or by path without extension when only one has it. */
  record(name: string): ArchiveRecord | undefined;
  /** `insights-operator/gathers.json`. */
  metadata: GathersMetadata;
  /** How each function ended (status, errors, warnings, records). */
  reports: FunctionReport[];
  /** The archive written (removed by `close()`). */
  archivePath: string;
  /** The simulator's authorization decisions on the gather identity's requests during the gather. */
  requests: AuditRecord[];
  /** Removes the archive and its folder. */
  close(): Promise<void>;
}

/**
 * Runs the plugin under test, alone, through the real core against the Kubernetes API simulator:
 * starts the cluster (plus `objects`), grants the gather identity the plugin's declared permissions
 * (RBAC enforced unless `rbac: false`), gathers once into a temporary folder and reads the archive
 * back. The simulator is stopped before this returns; call `close()` to remove the archive.
 * @param pluginOrFolder - a plugin made by definePlugin, or a plugin folder (loaded by the real loader)
 * @param options - cluster, objects, RBAC, configuration, services, functions
 * @throws Error when the folder does not load, naming the loader's reason
 */
export async function gatherWithPlugin(pluginOrFolder: PluginOrFolder, options: GatherWithPluginOptions = {}): Promise<GatherWithPluginResult> {
  const underTest = await loadPluginUnderTest(pluginOrFolder);
  if (underTest.loaded === undefined) throw new Error(`the plugin did not load: ${underTest.failure?.reason ?? 'unknown reason'}`);
  const dir = await mkdtemp(join(tmpdir(), 'plugin-kit-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    const env = await startKitCluster({ cluster: options.cluster, objects: options.objects, rbac: options.rbac, plugins: [underTest.loaded], dir });
    try {
      const before = new Set(env.sim.audit);
      const { outcome, files } = await runKitGather({
        loaded: underTest.loaded,
        kubeconfig: env.gatherKubeconfig,
        storagePath: join(dir, 'archives'),
        config: options.config,
        services: options.services,
        functions: options.functions,
        logger: options.logger,
      });
      const requests = env.sim.audit.filter((a) => !before.has(a) && a.user === KIT_GATHER_USER);
      const records = files.filter((f) => !CORE_FILES.has(f.name));
      return {
        records,
        record: (name) => records.find((r) => r.name === name) ?? onlyOne(records.filter((r) => stripExtension(r.name) === name)),
        metadata: outcome.metadata!,
        reports: outcome.reports,
        archivePath: outcome.archivePath!,
        requests,
        close,
      };
    } finally {
      await env.sim.close();
    }
  } catch (error) {
    await close();
    throw error;
  }
}

function stripExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
