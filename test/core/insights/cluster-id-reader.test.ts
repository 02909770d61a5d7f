import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Token } from '../../../core/config/token.ts';
import { ClusterIdReader } from '../../../core/insights/cluster-id-reader.ts';
import { InsightsClient } from '../../../core/insights/insights-client.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { NO_PROXY_SETTINGS, tempDir } from './client-fixture.ts';
import { startTestServer } from './https-test-server.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';

const SAMPLE_CLUSTER_ID = '84ef291d-8f1b-4d28-ab34-cfddff941b84';
const kube = await useKubeSim({ fixture: 'sample' });

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return kc;
}

describe('ClusterIdReader', () => {
  it('reads spec.clusterID of clusterversions/version, then keeps it', async () => {
    const reader = new ClusterIdReader(kubeConfig());
    const [a, b] = await Promise.all([reader.get(), reader.get()]);
    expect(a).toBe(SAMPLE_CLUSTER_ID);
    expect(b).toBe(SAMPLE_CLUSTER_ID);
    const version = kube.sim.store.get('config.openshift.io/v1', 'ClusterVersion', 'version');
    expect(version).toBeDefined();
    kube.sim.store.remove('config.openshift.io/v1', 'ClusterVersion', 'version');
    try {
      expect(await reader.get()).toBe(SAMPLE_CLUSTER_ID); // cached: no new read
      const fresh = new ClusterIdReader(kubeConfig());
      await expect(fresh.get()).rejects.toMatchObject({ code: 'IO_INSIGHTS_NO_CLUSTER_ID' });
      // Without a cluster ID yet, the ClusterVersion appearing later is found on the next call.
      kube.sim.store.add({ ...version!, spec: { clusterID: '' } });
      await expect(fresh.get()).rejects.toMatchObject({ code: 'IO_INSIGHTS_NO_CLUSTER_ID', message: expect.stringContaining('spec.clusterID is empty') });
      kube.sim.store.add({ ...version!, spec: { clusterID: 'later-id' } });
      expect(await fresh.get()).toBe('later-id');
    } finally {
      kube.sim.store.add(version!);
    }
  });

  it('an unreachable API server is IO_INSIGHTS_CLUSTER_ID_UNREADABLE', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: false }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    await expect(new ClusterIdReader(kc).get()).rejects.toMatchObject({ code: 'IO_INSIGHTS_CLUSTER_ID_UNREADABLE' });
  });

  it('the client puts the cluster ID from the cluster in User-Agent and AccessToken', async () => {
    const server = await startTestServer();
    const dir = tempDir();
    const client = new InsightsClient({
      token: () => new Token('tok'),
      kubeConfig: kubeConfig(),
      config: () => ({ proxy: NO_PROXY_SETTINGS }),
      caBundleFile: dir.file('ca.crt', server.certs.caPem),
      env: { SOURCE_GIT_COMMIT: 'c0ffee' },
      logger: captureLogger().logger,
    });
    try {
      expect(await client.clusterId()).toBe(SAMPLE_CLUSTER_ID);
      await client.request({ method: 'POST', url: `${server.url}/ocm`, auth: 'ocm', body: '{}' });
      expect(server.requests[0]?.headers['user-agent']).toMatch(new RegExp(`-c0ffee cluster/${SAMPLE_CLUSTER_ID}$`));
      expect(server.requests[0]?.headers.authorization).toBe(`AccessToken ${SAMPLE_CLUSTER_ID}:tok`);
    } finally {
      await client.close();
      await server.close();
      dir.remove();
    }
  });
});
