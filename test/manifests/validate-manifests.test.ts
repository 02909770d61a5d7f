import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as prometheusOperatorModels from '@kubernetes-models/prometheus-operator';
import * as kubernetesModels from 'kubernetes-models';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_DEADLINE_MS, startCommand } from '../../core/cli/commands/start.ts';
import { parseOperatorConfig } from '../../core/config/operator-config.ts';
import { parseInsightsConfigMap } from '../../core/config/parse-insights-configmap.ts';
import { disabledFromInsightsDataGather } from '../../core/config/disabled-from-insights-data-gather.ts';
import { TRUSTED_CA_BUNDLE_FILE } from '../../core/insights/ca-bundle.ts';
import insightsConfigSchema from '../../config/insights-config.schema.json' with { type: 'json' };
import dataGatherSchema from '../../config/insights-data-gather-v1.schema.json' with { type: 'json' };
import { allManifestFiles, findObject, loadManifests, numberedManifestFiles, REPO_ROOT } from './manifest-files.ts';
import type { ManifestObject } from './manifest-files.ts';

type Model = { new (data: unknown): { validate(): void }; apiVersion: string; kind: string };

/** Every model class of the packages, by `apiVersion/kind` (each class carries its type as statics). */
function modelsByType(): Map<string, Model> {
  const models = new Map<string, Model>();
  const walk = (namespace: Record<string, unknown>, depth: number): void => {
    for (const value of Object.values(namespace)) {
      const candidate = value as Partial<Model> | null;
      if (typeof value === 'function' && typeof candidate?.apiVersion === 'string' && typeof candidate.kind === 'string') {
        models.set(`${candidate.apiVersion}/${candidate.kind}`, value as Model);
      } else if (value !== null && typeof value === 'object' && depth < 3) {
        walk(value as Record<string, unknown>, depth + 1);
      }
    }
  };
  walk(kubernetesModels as unknown as Record<string, unknown>, 0);
  walk(prometheusOperatorModels as unknown as Record<string, unknown>, 0);
  return models;
}

/**
 * OpenShift's own kinds, for which no npm package publishes a schema: each is validated another way,
 * named here so that a new kind cannot slip through unvalidated.
 */
const OPENSHIFT_KINDS: Readonly<Record<string, string>> = {
  'config.openshift.io/v1/InsightsDataGather': 'against the stand-in CRD\'s openAPIV3Schema and the operator\'s own schema',
  'config.openshift.io/v1/ClusterOperator': 'by the simulator\'s name rules when applied (apply-manifests.test.ts); its spec is empty',
};

/** Binary quantities (`1Gi`, `256Mi`) in bytes; these tests use no other suffix. */
function bytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (match === null) throw new Error(`not a binary quantity: ${quantity}`);
  return Number(match[1]) * 1024 ** ({ Ki: 1, Mi: 2, Gi: 3 } as const)[match[2] as 'Ki' | 'Mi' | 'Gi'];
}

/** The default a `start` flag documents in its usage text, e.g. `--health-port N ... (default: 8081; ...)`. */
function startDefault(flag: string): string {
  const match = new RegExp(`${flag} \\S+\\s+[^(]*\\(default: ([^;)]+)`).exec(startCommand.usage);
  if (match === null) throw new Error(`start's usage documents no default for ${flag}`);
  return match[1]!;
}

const docs = loadManifests();
const podConfig = parseOperatorConfig(readFileSync(join(REPO_ROOT, 'config/pod.yaml'), 'utf8'), 'config/pod.yaml');

interface Container {
  name: string; command?: string[]; args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[]; add?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Volume { name: string; emptyDir?: { sizeLimit?: string }; configMap?: { name: string }; secret?: { secretName: string } }
interface Deployment extends ManifestObject {
  spec: {
    replicas: number; strategy: { type: string };
    template: { metadata: { labels: Record<string, string> }; spec: {
      serviceAccountName: string; terminationGracePeriodSeconds: number;
      securityContext: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
      containers: Container[]; volumes: Volume[];
    } };
  };
}

const deployment = findObject<Deployment>(docs, 'Deployment', 'insights-operator', 'openshift-insights');
const pod = deployment.spec.template.spec;
const container = pod.containers[0]!;
const volumeAt = (path: string): Volume => {
  const mount = container.volumeMounts?.find((m) => m.mountPath === path);
  const volume = pod.volumes.find((v) => v.name === mount?.name);
  if (volume === undefined) throw new Error(`nothing is mounted at ${path}`);
  return volume;
};

describe('manifests/', () => {
  it('are numbered in apply order: the namespace first, then the accounts and RBAC, the Deployment after what it mounts', () => {
    const files = numberedManifestFiles();
    expect(files.every((f) => /^\d\d-[a-z0-9-]+\.yaml$/.test(f)), files.join(', ')).toBe(true);
    const first = (kind: string) => files.findIndex((f) => loadManifests([f]).some((d) => d.object.kind === kind));
    expect(first('Namespace')).toBe(0);
    for (const before of ['ServiceAccount', 'ClusterRole', 'Role', 'ConfigMap']) expect(first(before)).toBeLessThan(first('Deployment'));
    expect(first('Deployment')).toBeLessThan(first('ServiceMonitor'));
  });

  it('every document parses and validates against the Kubernetes (and prometheus-operator) models\' schemas', () => {
    const models = modelsByType();
    const failures: string[] = [];
    const checked: string[] = [];
    for (const { file, object } of docs) {
      const type = `${object.apiVersion}/${object.kind}`;
      const Model = models.get(type);
      if (Model === undefined) {
        if (OPENSHIFT_KINDS[type] === undefined) failures.push(`${file}: no schema for ${type}`);
        continue;
      }
      try {
        new Model(object).validate();
        checked.push(`${object.kind}/${object.metadata.name}`);
      } catch (error) {
        failures.push(`${file}: ${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked.length).toBeGreaterThan(20);
  });

  it('the schemas catch a broken manifest (the check can fail)', () => {
    const Model = modelsByType().get('apps/v1/Deployment')!;
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'one';
    expect(() => new Model(broken).validate()).toThrow(/replicas/);
  });

  it('the InsightsDataGather CR satisfies the stand-in CRD\'s schema and is read by the operator as "gather everything"', () => {
    const cr = findObject(docs, 'InsightsDataGather', 'cluster');
    const crd = findObject<{ spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: object } }> } }>(docs, 'CustomResourceDefinition', 'insightsdatagathers.config.openshift.io');
    const served = crd.spec.versions.find((v) => `config.openshift.io/${v.name}` === cr.apiVersion);
    expect(served).toBeDefined();
    // OpenAPI v3 schemas carry x-kubernetes-* keywords, which plain JSON Schema validation ignores.
    const crdSchema = new Ajv({ strict: false, allErrors: true }).compile(served!.schema.openAPIV3Schema);
    expect(crdSchema(cr), JSON.stringify(crdSchema.errors)).toBe(true);
    const operatorSchema = new Ajv2020({ strict: false, allErrors: true }).compile(dataGatherSchema);
    expect(operatorSchema(cr), JSON.stringify(operatorSchema.errors)).toBe(true);
    expect(disabledFromInsightsDataGather(cr)).toMatchObject({ disabled: [], gatheringDisabled: false });
    expect(crdSchema({ ...cr, spec: { gatherConfig: { gatherers: { mode: 'Some' } } } })).toBe(false);
  });

  it('the example insights-config sets every key the operator reads, each accepted without a warning', () => {
    const cm = findObject<ManifestObject & { data: Record<string, string> }>(docs, 'ConfigMap', 'insights-config', 'openshift-insights');
    const text = cm.data['config.yaml']!;
    const parsed = parseInsightsConfigMap(text);
    expect(parsed.ok && parsed.warnings).toEqual([]);
    const example = parseYaml(text) as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const [section, spec] of Object.entries(insightsConfigSchema.properties)) {
      for (const key of Object.keys((spec as { properties: object }).properties)) {
        if (example[section]?.[key] === undefined) missing.push(`${section}.${key}`);
      }
    }
    expect(missing).toEqual([]);
    // It documents the defaults: applying it as it is changes nothing.
    expect(example['dataReporting']!['uploadEndpoint']).toBe(podConfig['endpoint']);
    expect(example['dataReporting']!['storagePath']).toBe(podConfig.storagePath);
    expect(allManifestFiles()).toContain('examples/insights-config.yaml');
    expect(numberedManifestFiles().some((f) => loadManifests([f]).some((d) => d.object.metadata.name === 'insights-config'))).toBe(false);
  });

  it('the namespace carries the monitoring and pod-security labels and the management workload annotation', () => {
    const ns = findObject(docs, 'Namespace', 'openshift-insights');
    expect(ns.metadata.labels).toMatchObject({
      'openshift.io/cluster-monitoring': 'true',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations?.['workload.openshift.io/allowed']).toBe('management');
  });
});

describe('the Deployment', () => {
  it('is one replica replaced with Recreate, as the operator account', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(pod.serviceAccountName).toBe('operator');
    findObject(docs, 'ServiceAccount', 'operator', 'openshift-insights');
  });

  it('meets the restricted profile: non-root, no escalation, read-only root, RuntimeDefault seccomp, no capabilities', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers).toHaveLength(1);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const allowed = new Set(['emptyDir', 'configMap', 'secret']);
    expect(pod.volumes.flatMap((v) => Object.keys(v).filter((k) => k !== 'name' && !allowed.has(k)))).toEqual([]);
  });

  it('requests what was measured (256Mi, 10m to 50m CPU), limits memory only', () => {
    const { requests = {}, limits = {} } = container.resources ?? {};
    expect(requests['memory']).toBe('256Mi');
    expect(Number(/^(\d+)m$/.exec(requests['cpu'] ?? '')?.[1])).toSatisfy((m: number) => m >= 10 && m <= 50);
    expect(bytes(limits['memory']!)).toBeGreaterThanOrEqual(2 * bytes('256Mi'));
    expect(limits['cpu']).toBeUndefined();
  });

  it('keeps archives in a size-limited emptyDir at storagePath, larger than the pruner\'s cap plus a few archives', () => {
    const snapshots = volumeAt(podConfig.storagePath!);
    expect(snapshots.emptyDir?.sizeLimit).toBeDefined();
    const cap = podConfig.storage?.maxBytes;
    expect(cap).toBeDefined();
    // Archives written between two prune passes (every 4 h or more, one per 2 h interval) come on top.
    expect(bytes(snapshots.emptyDir!.sizeLimit!)).toBeGreaterThan(cap! + 4 * (podConfig.gather?.maxArchiveBytes ?? 0));
    expect(volumeAt('/tmp').emptyDir).toBeDefined();
  });

  it('mounts the trusted CA and service CA bundles where the operator reads them, from ConfigMaps that get them injected', () => {
    const trusted = volumeAt(dirname(TRUSTED_CA_BUNDLE_FILE)).configMap!.name;
    expect(findObject(docs, 'ConfigMap', trusted, 'openshift-insights').metadata.labels?.['config.openshift.io/inject-trusted-cabundle']).toBe('true');
    const serviceCaFile = (podConfig['monitoring'] as { caFile?: string } | undefined)?.caFile ?? '/var/run/configmaps/service-ca-bundle/service-ca.crt';
    const serviceCa = volumeAt(dirname(serviceCaFile)).configMap!.name;
    expect(findObject(docs, 'ConfigMap', serviceCa, 'openshift-insights').metadata.annotations?.['service.beta.openshift.io/inject-cabundle']).toBe('true');
  });

  it('serves metrics with the serving certificate the metrics Service asks the service CA for', () => {
    const service = findObject<ManifestObject & { spec: { selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort: string }> } }>(docs, 'Service', 'metrics', 'openshift-insights');
    const secretName = service.metadata.annotations?.['service.beta.openshift.io/serving-cert-secret-name'];
    expect(volumeAt('/var/run/secrets/serving-cert').secret?.secretName).toBe(secretName);
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: 443, targetPort: 'metrics' })]);
    const metricsPort = container.ports?.find((p) => p.name === 'metrics')?.containerPort;
    expect(String(metricsPort)).toBe(startDefault('--metrics-port'));
    const monitor = findObject<ManifestObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string; scheme: string }> } }>(docs, 'ServiceMonitor', 'insights-operator', 'openshift-insights');
    expect(monitor.spec.endpoints.map((e) => [e.port, e.scheme])).toEqual([[service.spec.ports[0]!.name, 'https']]);
    expect(monitor.spec.selector.matchLabels).toEqual(service.metadata.labels);
  });

  it('probes /healthz and /readyz on the health port the operator listens on by default', () => {
    const health = container.ports?.find((p) => p.name === 'health');
    expect(String(health?.containerPort)).toBe(startDefault('--health-port'));
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'health' });
  });

  it('runs `start --config` with POD_NAME, POD_NAMESPACE and RELEASE_VERSION, and outlives its own shutdown deadline', () => {
    expect(container.args?.[0]).toBe('start');
    expect(container.args?.some((a) => a.startsWith('--config='))).toBe(true);
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath ?? e.value]));
    expect(env).toEqual({ POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', RELEASE_VERSION: expect.any(String) });
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(SHUTDOWN_DEADLINE_MS + 3000);
  });

  it('network policies deny by default and admit only the monitoring namespace to the metrics port', () => {
    const policies = docs.filter((d) => d.object.kind === 'NetworkPolicy').map((d) => d.object as ManifestObject & { spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[]; ingress?: Array<{ from: unknown[]; ports: Array<{ port: string | number }> }> } });
    expect(policies.some((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && p.spec.policyTypes.includes('Egress') && p.spec.ingress === undefined)).toBe(true);
    const ingress = policies.flatMap((p) => p.spec.ingress ?? []);
    expect(ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 'metrics' }],
    }]);
  });
});
