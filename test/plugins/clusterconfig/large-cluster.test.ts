import { useMonitoringStack } from '../../helpers/monitoring-stack.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { addMonitoredWorkloads, addSapWorkload, BUILT_IN_RULE_ALERTS } from './monitoring-fixtures.ts';
import { readdir, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clusterconfig from '../../../plugins/clusterconfig/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { GATHER_USER, startGatherIdentitySim } from '../../helpers/gather-identity.ts';
import type { GatherIdentitySim } from '../../helpers/gather-identity.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { canaryNeedles } from '../../sim/kube/index.ts';
import { splitRules, unexercisedRules } from '../../sim/kube/rbac-fixtures.ts';

const monitoring = requireMonitoring();
/** A pod the large generated cluster has (its first of openshift-monitoring). */
const NOT_READY = { namespace: 'openshift-monitoring', name: 'prometheus-k8s-0', container: 'prometheus' };

describe.skipIf(monitoring.skip)('clusterconfig on the large generated cluster (20,000 pods), RBAC enforced, with a monitoring stack', () => {
  // A pod of the generated cluster is not ready: the built-in rules then call every conditional function.
  const stack = useMonitoringStack({ alerts: BUILT_IN_RULE_ALERTS(NOT_READY) });
  let env: GatherIdentitySim;
  let files: ArchiveFile[];
  let figures: string;
  beforeAll(async () => {
    const dir = await tempDir();
    env = await startGatherIdentitySim({ scale: 'large', dir });
    addMonitoredWorkloads(env);
    addSapWorkload(env);
    const output = await tempDir();
    const started = performance.now();
    const run = await runCli(['gather', '--kubeconfig', env.kubeconfig, '--config', await stack.writeConfig(dir), '--output', output, '--log-level', 'error'], { timeoutMs: 240_000 });
    const wallMs = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    const [archive] = (await readdir(output)).filter((n) => n.endsWith('.tar.gz'));
    files = await readArchive(`${output}/${archive}`);
    const meta = gathersJson(files);
    const bytes = files.reduce((sum, f) => sum + f.data.length, 0);
    figures = `wall ${(wallMs / 1000).toFixed(1)} s (process), peak RSS ${(meta.container_memory_bytes_usage / 2 ** 20).toFixed(0)} MiB, ` +
      `archive ${((await stat(`${output}/${archive}`)).size / 1024).toFixed(0)} KiB compressed, ${(bytes / 1024).toFixed(0)} KiB in ${files.length} files`;
    console.info(`large cluster gather: ${figures}`);
  }, 300_000);
  afterAll(() => env?.sim.close());

  it('every function succeeds with only its declared permissions', () => {
    const reports = gathersJson(files).status_reports.filter((r) => r.name.startsWith('clusterconfig/'));
    expect(reports).toHaveLength(Object.keys(clusterconfig.functions).length);
    expect(reports.filter((r) => r.status !== 'ok').map((r) => [r.name, r.errors])).toEqual([]);
    expect(env.sim.audit.filter((r) => r.user === GATHER_USER && !r.allowed).map((r) => r.reason)).toEqual([]);
  });

  it('uses every permission it declares: the gather identity is no broader than needed', () => {
    const granted = splitRules([...env.rules.cluster, ...[...env.rules.namespaced.values()].flat()]);
    expect(unexercisedRules(granted, env.sim.audit, GATHER_USER)).toEqual([]);
  });

  it('carries no Secret value of the cluster anywhere in the archive', () => {
    const secretCanaries = env.sim.canaries.filter((c) => c.where.startsWith('Secret '));
    expect(secretCanaries.length).toBeGreaterThan(100);
    const text = files.map((f) => `${f.name}\n${f.data.toString('latin1')}`).join('\n');
    const leaked = secretCanaries.filter((c) => canaryNeedles(c.value).some((needle) => text.includes(needle)));
    expect(leaked.map((c) => c.where)).toEqual([]);
    // Values outside Secrets (pod env, URLs, ConfigMaps) are masked by the secret scrubber (issue 7;
    // test/core/protect/secrets.e2e.test.ts checks the redaction report).
    const others = env.sim.canaries.filter((c) => !c.where.startsWith('Secret ') && canaryNeedles(c.value).some((n) => text.includes(n)));
    expect(others.map((c) => c.where)).toEqual([]);
  });
});
