import { describe, expect, it } from 'vitest';
import { helmChartNameAndVersion } from '../../../plugins/workloads/helm-chart-name.ts';
import { helmchartInfo } from '../../../plugins/workloads/helmchart-info.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { failingFor, useSampleCluster } from '../clusterconfig/setup.ts';

/** hex SHA-256 of the namespace names, computed with Python hashlib. */
const TEAM_A = '96c2886c51d1dfb4901d9feccff66213ce3e27406282ff6f602a4258a33dacec';
const TEAM_B = 'e618ceaa77728baaf382c3c58980d1ef1e75003e83dc2fe322caeea1abcc70d3';

function helmObject(apiVersion: string, kind: string, namespace: string, name: string, chart: string | undefined, managed = true) {
  const labels: Record<string, string> = {};
  if (managed) labels['app.kubernetes.io/managed-by'] = 'Helm';
  if (chart !== undefined) labels['helm.sh/chart'] = chart;
  return { apiVersion, kind, metadata: { name, namespace, labels }, spec: {} };
}

describe('workloads/helmchart_info', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes nothing for the sample, whose objects carry no Helm label', async () => {
    const out = await gatherFunction(helmchartInfo, { kube: env.kube });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('counts Helm-managed objects per chart and hashed namespace, in the sample file shape', async () => {
    env.add(
      helmObject('v1', 'Service', 'team-a', 'jenkins', 'jenkins-0.0.3'),
      helmObject('v1', 'Service', 'team-a', 'jenkins-agent', 'jenkins-0.0.3'),
      helmObject('apps/v1', 'Deployment', 'team-b', 'web', 'nodejs'),
      helmObject('apps/v1', 'ReplicaSet', 'team-b', 'web-1', 'nodejs'),
      helmObject('apps/v1', 'StatefulSet', 'team-b', 'db', 'postgres-ha-latest'),
      helmObject('apps/v1', 'DaemonSet', 'team-b', 'agent', undefined),
      helmObject('apps/v1', 'Deployment', 'team-b', 'unmanaged', 'other-1.0', false),
    );
    const out = await gatherFunction(helmchartInfo, { kube: env.kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual(['config/helmchart_info.json']);
    expect(JSON.parse(out.records[0]!.text)).toEqual({
      [TEAM_A]: [{ name: 'jenkins', version: '0.0.3', resources: { services: 2 } }],
      [TEAM_B]: [
        { name: 'nodejs', version: '', resources: { replicasets: 1, deployments: 1 } },
        { name: 'postgres-ha', version: 'latest', resources: { statefulsets: 1 } },
      ],
    });
    expect(out.records[0]!.text).toContain('"resources":{"deployments":1,"replicasets":1}');
  });

  it('reports a failing kind and keeps the others', async () => {
    env.add(helmObject('v1', 'Service', 'team-a', 'jenkins', 'jenkins-0.0.3'));
    const out = await gatherFunction(helmchartInfo, { kube: failingFor(env.kube, 'DaemonSet', 500) });
    expect(out.errors).toEqual(['DaemonSet (apps/v1): injected']);
    expect(JSON.parse(out.records[0]!.text)).toEqual({ [TEAM_A]: [{ name: 'jenkins', version: '0.0.3', resources: { services: 1 } }] });
  });

  it('ends without a record when a kind is not served, as the original', async () => {
    env.add(helmObject('v1', 'Service', 'team-a', 'jenkins', 'jenkins-0.0.3'));
    const out = await gatherFunction(helmchartInfo, { kube: failingFor(env.kube, 'StatefulSet', 404) });
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('splits chart labels as the original', () => {
    expect(helmChartNameAndVersion('jenkins-0.0.3')).toEqual({ name: 'jenkins', version: '0.0.3' });
    expect(helmChartNameAndVersion('nodejs')).toEqual({ name: 'nodejs', version: '' });
    expect(helmChartNameAndVersion('my-chart-beta')).toEqual({ name: 'my-chart', version: 'beta' });
    expect(helmChartNameAndVersion('my-chart-v2')).toEqual({ name: 'my-chart-v2', version: '' });
    expect(helmChartNameAndVersion('')).toEqual({ name: '', version: '' });
  });
});
