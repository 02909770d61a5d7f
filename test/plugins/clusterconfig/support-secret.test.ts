import { describe, expect, it } from 'vitest';
import { supportSecret } from '../../../plugins/clusterconfig/support-secret.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { failingFor, readSample, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

const PATH = 'config/secrets/openshift-config/support/data.json';
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('clusterconfig/support_secret', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes the data of the sample support Secret as the sample has it', async () => {
    const out = await gatherFunction(supportSecret, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    expect(JSON.parse(out.byPath.get(PATH)!.text)).toEqual(await readSample(PATH));
    expect(out.errors).toEqual([]);
  });

  it('masks username, password and the proxy settings byte for byte, keys sorted, and reads only that Secret', async () => {
    const original = env.sim.store.get('v1', 'Secret', 'support', 'openshift-config')!;
    const binaryPassword = Buffer.from([0xff, 0xfe, 0x7a, 0x71, 0x63, 0x61, 0x6e, 0x61, 0x72, 0x79]);
    env.sim.store.add({
      ...original,
      data: {
        username: b64('zqcanary-user'),
        password: b64(binaryPassword),
        httpProxy: b64('http://zqcanary:pw@proxy:3128'),
        httpsProxy: b64('https://zqcanary:pw@proxy:3129'),
        noProxy: b64('.zqcanary.internal'),
        endpoint: b64('https://console.redhat.com/api/ingress/v1/upload'),
        enableGlobalObfuscation: b64('true'),
      },
    });
    // Another Secret in the namespace, which must never be read.
    env.sim.store.add({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull-secret', namespace: 'openshift-config' }, data: { '.dockerconfigjson': b64('zqcanary-pull') } });
    try {
      const before = env.sim.requests.length;
      const text = (await gatherFunction(supportSecret, { kube: env.kube })).byPath.get(PATH)!.text;
      const requests = env.sim.requests.slice(before).map((r) => r.path);
      expect(requests).toEqual(['/api/v1/namespaces/openshift-config/secrets/support']);
      const decoded = Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('latin1')]));
      for (const value of [...Object.values(decoded), text]) expect(value).not.toContain('zqcanary');
      expect(decoded).toEqual({
        username: 'x'.repeat('zqcanary-user'.length),
        password: 'x'.repeat(binaryPassword.length),
        httpProxy: 'x'.repeat('http://zqcanary:pw@proxy:3128'.length),
        httpsProxy: 'x'.repeat('https://zqcanary:pw@proxy:3129'.length),
        noProxy: 'x'.repeat('.zqcanary.internal'.length),
        endpoint: 'https://console.redhat.com/api/ingress/v1/upload',
        enableGlobalObfuscation: 'true',
      });
      // Go writes map keys sorted.
      expect(Object.keys(JSON.parse(text))).toEqual(['enableGlobalObfuscation', 'endpoint', 'httpProxy', 'httpsProxy', 'noProxy', 'password', 'username']);
    } finally {
      env.sim.store.add(original);
      env.sim.store.remove('v1', 'Secret', 'pull-secret', 'openshift-config');
    }
  });

  it('writes null for a Secret without data, as the original does', async () => {
    const original = env.sim.store.get('v1', 'Secret', 'support', 'openshift-config')!;
    const { data: _dropped, ...withoutData } = original;
    env.sim.store.add(withoutData);
    try {
      expect((await gatherFunction(supportSecret, { kube: env.kube })).byPath.get(PATH)!.text).toBe('null');
    } finally {
      env.sim.store.add(original);
    }
  });

  it('writes nothing and reports no error when there is no support Secret', async () => {
    await withoutObject(env.sim, { apiVersion: 'v1', kind: 'Secret', name: 'support', namespace: 'openshift-config' }, async () => {
      const out = await gatherFunction(supportSecret, { kube: env.kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    });
  });

  it('fails when the Secret cannot be read', async () => {
    await expect(gatherFunction(supportSecret, { kube: failingFor(env.kube, 'Secret', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(supportSecret, { kube: failingFor(env.kube, 'Secret', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });
});

describeDeclaredPermissions('support_secret', supportSecret, ['config/secrets/openshift-config/support/data.json']);
