import { useMonitoringStack } from '../helpers/monitoring-stack.ts';
import { requireMonitoring } from '../sim/monitoring/require-monitoring.ts';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gathersJson, readArchive } from '../helpers/read-archive.ts';
import { GATHER_USER, OPERATOR_USER } from '../helpers/gather-identity.ts';
import { runCli } from '../helpers/run-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { startKubeSim } from '../sim/kube/index.ts';
import type { KubeSim } from '../sim/kube/index.ts';
import { grantImpersonation } from '../sim/kube/rbac-fixtures.ts';

let sim: KubeSim | undefined;
afterAll(() => sim?.close());

const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('manifests/03-gather-rbac.yaml', () => {
  const stack = useMonitoringStack();
  it('is all the gather identity needs: with only it applied (RBAC enforced), every built-in function gathers without a 403', async () => {
    sim = await startKubeSim({ fixture: 'sample', rbac: true, manifests: 'project' });
    grantImpersonation(sim.store, OPERATOR_USER, GATHER_USER);
    const dir = await tempDir();
    const kubeconfig = join(dir, 'operator.kubeconfig');
    await sim.writeKubeconfig(kubeconfig, { token: sim.serviceAccountToken('openshift-insights', 'operator'), impersonate: GATHER_USER });
    const result = await runCli(['gather', '--kubeconfig', kubeconfig, '--config', await stack.writeConfig(dir), '--output', join(dir, 'out')], { timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const archive = result.stdout.trim().split('\n').at(-1)!;
    const meta = gathersJson(await readArchive(archive));
    const failed = meta.status_reports.filter((r) => r.name.includes('/') && (r.errors ?? []).length > 0).map((r) => `${r.name}: ${r.errors?.[0]}`);
    expect(failed).toEqual([]);
    expect(sim.audit.filter((a) => a.user === GATHER_USER && !a.allowed).map((a) => `${a.info.verb} ${a.info.resource}: ${a.reason}`)).toEqual([]);
  }, 120_000);
});
