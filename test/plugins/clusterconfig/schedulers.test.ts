import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulers } from '../../../plugins/clusterconfig/schedulers.ts';
import type { KubeClient } from '../../../plugin-api/kube.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeSim } from '../../sim/kube/index.ts';
import { expectSameObject, failingFor, readSample, startSim } from './setup.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

const API = 'config.openshift.io/v1';

describe('clusterconfig/schedulers', () => {
  let sim: KubeSim;
  let kube: KubeClient;
  beforeAll(async () => {
    ({ sim, kube } = await startSim({ fixture: 'sample' }));
  });
  afterAll(async () => {
    await sim.close();
  });

  it('writes the Scheduler of the sample at its sample path, with the same content', async () => {
    const out = await gatherFunction(schedulers, { kube });
    expect(out.records.map((r) => r.path)).toEqual(['config/schedulers/cluster.json']);
    expectSameObject(out.byPath.get('config/schedulers/cluster.json')!.text, await readSample('config/schedulers/cluster.json'));
    expect(out.errors).toEqual([]);
  });

  it('writes one file per Scheduler, without managedFields, read through the paged list API', async () => {
    sim.store.add({ apiVersion: API, kind: 'Scheduler', metadata: { name: 'second', managedFields: [{ manager: 'x' }] }, spec: { mastersSchedulable: true } });
    try {
      const before = sim.requests.length;
      const out = await gatherFunction(schedulers, { kube });
      expect(out.records.map((r) => r.path).sort()).toEqual(['config/schedulers/cluster.json', 'config/schedulers/second.json']);
      const second = JSON.parse(out.byPath.get('config/schedulers/second.json')!.text);
      expect(second.metadata.managedFields).toBeUndefined();
      expect(second.spec).toEqual({ mastersSchedulable: true });
      const lists = sim.requests.slice(before).filter((r) => r.path === '/apis/config.openshift.io/v1/schedulers');
      expect(lists).toHaveLength(1);
      expect(lists[0]!.query).toContain('limit=');
    } finally {
      sim.store.remove(API, 'Scheduler', 'second');
    }
  });

  it('writes nothing and reports no error when there is no Scheduler', async () => {
    const original = sim.store.get(API, 'Scheduler', 'cluster')!;
    sim.store.remove(API, 'Scheduler', 'cluster');
    try {
      const out = await gatherFunction(schedulers, { kube });
      expect(out.records).toEqual([]);
      expect(out.errors).toEqual([]);
    } finally {
      sim.store.add(original);
    }
  });

  it('fails when Schedulers cannot be listed', async () => {
    await expect(gatherFunction(schedulers, { kube: failingFor(kube, 'Scheduler', 403) })).rejects.toMatchObject({ statusCode: 403 });
    await expect(gatherFunction(schedulers, { kube: failingFor(kube, 'Scheduler', 500) })).rejects.toMatchObject({ statusCode: 500 });
  });
});

describeDeclaredPermissions('schedulers', schedulers, ['config/schedulers/cluster.json']);
