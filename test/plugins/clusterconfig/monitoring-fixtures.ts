/**
 * What the monitoring functions' tests share: the sample's alerts and series turned into what a real
 * Alertmanager and Prometheus are seeded with, and the core's own clients pointed at them.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { createAlertmanagerClient, createPrometheusClient } from '../../../core/monitoring/monitoring-services.ts';
import type { MonitoringApi, PrometheusApi } from '../../../plugin-api/monitoring.ts';
import type { PostableAlert } from '../../sim/monitoring/alertmanager.ts';
import type { AlertRule, RecordingRule } from '../../sim/monitoring/prometheus.ts';
import type { KubeObject, KubeSim } from '../../sim/kube/index.ts';
import { SAMPLE_FIXTURE } from './setup.ts';

/** An alert of the sample's `config/alerts.json`. */
export interface SampleAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  status: { inhibitedBy: string[]; silencedBy: string[]; state: string };
}

export async function readSampleText(path: string): Promise<string> {
  return readFile(join(SAMPLE_FIXTURE, path), 'utf8');
}

/**
 * The sample's alerts as a Prometheus posts them: their labels, annotations and start. They end an
 * hour from now: Alertmanager does not list alerts whose end has passed, and the sample's ended in 2022.
 */
export async function sampleAlerts(): Promise<{ sample: SampleAlert[]; postable: PostableAlert[] }> {
  const sample = JSON.parse(await readSampleText('config/alerts.json')) as SampleAlert[];
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  return { sample, postable: sample.map((a) => ({ labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, endsAt })) };
}

/** One sample line of the Prometheus text format: name, labels, value (timestamps are left aside). */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: string;
}

/** The samples of a Prometheus text-format body (comment lines left out). */
export function parseMetrics(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: m[3]! });
  }
  return out;
}

/** Recording rules that make Prometheus hold every series of the sample's `config/metrics`, with its labels and value. */
export async function sampleRecordingRules(): Promise<{ samples: MetricSample[]; rules: RecordingRule[] }> {
  const samples = parseMetrics(await readSampleText('config/metrics'));
  return { samples, rules: samples.map((s) => ({ record: s.name, expr: `vector(${s.value})`, labels: s.labels })) };
}

/** The core's Prometheus client (as the composition root builds it) for a server and its CA. */
export function prometheusClient(server: { url: string; caFile: string }, operatorKubeconfig?: string): PrometheusApi & { close(): Promise<void> } {
  return createPrometheusClient({ settings: { prometheusURL: server.url, alertmanagerURL: server.url, caFile: server.caFile }, operatorConfig: kubeConfig(operatorKubeconfig), logger: pino({ level: 'silent' }) });
}

/** The core's Alertmanager client (as the composition root builds it) for a server and its CA. */
export function alertmanagerClient(server: { url: string; caFile: string }, operatorKubeconfig?: string): MonitoringApi & { close(): Promise<void> } {
  return createAlertmanagerClient({ settings: { prometheusURL: server.url, alertmanagerURL: server.url, caFile: server.caFile }, operatorConfig: kubeConfig(operatorKubeconfig), logger: pino({ level: 'silent' }) });
}

function kubeConfig(yaml: string | undefined): KubeConfig {
  const config = new KubeConfig();
  if (yaml !== undefined) config.loadFromString(yaml);
  return config;
}

/** An https URL on a loopback port nothing listens on (it was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}

/**
 * Runs `body` with `config.yaml` of `openshift-monitoring/cluster-monitoring-config` replaced, then puts
 * the sample's ConfigMap back.
 */
export async function withMonitoringConfig<T>(sim: KubeSim, configYaml: string | undefined, body: () => Promise<T>): Promise<T> {
  const original = sim.store.get('v1', 'ConfigMap', 'cluster-monitoring-config', 'openshift-monitoring');
  const replaced: KubeObject = {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'cluster-monitoring-config', namespace: 'openshift-monitoring' },
    data: configYaml === undefined ? {} : { 'config.yaml': configYaml },
  };
  sim.store.add(replaced);
  try {
    return await body();
  } finally {
    if (original === undefined) sim.store.remove('v1', 'ConfigMap', 'cluster-monitoring-config', 'openshift-monitoring');
    else sim.store.add(original);
  }
}

/**
 * The monitoring configuration of the cluster the sample's monitoring volume comes from: Prometheus
 * keeps its data on claims made from the `prometheus-data` template (the sample's own ConfigMap only
 * sets the retention).
 */
export const PERSISTENT_MONITORING_CONFIG = 'prometheusK8s:\n  retention: 7d\n  volumeClaimTemplate:\n    metadata:\n      name: prometheus-data\n    spec:\n      resources:\n        requests:\n          storage: 20Gi\n';

/**
 * What a generated cluster lacks for every monitoring permission to be exercised: Prometheus data on
 * claims (cluster-monitoring-config with a claim template, a bound claim and its volume) and a
 * Deployment Validation Operator with its metrics Service and backend.
 */
export function addMonitoredWorkloads(env: { sim: KubeSim }): void {
  const { sim } = env;
  const ns = 'openshift-monitoring';
  sim.store.add({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-monitoring-config', namespace: ns },
    data: { 'config.yaml': PERSISTENT_MONITORING_CONFIG },
  });
  sim.store.add({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-prometheus-data-0' },
    spec: { capacity: { storage: '20Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'gp3-csi',
      claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: 'prometheus-data-prometheus-k8s-0' } },
    status: { phase: 'Bound' },
  });
  sim.store.add({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'prometheus-data-prometheus-k8s-0', namespace: ns },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, volumeName: 'pvc-prometheus-data-0', storageClassName: 'gp3-csi' },
    status: { phase: 'Bound' },
  });
  const dvo = { name: 'deployment-validation-operator' };
  sim.store.add({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'deployment-validation-operator-metrics', namespace: 'openshift-deployment-validation-operator', labels: dvo },
    spec: { type: 'ClusterIP', selector: dvo, ports: [{ name: 'http-metrics', port: 8383, protocol: 'TCP', targetPort: 8383 }] },
  });
  sim.services.set('openshift-deployment-validation-operator', 'deployment-validation-operator-metrics', 8383, '/metrics',
    '# HELP deployment_validation_operator_replicas Indicates whether a deployment has at least 3 replicas\n'
    + 'deployment_validation_operator_replicas{exported_namespace="openshift-monitoring",kind="Deployment",name="grafana",namespace_uid="x",uid="y"} 1\n');
}

/**
 * Firing alerts for the built-in conditional rules, so that a gather of a generated cluster calls every
 * planned function (and uses every permission they declare): a pod that is not ready, the samples
 * operator's failing imports, and a removed API in use.
 */
export const BUILT_IN_RULE_ALERTS = (pod: { namespace: string; name: string; container: string }): AlertRule[] => [
  { alert: 'KubePodNotReady', expr: 'vector(1)', labels: { namespace: pod.namespace, pod: pod.name, severity: 'warning' } },
  { alert: 'SamplesImagestreamImportFailing', expr: 'vector(1)', labels: { namespace: 'openshift-cluster-samples-operator', severity: 'warning' } },
  { alert: 'APIRemovedInNextEUSReleaseInUse', expr: 'vector(1)', labels: { group: 'batch', version: 'v1beta1', resource: 'cronjobs', removed_release: '1.25', severity: 'info' } },
];

/**
 * SAP Data Intelligence on a generated cluster: a DataHub, and a failed pod of a Job, so that sap_config,
 * sap_datahubs and sap_pods have something to read.
 */
export function addSapWorkload(env: { sim: KubeSim }, namespace = 'sdi'): void {
  const { sim } = env;
  // As OpenShift creates every namespace: with its own UID range (overlapping_namespace_uids reads it).
  sim.store.add({
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: namespace, annotations: { 'openshift.io/sa.scc.uid-range': '1999990000/10000', 'openshift.io/sa.scc.supplemental-groups': '1999990000/10000', 'openshift.io/sa.scc.mcs': 's0:c99,c9' } },
  });
  sim.store.add({ apiVersion: 'installers.datahub.sap.com/v1alpha1', kind: 'DataHub', metadata: { name: 'default', namespace }, spec: { version: '3.3.0' } });
  sim.store.add({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'datahub-checkpoint', namespace }, spec: { template: { spec: { containers: [] } } }, status: { failed: 1 } });
  sim.store.add({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'datahub-checkpoint-x7k2p', namespace, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'datahub-checkpoint', uid: 'b1' }] },
    spec: { containers: [{ name: 'checkpoint', image: 'registry.example.com/sdi/checkpoint:3.3' }] },
    status: { phase: 'Failed' },
  });
}
