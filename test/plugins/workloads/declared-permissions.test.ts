import { describe, expect, it } from 'vitest';
import { helmchartInfo } from '../../../plugins/workloads/helmchart-info.ts';
import { workloadInfo } from '../../../plugins/workloads/workload-info.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { useSampleCluster } from '../clusterconfig/setup.ts';
import { digest, image, pod } from './pods.ts';

describe('workloads functions with exactly their declared permissions', () => {
  const env = useSampleCluster();

  it('workload_info lists pods and reads images', async () => {
    env.add(
      pod({ namespace: 'team-p', name: 'p1', containers: [{ name: 'app', image: `quay.io/acme/app@${digest('f')}` }] }),
      image(digest('f'), ['sha256:l1'], 'registry.redhat.io/app'),
    );
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, workloadInfo.permissions, 'test-workload-info');
    const out = await gatherFunction(workloadInfo, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual(['config/workload_info.json']);
    const json = JSON.parse(out.records[0]!.text);
    expect(json.pods).toBe(env.sim.store.list('v1', 'Pod').length);
    expect(json.images[digest('f')]).toEqual({ layerIDs: ['sha256:l1'] });
  });

  it('helmchart_info lists the five kinds', async () => {
    env.add({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'team-p', labels: { 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'x-1.0' } }, spec: {} });
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, helmchartInfo.permissions, 'test-helmchart-info');
    const out = await gatherFunction(helmchartInfo, { kube });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual(['config/helmchart_info.json']);
  });

  it('fails without them', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-workloads-none');
    await expect(gatherFunction(workloadInfo, { kube })).rejects.toThrow(/forbidden/);
    const helm = await gatherFunction(helmchartInfo, { kube });
    expect(helm.errors).toHaveLength(5);
  });
});
