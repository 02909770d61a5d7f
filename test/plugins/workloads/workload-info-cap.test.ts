import { describe, expect, it } from 'vitest';
import { PODS_LIMIT, workloadInfo } from '../../../plugins/workloads/workload-info.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { useSampleCluster } from '../clusterconfig/setup.ts';

describe('workloads/workload_info pod cap', () => {
  // 17 units of 500 pods: 8,500 pods, over the original's 8,000.
  const env = useSampleCluster({ scale: 17 });

  it('stops at 8,000 pods, records them and reports that the limit was reached', async () => {
    expect(env.sim.store.list('v1', 'Pod').length).toBe(8500);
    const out = await gatherFunction(workloadInfo, { kube: env.kube });
    expect(out.errors).toEqual([`the ${PODS_LIMIT} limit for number of pods gathered was reached`]);
    const json = JSON.parse(out.records[0]!.text) as { pods: number; namespaces: Record<string, { count: number; shapes: unknown[] }> };
    expect(json.pods).toBe(8000);
    const counts = Object.values(json.namespaces).map((n) => n.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8000);
    // Generated namespaces hold 50 pods each: the cap falls on a namespace boundary, where the
    // original has already started the next namespace and records it with no pod.
    expect(counts.filter((c) => c === 0)).toHaveLength(1);
  }, 60_000);
});
