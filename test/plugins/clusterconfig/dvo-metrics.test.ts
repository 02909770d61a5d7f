import { afterEach, describe, expect, it } from 'vitest';
import { dvoMetrics, MANAGED_DVO_NAMESPACE } from '../../../plugins/clusterconfig/dvo-metrics.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { readSampleText } from './monitoring-fixtures.ts';
import { useSampleCluster } from './setup.ts';

const PATH = 'config/dvo_metrics';
const SAMPLE_SERVICE = { namespace: 'deployment-validation-operator', name: 'deployment-validation-operator-metrics', port: 8383 };
const POLICY = { workloadNames: true, networking: false };

function dvoService(namespace: string, name: string, ports: number[]): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: { name: 'deployment-validation-operator' } },
    spec: { selector: { name: 'deployment-validation-operator' }, ports: ports.map((port, i) => ({ name: `p${i}`, port, targetPort: port, protocol: 'TCP' })) },
  };
}

/** A DVO `/metrics` page: its own check results with workload names, and the metrics the gatherer leaves out. */
const DVO_PAGE = [
  '# HELP deployment_validation_operator_no_anti_affinity Indicates when deployments with multiple replicas fail to specify inter-pod anti-affinity.',
  '# TYPE deployment_validation_operator_no_anti_affinity gauge',
  'deployment_validation_operator_no_anti_affinity{check_description="Indicates when deployments fail, name-wise",kind="Deployment",name="zqcanary-web",namespace="zqcanary-shop",namespace_uid="11111111-2222-3333-4444-555555555555",uid="66666666-7777-8888-9999-000000000000"} 1',
  'deployment_validation_operator_unset_cpu_requirements{name="zqcanary-db",kind="StatefulSet",namespace="zqcanary-shop",uid="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"} 1',
  '# HELP go_goroutines Number of goroutines that currently exist.',
  '# TYPE go_goroutines gauge',
  'go_goroutines{name="zqcanary-other"} 42',
  '',
].join('\n');

describe('clusterconfig/dvo_metrics', () => {
  const env = useSampleCluster();
  const backends: Array<[string, string, number]> = [];
  const serve = (namespace: string, name: string, port: number, body: string): void => {
    env.sim.services.set(namespace, name, port, '/metrics', body);
    backends.push([namespace, name, port]);
  };
  afterEach(() => {
    for (const [namespace, name, port] of backends.splice(0)) env.sim.services.delete(namespace, name, port, '/metrics');
  });

  it("writes the sample's DVO metrics under the sample's heading, read through the API server's service proxy", async () => {
    const before = env.sim.requests.length;
    const out = await gatherFunction(dvoMetrics, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    // The original ends every kept line with a newline; the sample file lost its last one.
    expect(out.byPath.get(PATH)!.text).toBe(`${await readSampleText(PATH)}\n`);
    expect([out.errors, out.warnings]).toEqual([[], []]);
    const { namespace, name, port } = SAMPLE_SERVICE;
    expect(env.sim.requests.slice(before).filter((r) => r.path.includes('/proxy')).map((r) => [r.path, r.status]))
      .toEqual([[`/api/v1/namespaces/${namespace}/services/${name}:${port}/proxy/metrics`, 200]]);
  });

  it('keeps only deployment_validation_operator_ lines, with the workload names when nothing asks to leave them out', async () => {
    env.add(dvoService('dvo', 'dvo-metrics', [8383]));
    serve('dvo', 'dvo-metrics', 8383, DVO_PAGE);
    const text = (await gatherFunction(dvoMetrics, { kube: env.kube })).byPath.get(PATH)!.text;
    const section = text.slice(text.indexOf('# http://dvo-metrics.dvo.svc:8383\n'));
    expect(section).toBe(`# http://dvo-metrics.dvo.svc:8383\n${DVO_PAGE.split('\n').filter((l) => l.startsWith('deployment_validation_operator_')).join('\n')}\n`);
  });

  it('leaves the workload names out, keeping the UIDs, under the workload_names policy', async () => {
    env.add(dvoService('dvo', 'dvo-metrics', [8383]));
    serve('dvo', 'dvo-metrics', 8383, DVO_PAGE);
    const out = await gatherFunction(dvoMetrics, { kube: env.kube, obfuscation: POLICY });
    const text = out.byPath.get(PATH)!.text;
    expect(text).not.toContain('zqcanary');
    expect(text).toContain('deployment_validation_operator_no_anti_affinity{check_description="Indicates when deployments fail, name-wise",kind="Deployment",namespace_uid="11111111-2222-3333-4444-555555555555",uid="66666666-7777-8888-9999-000000000000"} 1\n');
    expect(text).toContain('deployment_validation_operator_unset_cpu_requirements{kind="StatefulSet",uid="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"} 1\n');
  });

  it('always leaves the workload names out for the managed DVO', async () => {
    env.add(dvoService(MANAGED_DVO_NAMESPACE, 'dvo-metrics', [8383]));
    serve(MANAGED_DVO_NAMESPACE, 'dvo-metrics', 8383, DVO_PAGE);
    const text = (await gatherFunction(dvoMetrics, { kube: env.kube })).byPath.get(PATH)!.text;
    expect(text).toContain(`# http://dvo-metrics.${MANAGED_DVO_NAMESPACE}.svc:8383\ndeployment_validation_operator_no_anti_affinity{check_description=`);
    expect(text).not.toContain('zqcanary');
  });

  it('reports a port that does not answer, with its URL, and still records the others', async () => {
    env.add(dvoService('dvo', 'dvo-metrics', [8080, 8383]));
    serve('dvo', 'dvo-metrics', 8383, DVO_PAGE);
    const out = await gatherFunction(dvoMetrics, { kube: env.kube });
    expect(out.errors).toEqual([expect.stringMatching(/^unable to read metrics from http:\/\/dvo-metrics\.dvo\.svc:8080: no endpoints available for service "dvo-metrics:8080"/)]);
    const text = out.byPath.get(PATH)!.text;
    expect(text).not.toContain('svc:8080');
    expect(text).toContain('# http://dvo-metrics.dvo.svc:8383\ndeployment_validation_operator_');
  });

  it('writes an almost empty file, the heading alone, when the DVO reports no failed check', async () => {
    env.add(dvoService('dvo', 'dvo-metrics', [8383]));
    serve('dvo', 'dvo-metrics', 8383, '# HELP go_goroutines x\ngo_goroutines 3\n');
    const text = (await gatherFunction(dvoMetrics, { kube: env.kube })).byPath.get(PATH)!.text;
    expect(text.endsWith('# http://dvo-metrics.dvo.svc:8383\n')).toBe(true);
  });

  it('without services/proxy, each port is reported as forbidden and only the headings of the readable ones are written', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, [{ resource: 'services', verbs: ['list'] }], 'test-dvo-no-proxy');
    const out = await gatherFunction(dvoMetrics, { kube });
    expect(out.errors).toEqual([expect.stringMatching(/cannot get resource "services\/proxy" in API group "" in the namespace "deployment-validation-operator"/)]);
    expect(out.byPath.get(PATH)!.text).toBe('');
  });
});

describe('clusterconfig/dvo_metrics on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes nothing and warns, as the original, that no DVO Service exists', async () => {
    const out = await gatherFunction(dvoMetrics, { kube: env.kube });
    expect([out.records, out.errors]).toEqual([[], []]);
    expect(out.warnings).toEqual(['no service found with label selector name=deployment-validation-operator']);
  });
});

describeDeclaredPermissions('dvo_metrics', dvoMetrics, [PATH]);
