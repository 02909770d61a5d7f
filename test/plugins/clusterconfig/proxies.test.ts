import { describe, expect, it } from 'vitest';
import { proxies } from '../../../plugins/clusterconfig/proxies.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { useSampleCluster } from './setup.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('proxies', proxies, 'Proxy', 'config/proxy.json');

describe('clusterconfig/proxies anonymization', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('masks proxy URLs, no-proxy lists and readiness endpoints in spec and status, keeping their shape', async () => {
    const original = env.sim.store.get('config.openshift.io/v1', 'Proxy', 'cluster')!;
    env.sim.store.add({
      ...original,
      spec: {
        httpProxy: 'http://canaryuser:canarypass@proxy.canary.example:3128',
        httpsProxy: 'https://canaryuser:canarypass@proxy.canary.example:3129',
        noProxy: '.canary.internal,10.0.0.0/16',
        readinessEndpoints: ['http://canary-ready.example/healthz', 'https://canary-ready2.example'],
        trustedCA: { name: 'user-ca-bundle' },
      },
      status: {
        httpProxy: 'http://canaryuser:canarypass@proxy.canary.example:3128',
        httpsProxy: 'https://canaryuser:canarypass@proxy.canary.example:3129',
        noProxy: '.canary.internal,.cluster.local,10.0.0.0/16',
      },
    });
    try {
      const text = (await gatherFunction(proxies, { kube: env.kube })).byPath.get('config/proxy.json')!.text;
      expect(text.toLowerCase()).not.toContain('canary');
      const written = JSON.parse(text);
      expect(written.spec).toEqual({
        httpProxy: 'xxxx://xxxxxxxxxx:xxxxxxxxxxxxxxxx.xxxxxx.xxxxxxx:xxxx',
        httpsProxy: 'xxxxx://xxxxxxxxxx:xxxxxxxxxxxxxxxx.xxxxxx.xxxxxxx:xxxx',
        noProxy: '.xxxxxx.xxxxxxxx,xx.x.x.x/xx',
        readinessEndpoints: ['xxxx://xxxxxx-xxxxx.xxxxxxx/xxxxxxx', 'xxxxx://xxxxxx-xxxxxx.xxxxxxx'],
        // A ConfigMap name, not a URL: the original keeps it.
        trustedCA: { name: 'user-ca-bundle' },
      });
      expect(written.status).toEqual({
        httpProxy: written.spec.httpProxy,
        httpsProxy: written.spec.httpsProxy,
        noProxy: '.xxxxxx.xxxxxxxx,.xxxxxxx.xxxxx,xx.x.x.x/xx',
      });
    } finally {
      env.sim.store.add(original);
    }
  });
});

describeDeclaredPermissions('proxies', proxies, ['config/proxy.json']);
