import { ApiException, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { useKubeSim } from '../sim/kube/harness.ts';
import { loadManifests } from './manifest-files.ts';

// A cluster seeded from the sample archive: it has the namespaces a real one has (openshift-config,
// kube-system, …) that the Roles are created in.
const kube = await useKubeSim({ fixture: 'sample' });

function client(): KubernetesObjectApi {
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return KubernetesObjectApi.makeApiClient(kc);
}

/** What `oc apply` does for our purpose: create, or replace what exists (with its resourceVersion). */
async function apply(api: KubernetesObjectApi, object: KubernetesObject): Promise<'created' | 'replaced'> {
  let existing: KubernetesObject | undefined;
  try {
    existing = await api.read({ apiVersion: object.apiVersion!, kind: object.kind!, metadata: { name: object.metadata!.name!, namespace: object.metadata!.namespace! } });
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
  }
  if (existing === undefined) {
    await api.create(object);
    return 'created';
  }
  await api.replace({ ...object, metadata: { ...object.metadata, resourceVersion: existing.metadata?.resourceVersion } });
  return 'replaced';
}

const docs = loadManifests();

/**
 * Namespaces the manifests put Roles in without creating them: the platform's own, which every
 * OpenShift cluster has. The sample archive does not show them all, so the missing ones are made here.
 */
async function ensurePlatformNamespaces(api: KubernetesObjectApi): Promise<string[]> {
  const own = new Set(docs.filter((d) => d.object.kind === 'Namespace').map((d) => d.object.metadata.name));
  const used = new Set(docs.map((d) => d.object.metadata.namespace).filter((ns): ns is string => ns !== undefined && !own.has(ns)));
  const made: string[] = [];
  for (const name of used) {
    expect(name).toMatch(/^(openshift-|kube-system$)/);
    if (kube.sim.store.get('v1', 'Namespace', name) === undefined) {
      await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      made.push(name);
    }
  }
  return made;
}

describe('applying manifests/ to the simulator with client-node', () => {
  it('creates every object (the stand-in CRD first), and applying again replaces each one', async () => {
    const api = client();
    await ensurePlatformNamespaces(api);
    const outcomes: string[] = [];
    for (const { file, object } of docs) {
      try {
        outcomes.push(`${await apply(api, object as KubernetesObject)} ${object.kind}`);
      } catch (error) {
        const body = error instanceof ApiException ? String(error.body) : String(error);
        throw new Error(`${file}: ${object.kind} ${object.metadata.name}: ${body}`);
      }
    }
    // The sample cluster already has the namespace, the ClusterOperator and the InsightsDataGather.
    expect(outcomes.filter((o) => o.startsWith('created')).length).toBeGreaterThan(docs.length / 2);
    for (const { object } of docs) {
      const back = await api.read({ apiVersion: object.apiVersion, kind: object.kind, metadata: { name: object.metadata.name, namespace: object.metadata.namespace! } });
      expect(back.metadata?.name).toBe(object.metadata.name);
    }
    const again = [];
    for (const { object } of docs) again.push(await apply(api, object as KubernetesObject));
    expect(new Set(again)).toEqual(new Set(['replaced']));
  });

  it('the Deployment reads back with its security settings intact', async () => {
    const deployment = await client().read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'insights-operator', namespace: 'openshift-insights' } }) as
      KubernetesObject & { spec: { strategy: { type: string }; template: { spec: { containers: Array<{ securityContext: unknown }> } } } };
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.spec.template.spec.containers[0]!.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });
});
