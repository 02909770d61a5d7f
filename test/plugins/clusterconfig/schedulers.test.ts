import { describe, expect, it } from 'vitest';
import { schedulers } from '../../../plugins/clusterconfig/schedulers.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withoutObject } from './store-helpers.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

const API = 'config.openshift.io/v1';

describe('clusterconfig/schedulers', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it('writes the Scheduler of the sample at its sample path, with the same content', async () => {
    const out = await gatherFunction(schedulers, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual(['config/schedulers/cluster.json']);
    expectSameObject(out.byPath.get('config/schedulers/cluster.json')!.text, await readSample('config/schedulers/cluster.json'));
    expect(out.errors).toEqual([]);
  });

  it('writes one file per Scheduler, without managedFields, read through the paged list API', async () => {
    env.sim.store.add({ apiVersion: API, kind: 'Scheduler', metadata: { name: 'second', managedFields: [{ manager: 'x' }] }, spec: { mastersSchedulable: true } });
    try {
      const before = env.sim.requests.length;
      const out = await gatherFunction(schedulers, { kube: env.kube });
      expect(out.records.map((r) => r.path).sort()).toEqual(['config/schedulers/cluster.json', 'config/schedulers/second.json']);
      const second = JSON.parse(out.byPath.get('config/schedulers/second.json')!.text);
      expect(second.metadata.managedFields).toBeUndefined();
      expect(second.spec).toEqual({ mastersSchedulable: true });
      const lists = env.sim.requests.slice(before).filter((r) => r.path === '/apis/config.openshift.io/v1/schedulers');
      expect(lists).toHaveLength(1);
      expect(lists[0]!.query).toContain('limit=');
    } finally {
      env.sim.store.remove(API, 'Scheduler', 'second');
    }
  });

  it('writes nothing and reports no error when there is no Scheduler', async () => {
    await withoutObject(env.sim, { apiVersion: API, kind: 'Scheduler', name: 'cluster' }, async () => {
      const out = await gatherFunction(schedulers, { kube: env.kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    });
  });

  it('fails when Schedulers cannot be listed', async () => {
    await expect(gatherFunction(schedulers, { kube: failingFor(env.kube, 'Scheduler', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(schedulers, { kube: failingFor(env.kube, 'Scheduler', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });
});

describeDeclaredPermissions('schedulers', schedulers, ['config/schedulers/cluster.json']);
