import { describe, expect, it } from 'vitest';
import { infrastructures } from '../../../plugins/clusterconfig/infrastructures.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { useSampleCluster } from './setup.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('infrastructures', infrastructures, 'Infrastructure', 'config/infrastructure.json');

describe('clusterconfig/infrastructures anonymization', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('masks the infrastructure name (keeping dashes and dots) and the platform account and location names', async () => {
    const canaries = {
      awsRegion: 'CANARY-aws-region-1', azureCloud: 'CANARY-azure-cloud-2', gcpRegion: 'CANARY-gcp-region-3',
      gcpProject: 'CANARY-gcp-project-4', ibmLocation: 'CANARY-ibm-location-5', openstackCloud: 'CANARY-openstack-cloud-6',
    };
    const infrastructureName = 'CANARYclustr.corp-a1b2c';
    const original = env.sim.store.get('config.openshift.io/v1', 'Infrastructure', 'cluster')!;
    const status = original.status as Record<string, unknown>;
    env.sim.store.add({
      ...original,
      status: {
        ...status,
        infrastructureName,
        platformStatus: {
          type: 'AWS',
          aws: { region: canaries.awsRegion, resourceTags: [{ key: 'env', value: 'prod' }] },
          azure: { cloudName: canaries.azureCloud, resourceGroupName: 'rg' },
          gcp: { region: canaries.gcpRegion, projectID: canaries.gcpProject },
          ibmcloud: { location: canaries.ibmLocation, providerType: 'VPC' },
          openstack: { cloudName: canaries.openstackCloud, apiServerInternalIP: '10.0.0.5' },
        },
      },
    });
    try {
      const text = (await gatherFunction(infrastructures, { kube: env.kube })).byPath.get('config/infrastructure.json')!.text;
      for (const canary of [...Object.values(canaries), 'CANARY']) expect(text).not.toContain(canary);
      const written = JSON.parse(text);
      const x = (s: string): string => 'x'.repeat(s.length);
      expect(written.status.infrastructureName).toBe('xxxxxxxxxxxx.xxxx-xxxxx');
      expect(written.status.platformStatus).toEqual({
        type: 'AWS',
        aws: { region: x(canaries.awsRegion), resourceTags: [{ key: 'env', value: 'prod' }] },
        azure: { cloudName: x(canaries.azureCloud), resourceGroupName: 'rg' },
        gcp: { region: x(canaries.gcpRegion), projectID: x(canaries.gcpProject) },
        ibmcloud: { location: x(canaries.ibmLocation), providerType: 'VPC' },
        openstack: { cloudName: x(canaries.openstackCloud), apiServerInternalIP: '10.0.0.5' },
      });
      // Not masked by the original either: the API URLs are covered by the archive-wide obfuscation.
      expect(written.status.apiServerURL).toBe(status.apiServerURL);
    } finally {
      env.sim.store.add(original);
    }
  });

  it('records an infrastructure without platform status as it is', async () => {
    const original = env.sim.store.get('config.openshift.io/v1', 'Infrastructure', 'cluster')!;
    const { platformStatus: _dropped, ...status } = original.status as Record<string, unknown>;
    env.sim.store.add({ ...original, status });
    try {
      const written = JSON.parse((await gatherFunction(infrastructures, { kube: env.kube })).byPath.get('config/infrastructure.json')!.text);
      expect(written.status.platformStatus).toBeUndefined();
      expect(written.status.platform).toBe('None');
    } finally {
      env.sim.store.add(original);
    }
  });
});

describeDeclaredPermissions('infrastructures', infrastructures, ['config/infrastructure.json']);
