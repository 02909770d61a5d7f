import { describe, expect, it } from 'vitest';
import { imageRegistries } from '../../../plugins/clusterconfig/image-registries.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { connectWithDeclaredPermissions } from './declared-permissions.ts';
import { expectSameObject, failingFor, readSample, useSampleCluster } from './setup.ts';
import { withObjects, withoutObjects } from './store-helpers.ts';

const API = 'imageregistry.operator.openshift.io/v1';
const CONFIG_PATH = 'config/clusteroperator/imageregistry.operator.openshift.io/config/cluster.json';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Storage of every back end, each field a distinctive canary; `tag` keeps spec and status apart. */
const storage = (tag: string) => ({
  s3: { bucket: `canary-${tag}-s3-bucket`, keyID: `canary-${tag}-s3-key`, regionEndpoint: `https://canary-${tag}-s3.example.com`, region: `canary-${tag}-s3-region`, encrypt: true },
  azure: { accountName: `canary-${tag}-az-account`, container: `canary-${tag}-az-container`, cloudName: `canary-${tag}-az-cloud`, networkAccess: { type: 'External' } },
  gcs: { bucket: `canary-${tag}-gcs-bucket`, keyID: `canary-${tag}-gcs-key`, projectID: `canary-${tag}-gcs-project`, region: `canary-${tag}-gcs-region` },
  swift: {
    authURL: `https://canary-${tag}-swift.example.com/v3`, authVersion: '3', container: `canary-${tag}-sw-container`, domain: `canary-${tag}-sw-domain`,
    domainID: `canary-${tag}-sw-domainid`, tenant: `canary-${tag}-sw-tenant`, tenantID: `canary-${tag}-sw-tenantid`, regionName: `canary-${tag}-sw-region`,
  },
  ibmcos: {
    bucket: `canary-${tag}-cos-bucket`, location: `canary-${tag}-cos-location`, resourceGroupName: `canary-${tag}-cos-group`,
    resourceKeyCRN: `crn:canary-${tag}-cos-key`, serviceInstanceCRN: `crn:canary-${tag}-cos-instance`,
  },
  managementState: 'Managed',
});

/** `storage` with every canary string replaced by x of its length. */
const masked = (value: unknown): unknown => JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === 'string' && v.includes('canary-') ? 'x'.repeat(v.length) : v));

const pvcStorageConfig = (claim: string): KubeObject => ({
  apiVersion: API, kind: 'Config', metadata: { name: 'cluster' },
  spec: { managementState: 'Managed', httpSecret: 'canary-http-secret', storage: { pvc: { claim } } },
});

const claim = (name: string, namespace: string, volumeName: string): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace }, spec: { volumeName, accessModes: ['ReadWriteMany'] }, status: { phase: 'Bound' },
});

const volume = (name: string): KubeObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteMany'], nfs: { server: 'nfs.example.com', path: '/registry' } }, status: { phase: 'Bound' },
});

describe('clusterconfig/image_registries', () => {
  const env = useSampleCluster();

  it('writes the sample registry config at its sample path, with the sample content (emptyDir storage: no volume)', async () => {
    const out = await gatherFunction(imageRegistries, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([CONFIG_PATH]);
    expectSameObject(out.byPath.get(CONFIG_PATH)!.text, await readSample(CONFIG_PATH));
    expect(out.errors).toEqual([]);
  });

  it('masks the HTTP secret, the last-applied annotation and the identifiers of every storage back end in spec and status', async () => {
    const config: KubeObject = {
      apiVersion: API, kind: 'Config',
      metadata: { name: 'cluster', annotations: { [LAST_APPLIED]: '{"spec":{"httpSecret":"canary-applied-secret"}}', other: 'kept' } },
      spec: { managementState: 'Managed', httpSecret: 'canary-http-secret', replicas: 2, storage: storage('spec') },
      status: { storageManaged: true, storage: storage('status') },
    };
    const out = await withObjects(env.sim, [config], () => gatherFunction(imageRegistries, { kube: env.kube }));
    const text = out.byPath.get(CONFIG_PATH)!.text;
    const recorded = JSON.parse(text);
    expect(recorded.spec.httpSecret).toBe('x'.repeat('canary-http-secret'.length));
    expect(recorded.metadata.annotations).toEqual({ [LAST_APPLIED]: 'x'.repeat('{"spec":{"httpSecret":"canary-applied-secret"}}'.length), other: 'kept' });
    expect(recorded.spec.storage).toEqual(masked(storage('spec')));
    expect(recorded.status.storage).toEqual(masked(storage('status')));
    expect(recorded.spec.replicas).toBe(2);
    // Fields that name nothing stay readable.
    expect(recorded.spec.storage.s3.encrypt).toBe(true);
    expect(recorded.spec.storage.swift.authVersion).toBe('3');
    expect(recorded.spec.storage.azure.networkAccess).toEqual({ type: 'External' });
    expect(text).not.toContain('canary');
  });

  it('records the volume bound to the registry claim, before the config', async () => {
    const objects = [pvcStorageConfig('registry-storage'), claim('registry-storage', 'openshift-image-registry', 'pv-registry'), volume('pv-registry')];
    const out = await withObjects(env.sim, objects, () => gatherFunction(imageRegistries, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toEqual(['config/persistentvolumes/pv-registry.json', CONFIG_PATH]);
    const pv = JSON.parse(out.records[0]!.text);
    expect(pv.metadata.name).toBe('pv-registry');
    expect(pv.spec.nfs).toEqual({ server: 'nfs.example.com', path: '/registry' });
    expect(out.errors).toEqual([]);
  });

  it('ignores a claim of that name in another namespace, and a missing claim or volume, without error', async () => {
    const elsewhere = [pvcStorageConfig('registry-storage'), claim('registry-storage', 'default', 'pv-other'), volume('pv-other')];
    let out = await withObjects(env.sim, elsewhere, () => gatherFunction(imageRegistries, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toEqual([CONFIG_PATH]);
    expect(out.errors).toEqual([]);
    const noVolume = [pvcStorageConfig('registry-storage'), claim('registry-storage', 'openshift-image-registry', 'pv-missing')];
    out = await withObjects(env.sim, noVolume, () => gatherFunction(imageRegistries, { kube: env.kube }));
    expect(out.records.map((r) => r.path)).toEqual([CONFIG_PATH]);
    expect(out.errors).toEqual([]);
  });

  it('reports a failure to read the volume and still records the config', async () => {
    const objects = [pvcStorageConfig('registry-storage'), claim('registry-storage', 'openshift-image-registry', 'pv-registry'), volume('pv-registry')];
    const out = await withObjects(env.sim, objects, () => gatherFunction(imageRegistries, { kube: failingFor(env.kube, 'PersistentVolume', 403) }));
    expect(out.records.map((r) => r.path)).toEqual([CONFIG_PATH]);
    expect(out.errors).toHaveLength(1);
  });

  it('writes nothing and reports no error when the config does not exist', async () => {
    const out = await withoutObjects(env.sim, API, 'Config', () => gatherFunction(imageRegistries, { kube: env.kube }));
    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('fails when the config cannot be read', async () => {
    await expect(gatherFunction(imageRegistries, { kube: failingFor(env.kube, 'Config', 403) })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('needs no permission beyond those it declares', async () => {
    const objects = [pvcStorageConfig('registry-storage'), claim('registry-storage', 'openshift-image-registry', 'pv-registry'), volume('pv-registry')];
    const kube = await connectWithDeclaredPermissions(env.sim, env.connect, imageRegistries.permissions, 'test-image-registries');
    const out = await withObjects(env.sim, objects, () => gatherFunction(imageRegistries, { kube }));
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.path)).toEqual(['config/persistentvolumes/pv-registry.json', CONFIG_PATH]);
  });
});
