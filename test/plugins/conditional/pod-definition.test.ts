import { describe, expect, it } from 'vitest';
import { podDefinition } from '../../../plugins/conditional/pod-definition.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { connectWithDeclaredPermissions } from '../clusterconfig/declared-permissions.ts';
import { expectSameObject, readSample, useSampleCluster } from '../clusterconfig/setup.ts';
import { conditionalPlan, runningPod } from './conditional-plan.ts';

const AM_PATH = 'conditional/namespaces/openshift-monitoring/pods/alertmanager-main-0/alertmanager-main-0.json';
const amPlan = () => conditionalPlan({ firing: { AlertmanagerFailedToSendAlerts: [{ namespace: 'openshift-monitoring', pod: 'alertmanager-main-0', integration: 'webhook' }] } });

describe('conditional/pod_definition', () => {
  const env = useSampleCluster();

  it("records the sample's alertmanager pod at the sample's path, as the sample has it", async () => {
    const out = await gatherFunction(podDefinition, { kube: env.kube, plan: amPlan(), params: { alert_name: 'AlertmanagerFailedToSendAlerts' } });
    expect(out).toMatchObject({ errors: [], warnings: [] });
    expect(out.records.map((r) => r.path)).toEqual([AM_PATH]);
    expectSameObject(out.records[0]!.text, await readSample(AM_PATH));
  });

  it('x-es proxy variables of containers and init containers, once per pod however many instances name it', async () => {
    const env0 = [{ name: 'HTTPS_PROXY', value: 'http://user:secret@proxy.corp:3128' }, { name: 'LOG_LEVEL', value: 'debug' }];
    env.add(runningPod({ namespace: 'openshift-test-pd', name: 'p', containers: ['a', 'b'], initContainers: ['init'], env: env0 }));
    const plan = conditionalPlan({
      firing: { KubePodCrashLooping: [{ namespace: 'openshift-test-pd', pod: 'p', container: 'a' }, { namespace: 'openshift-test-pd', pod: 'p', container: 'b' }] },
    });
    const out = await gatherFunction(podDefinition, { kube: env.kube, plan, params: { alert_name: 'KubePodCrashLooping' } });
    expect(out.records.map((r) => r.path)).toEqual(['conditional/namespaces/openshift-test-pd/pods/p/p.json']);
    const pod = JSON.parse(out.records[0]!.text);
    const masked = [{ name: 'HTTPS_PROXY', value: 'x'.repeat('http://user:secret@proxy.corp:3128'.length) }, { name: 'LOG_LEVEL', value: 'debug' }];
    for (const c of [...pod.spec.containers, ...pod.spec.initContainers]) expect(c.env).toEqual(masked);
    expect(out.records[0]!.text).not.toContain('secret');
  });

  it('warns for a pod that is gone or an instance without a pod label, and records nothing for an alert not firing', async () => {
    const plan = conditionalPlan({ firing: { KubePodNotReady: [{ namespace: 'openshift-test-pd', pod: 'gone' }, { namespace: 'openshift-test-pd' }] } });
    const out = await gatherFunction(podDefinition, { kube: env.kube, plan, params: { alert_name: 'KubePodNotReady' } });
    expect(out.errors).toEqual([]);
    expect(out.records).toEqual([]);
    expect(out.warnings).toEqual([
      expect.stringMatching(/^an instance of alert KubePodNotReady has no "pod" label: skipped/),
      'pod openshift-test-pd/gone (alert KubePodNotReady) not found',
    ]);
    const quiet = await gatherFunction(podDefinition, { kube: env.kube, plan: conditionalPlan({ firing: {} }), params: { alert_name: 'KubePodNotReady' } });
    expect(quiet).toMatchObject({ records: [], errors: [], warnings: [] });
  });

  it('works with exactly its declared permissions, and reports the refusal without them', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, podDefinition.permissions, 'test-pod-definition');
    const out = await gatherFunction(podDefinition, { kube, plan: amPlan(), params: { alert_name: 'AlertmanagerFailedToSendAlerts' } });
    expect(out.records.map((r) => r.path)).toEqual([AM_PATH]);
    const none = await connectWithDeclaredPermissions(env.sim, env.connect, [], 'test-pod-definition-none');
    const denied = await gatherFunction(podDefinition, { kube: none, plan: amPlan(), params: { alert_name: 'AlertmanagerFailedToSendAlerts' } });
    expect(denied.errors).toEqual([expect.stringMatching(/forbidden/)]);
  });
});
