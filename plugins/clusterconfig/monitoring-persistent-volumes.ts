import { defineGatheringFunction, record, resource } from 'insights-operator/plugin-api';
import type { KubeObject } from 'insights-operator/plugin-api';
import { parseGoYaml } from './go-yaml.ts';

const NAMESPACE = 'openshift-monitoring';
const CONFIG_MAP = 'cluster-monitoring-config';
const CONFIG_KEY = 'config.yaml';
/** Where the monitoring configuration names the platform Prometheus' volume claim template. */
const TEMPLATE_NAME = ['prometheusK8s', 'volumeClaimTemplate', 'metadata', 'name'] as const;

interface Claim extends KubeObject {
  spec?: { volumeName?: string };
}

/**
 * `clusterconfig/monitoring_persistent_volumes`: the PersistentVolumes of the platform Prometheus'
 * claims. The claim template's name comes from `prometheusK8s.volumeClaimTemplate.metadata.name` in the
 * `openshift-monitoring/cluster-monitoring-config` ConfigMap; every claim in `openshift-monitoring`
 * whose name starts with it (`<template>-prometheus-k8s-<n>`) leads to its bound volume.
 *
 * Where the original fails (no ConfigMap, no `config.yaml`, no template name: Prometheus keeps its
 * data in an emptyDir), this records nothing and reports nothing: that is the default configuration,
 * not a fault. An unparsable `config.yaml` fails the function; a claim bound to a volume that does not
 * exist is reported and the others are still recorded.
 */
export const monitoringPersistentVolumes = defineGatheringFunction({
  description: 'The PersistentVolumes of the platform Prometheus, found through the claim template of cluster-monitoring-config.',
  paths: ['config/persistentvolumes/{name}.json'],
  permissions: [
    { resource: 'configmaps', verbs: ['get'], namespace: NAMESPACE, resourceNames: [CONFIG_MAP] },
    { resource: 'persistentvolumeclaims', verbs: ['list'], namespace: NAMESPACE },
    { resource: 'persistentvolumes', verbs: ['get'] },
  ],
  async *gather(ctx) {
    const configMap = await ctx.kube.get<KubeObject & { data?: Record<string, string> }>({ apiVersion: 'v1', kind: 'ConfigMap' }, CONFIG_MAP, NAMESPACE);
    const text = configMap?.data?.[CONFIG_KEY];
    if (text === undefined) return;
    let value: unknown = parseGoYaml(text);
    for (const key of TEMPLATE_NAME) value = value instanceof Map ? value.get(key) : undefined;
    if (typeof value !== 'string' || value === '') return;
    const prefix = value;
    for await (const claim of ctx.kube.list<Claim>({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' }, { namespace: NAMESPACE })) {
      const claimName = claim.metadata?.name ?? '';
      const volumeName = claim.spec?.volumeName;
      // A claim still Pending has no volume yet.
      if (!claimName.startsWith(prefix) || volumeName === undefined || volumeName === '') continue;
      const volume = await ctx.kube.get({ apiVersion: 'v1', kind: 'PersistentVolume' }, volumeName);
      if (volume === undefined) {
        ctx.reportError(`persistentvolumes "${volumeName}" not found (bound to claim ${NAMESPACE}/${claimName})`);
        continue;
      }
      yield record({ name: `config/persistentvolumes/${volume.metadata?.name ?? volumeName}`, item: resource(volume) });
    }
  },
});
