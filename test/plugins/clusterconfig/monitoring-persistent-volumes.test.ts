import { describe, expect, it } from 'vitest';
import { monitoringPersistentVolumes } from '../../../plugins/clusterconfig/monitoring-persistent-volumes.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { PERSISTENT_MONITORING_CONFIG, withMonitoringConfig } from './monitoring-fixtures.ts';
import { expectSameObject, readSample, useSampleCluster } from './setup.ts';
import { withObjects } from './store-helpers.ts';

const SAMPLE_PATH = 'config/persistentvolumes/monitoring-persistent-volume.json';
const NS = 'openshift-monitoring';

function claim(name: string, volumeName: string | undefined, namespace = NS): KubeObject {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(volumeName === undefined ? {} : { volumeName }) },
    status: { phase: volumeName === undefined ? 'Pending' : 'Bound' },
  };
}

function volume(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` } }, status: { phase: 'Bound' } };
}

describe('clusterconfig/monitoring_persistent_volumes', () => {
  const env = useSampleCluster();
  const gather = (kube = env.kube) => gatherFunction(monitoringPersistentVolumes, { kube });

  it("writes nothing and reports nothing on the sample as it is: its monitoring configuration names no volume claim template", async () => {
    const out = await gather();
    expect([out.records, out.errors, out.warnings]).toEqual([[], [], []]);
  });

  it("writes the sample's monitoring volume at the sample's path once the configuration names the claim template", async () => {
    const out = await withMonitoringConfig(env.sim, PERSISTENT_MONITORING_CONFIG, () => gather());
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
    expect(out.errors).toEqual([]);
    const sample = await readSample<{ metadata: Record<string, unknown> }>(SAMPLE_PATH);
    // Stitched sample: the file was saved under a descriptive name, which the simulator serves the volume as.
    expectSameObject(out.byPath.get(SAMPLE_PATH)!.text, { ...sample, metadata: { ...sample.metadata, name: 'monitoring-persistent-volume' } });
  });

  it("follows only openshift-monitoring's claims named after the template, skips pending ones, and reports a claim whose volume is gone", async () => {
    const added = [
      claim('prometheus-data-prometheus-k8s-0', 'pv-k8s-0'), volume('pv-k8s-0'),
      claim('alertmanager-data-alertmanager-main-0', 'pv-alertmanager'), volume('pv-alertmanager'),
      claim('prometheus-data-prometheus-k8s-0', 'pv-elsewhere', 'openshift-user-workload-monitoring'), volume('pv-elsewhere'),
      claim('prometheus-data-prometheus-k8s-2', undefined),
      claim('prometheus-data-prometheus-k8s-3', 'pv-deleted'),
    ];
    const out = await withObjects(env.sim, added, () => withMonitoringConfig(env.sim, PERSISTENT_MONITORING_CONFIG, () => gather()));
    expect(out.records.map((r) => r.path).sort()).toEqual([SAMPLE_PATH, 'config/persistentvolumes/pv-k8s-0.json']);
    expect(out.errors).toEqual([`persistentvolumes "pv-deleted" not found (bound to claim ${NS}/prometheus-data-prometheus-k8s-3)`]);
  });

  it('writes nothing and reports nothing without the ConfigMap, or without config.yaml in it', async () => {
    const noKey = await withMonitoringConfig(env.sim, undefined, () => gather());
    expect([noKey.records, noKey.errors]).toEqual([[], []]);
    const noConfigMap = await withMonitoringConfig(env.sim, undefined, async () => {
      env.sim.store.remove('v1', 'ConfigMap', 'cluster-monitoring-config', NS);
      return gather();
    });
    expect([noConfigMap.records, noConfigMap.errors]).toEqual([[], []]);
  });

  it('fails, naming the reason, when config.yaml is not YAML', async () => {
    const error = await withMonitoringConfig(env.sim, 'prometheusK8s: [unclosed', () => gather()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^invalid YAML: /);
  });

  it('needs no permission beyond those it declares', async () => {
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, monitoringPersistentVolumes.permissions, 'test-monitoring-persistent-volumes');
    const out = await withMonitoringConfig(env.sim, PERSISTENT_MONITORING_CONFIG, () => gather(kube));
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual([SAMPLE_PATH]);
  });
});

describe('clusterconfig/monitoring_persistent_volumes on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes nothing and reports nothing', async () => {
    const out = await gatherFunction(monitoringPersistentVolumes, { kube: env.kube });
    expect([out.records, out.errors, out.warnings]).toEqual([[], [], []]);
  });
});
