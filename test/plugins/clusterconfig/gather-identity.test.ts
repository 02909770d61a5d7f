import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clusterconfig from '../../../plugins/clusterconfig/index.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { GATHER_USER, OPERATOR_USER, startGatherIdentitySim } from '../../helpers/gather-identity.ts';
import type { GatherIdentitySim } from '../../helpers/gather-identity.ts';
import { useMonitoringStack } from '../../helpers/monitoring-stack.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function gather(kubeconfig: string, config?: string): Promise<{ code: number | null; stderr: string; files: ArchiveFile[] }> {
  const output = await tempDir();
  const result = await runCli(['gather', '--kubeconfig', kubeconfig, ...(config === undefined ? [] : ['--config', config]), '--output', output, '--log-level', 'error'], { timeoutMs: 120_000 });
  const archives = (await readdir(output)).filter((n) => n.endsWith('.tar.gz'));
  return { code: result.code, stderr: result.stderr, files: archives.length === 1 ? await readArchive(`${output}/${archives[0]}`) : [] };
}

const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('clusterconfig as the gather identity, RBAC enforced (sample cluster, with its monitoring stack)', () => {
  const stack = useMonitoringStack();
  let env: GatherIdentitySim;
  let files: ArchiveFile[];
  beforeAll(async () => {
    const dir = await tempDir();
    env = await startGatherIdentitySim({ fixture: 'sample', dir });
    const run = await gather(env.kubeconfig, await stack.writeConfig(dir));
    expect(run.code).toBe(0);
    files = run.files;
  }, 180_000);
  afterAll(() => env?.sim.close());

  it('every function succeeds with only the declared permissions, and nothing is refused', () => {
    const reports = gathersJson(files).status_reports.filter((r) => r.name.startsWith('clusterconfig/'));
    expect(reports).toHaveLength(Object.keys(clusterconfig.functions).length);
    expect(reports.filter((r) => r.status !== 'ok').map((r) => [r.name, r.errors])).toEqual([]);
    const refused = env.sim.audit.filter((r) => r.user === GATHER_USER && !r.allowed);
    expect(refused.map((r) => r.reason)).toEqual([]);
    // Every request was made as the gather account, through the operator's impersonation.
    expect(env.sim.audit.filter((r) => r.impersonatedBy === OPERATOR_USER).length).toBeGreaterThan(100);
  });
});

describe('refusals', () => {
  it('a permission left out shows up in gathers.json as the original error text', async () => {
    const env = await startGatherIdentitySim({ fixture: 'sample', dir: await tempDir(), omit: (r) => r.resources[0] === 'nodes' && r.apiGroups[0] === '' });
    try {
      const run = await gather(env.kubeconfig);
      expect(run.code).toBe(0);
      const nodes = gathersJson(run.files).status_reports.find((r) => r.name === 'clusterconfig/nodes');
      expect(nodes).toMatchObject({
        status: 'error',
        errors: [`nodes is forbidden: User "${GATHER_USER}" cannot list resource "nodes" in API group "" at the cluster scope`],
      });
    } finally {
      await env.sim.close();
    }
  }, 120_000);

  it('without the right to impersonate the gather account, nothing is gathered and the reason is given', async () => {
    const env = await startGatherIdentitySim({ fixture: 'sample', dir: await tempDir(), impersonation: false });
    try {
      const run = await gather(env.kubeconfig);
      expect(run.code).toBe(1);
      expect(run.files).toEqual([]);
      expect(run.stderr).toContain(`HTTP 403: serviceaccounts "gather" is forbidden: User "${OPERATOR_USER}" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "openshift-insights"`);
    } finally {
      await env.sim.close();
    }
  }, 120_000);
});
