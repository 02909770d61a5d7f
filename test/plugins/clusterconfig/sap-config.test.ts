import { describe, expect, it } from 'vitest';
import { sapConfig } from '../../../plugins/clusterconfig/sap-config.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeOptionalKind } from './absent-crd-suite.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withObjects, withoutObject, withoutObjects } from './store-helpers.ts';

const SAMPLE_PATHS = [
  'config/clusterrolebinding/system_openshift_scc_anyuid.json',
  'config/clusterrolebinding/system_openshift_scc_privileged.json',
  'config/securitycontextconstraint/anyuid.json',
  'config/securitycontextconstraint/privileged.json',
];
const DATAHUB = ['installers.datahub.sap.com/v1alpha1', 'DataHub'] as const;
const SCC = 'security.openshift.io/v1';
const SCC_KIND = 'SecurityContextConstraints';

describe('clusterconfig/sap_config', () => {
  const env = useSampleCluster();

  it("writes the sample's SCCs and bindings at the sample's paths with the sample's content", async () => {
    const out = await gatherFunction(sapConfig, { kube: env.kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path).sort()).toEqual(SAMPLE_PATHS);
    for (const path of SAMPLE_PATHS) expectSameObject(out.byPath.get(path)!.text, await readSample(path));
  });

  it('reads only the two SCCs and two bindings by name, never the other SCCs', async () => {
    const other = { apiVersion: SCC, kind: SCC_KIND, metadata: { name: 'zqcanary-restricted' }, priority: 1 };
    const before = env.sim.requests.length;
    const out = await withObjects(env.sim, [other], () => gatherFunction(sapConfig, { kube: env.kube }));
    expect(out.records).toHaveLength(4);
    for (const r of out.records) expect(r.text).not.toContain('zqcanary');
    // Discovery (`/api`, `/apis`, `/apis/{group}/{version}`) aside, these and nothing else.
    const reads = env.sim.requests.slice(before).map((r) => decodeURIComponent(r.path)).filter((p) => !/^\/apis?(\/[^/]+\/[^/]+)?$/.test(p));
    expect(reads).toEqual([
      '/apis/installers.datahub.sap.com/v1alpha1/datahubs',
      '/apis/security.openshift.io/v1/securitycontextconstraints/anyuid',
      '/apis/security.openshift.io/v1/securitycontextconstraints/privileged',
      '/apis/authorization.openshift.io/v1/clusterrolebindings/system:openshift:scc:anyuid',
      '/apis/authorization.openshift.io/v1/clusterrolebindings/system:openshift:scc:privileged',
    ]);
  });

  it('writes nothing, and reads no SCC, on a cluster without a DataHub', async () => {
    const before = env.sim.requests.length;
    const out = await withoutObjects(env.sim, ...DATAHUB, () => gatherFunction(sapConfig, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(env.sim.requests.slice(before).filter((r) => /securitycontextconstraints|clusterrolebindings/.test(r.path))).toEqual([]);
  });

  it('skips an SCC that does not exist and writes the rest', async () => {
    const out = await withoutObject(env.sim, { apiVersion: SCC, kind: SCC_KIND, name: 'anyuid' }, () => gatherFunction(sapConfig, { kube: env.kube }));
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path).sort()).toEqual(SAMPLE_PATHS.filter((p) => p !== 'config/securitycontextconstraint/anyuid.json'));
  });

  it('fails when a read fails', async () => {
    await expect(gatherFunction(sapConfig, { kube: failingFor(env.kube, SCC_KIND, 500) })).rejects.toMatchObject({ statusCode: 500 });
    await expect(gatherFunction(sapConfig, { kube: failingFor(env.kube, 'DataHub', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares, which name the objects it reads', async () => {
    expect(sapConfig.permissions.filter((p) => p.verbs.includes('get')).every((p) => (p.resourceNames?.length ?? 0) > 0)).toBe(true);
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, sapConfig.permissions, 'test-sap-config');
    const out = await gatherFunction(sapConfig, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path).sort()).toEqual(SAMPLE_PATHS);
    const unbound = await env.connect(env.sim.serviceAccountToken('openshift-insights', 'unbound-sap-config'));
    await expect(gatherFunction(sapConfig, { kube: unbound })).rejects.toMatchObject({ statusCode: 403 });
  });

  describeOptionalKind(env, sapConfig, 'installers.datahub.sap.com', 'DataHub');
});
