import { describe, expect, it } from 'vitest';
import { apiRequestCountsOfResourceFromAlert } from '../../../plugins/conditional/api-request-counts-of-resource-from-alert.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { readSample, useSampleCluster } from '../clusterconfig/setup.ts';
import { conditionalPlan } from './conditional-plan.ts';

const ALERT = 'APIRemovedInNextEUSReleaseInUse';
const SAMPLE_PATH = `conditional/alerts/${ALERT}/api_request_counts.json`;

/** An APIRequestCount as the API server keeps it: `requestCount` is the sum of the 24 hourly counts. */
function apiRequestCount(name: string, removedInRelease: string | undefined, hourly: number[], currentHour: number): KubeObject {
  const last24h = Array.from({ length: 24 }, (_, i) => ({ requestCount: hourly[i] ?? 0, byNode: [] }));
  return {
    apiVersion: 'apiserver.openshift.io/v1', kind: 'APIRequestCount', metadata: { name },
    spec: { numberOfUsersToReport: 10 },
    status: {
      ...(removedInRelease === undefined ? {} : { removedInRelease }),
      requestCount: last24h.reduce((s, h) => s + h.requestCount, 0),
      currentHour: { requestCount: currentHour, byNode: [] },
      last24h,
    },
  };
}

const crdAlert = { resource: 'customresourcedefinitions', group: 'apiextensions.k8s.io', version: 'v1beta1', namespace: 'openshift-kube-apiserver' };

describe('conditional/api_request_counts_of_resource_from_alert', () => {
  const env = useSampleCluster();

  it("records the sample's entry for the API the alert names, from the APIRequestCount the sample's cluster serves", async () => {
    // Seeded from the sample's file (test/sim/kube/fixture-api-request-counts.ts), as the API server keeps it.
    const plan = conditionalPlan({ firing: { [ALERT]: [crdAlert] } });
    const out = await gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: ALERT }, plan });
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    expect(JSON.parse(out.records[0]!.text)).toEqual(await readSample(SAMPLE_PATH));
  });

  it('reads total_request_count from requestCount and last_day_request_count from the current hour, as the original', async () => {
    env.add(apiRequestCount('cronjobs.v1beta1.batch', '1.25', [3, 4, 5], 2));
    const plan = conditionalPlan({ firing: { APIRemovedInNextReleaseInUse: [{ resource: 'cronjobs', group: 'batch', version: 'v1beta1' }] } });
    const out = await gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: 'APIRemovedInNextReleaseInUse' }, plan });
    expect(JSON.parse(out.records[0]!.text)).toEqual([{ resource: 'cronjobs.v1beta1.batch', removed_in_release: '1.25', total_request_count: 12, last_day_request_count: 2 }]);
  });

  it('lists each API once, names core-group ones without a group, and leaves out APIs with no APIRequestCount', async () => {
    env.add(
      apiRequestCount('flowschemas.v1beta2.flowcontrol.apiserver.k8s.io', '1.29', [1, 2, 3], 4),
      apiRequestCount('componentstatuses.v1', undefined, [5], 5),
    );
    const plan = conditionalPlan({
      firing: {
        APIRemovedInNextReleaseInUse: [
          { resource: 'flowschemas', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2' },
          { resource: 'flowschemas', group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', instance: 'second-apiserver' },
          { resource: 'componentstatuses', group: '', version: 'v1' },
          { resource: 'gone', group: 'example.com', version: 'v1' },
          { group: 'example.com' },
        ],
      },
    });
    const out = await gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: 'APIRemovedInNextReleaseInUse' }, plan });
    expect(out.errors).toEqual([]);
    expect(out.warnings).toEqual([expect.stringMatching(/^an instance of alert APIRemovedInNextReleaseInUse has no "resource" or "version" label: skipped/)]);
    expect(out.records.map((r) => r.path)).toEqual(['conditional/alerts/APIRemovedInNextReleaseInUse/api_request_counts.json']);
    expect(JSON.parse(out.records[0]!.text)).toEqual([
      { resource: 'flowschemas.v1beta2.flowcontrol.apiserver.k8s.io', removed_in_release: '1.29', total_request_count: 6, last_day_request_count: 4 },
      { resource: 'componentstatuses.v1', removed_in_release: '', total_request_count: 5, last_day_request_count: 5 },
    ]);
  });

  it('records nothing, without an error, when the alert has no firing instance', async () => {
    const out = await gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: ALERT }, plan: conditionalPlan({ firing: {} }) });
    expect(out).toMatchObject({ records: [], errors: [], warnings: [] });
  });

  it('fails, saying why, when the firing alerts could not be read or nothing was planned', async () => {
    await expect(gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: ALERT }, plan: conditionalPlan({ firing: undefined }) }))
      .rejects.toThrow(/firing alerts are unknown/);
    await expect(gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: env.kube, params: { alert_name: ALERT } }))
      .rejects.toThrow(/no gathering rules were planned/);
  });

  it('works with exactly its declared permissions, and fails without them', async () => {
    const plan = conditionalPlan({ firing: { [ALERT]: [crdAlert] } });
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, apiRequestCountsOfResourceFromAlert.permissions, 'test-api-request-counts');
    const out = await gatherFunction(apiRequestCountsOfResourceFromAlert, { kube, params: { alert_name: ALERT }, plan });
    expect(JSON.parse(out.records[0]!.text)).toHaveLength(1);
    const none = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-api-request-counts-none');
    await expect(gatherFunction(apiRequestCountsOfResourceFromAlert, { kube: none, params: { alert_name: ALERT }, plan })).rejects.toThrow(/forbidden/);
  });
});
