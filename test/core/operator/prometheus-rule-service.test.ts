import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ConfigObserver } from '../../../core/config/config-observer.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { parseOperatorConfig } from '../../../core/config/operator-config.ts';
import { PrometheusRuleService } from '../../../core/operator/prometheus-rule-service.ts';
import type { PrometheusRuleServiceOptions } from '../../../core/operator/prometheus-rule-service.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { OPERATOR_USER } from '../../helpers/gather-identity.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { useKubeSim } from '../../sim/kube/harness.ts';
import { grantRules } from '../../sim/kube/rbac-fixtures.ts';
import type { Grant } from '../../sim/kube/rbac-fixtures.ts';

const NAMESPACE = 'openshift-insights';
const NAME = 'insights-prometheus-rules';
const API = { group: 'monitoring.coreos.com', version: 'v1', plural: 'prometheusrules', namespace: NAMESPACE } as const;
const HOUR = 3_600_000;
const manifest = parse(readFileSync('manifests/08-prometheus-rule.yaml', 'utf8')) as { metadata: { labels: Record<string, string> }; spec: unknown };
const defaults = defaultsFromPodConfig(parseOperatorConfig(readFileSync('config/pod.yaml', 'utf8'), 'config/pod.yaml'));

const kube = await useKubeSim({ rbac: true });
/** The cluster admin: writes the configuration and looks at the result. */
let admin: KubeConfig;
/** The operator's own identity, allowed only get/create/delete on the one PrometheusRule. */
let operator: KubeConfig;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let grant: Grant | undefined;

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(kube.kubeconfigPath);
  core = admin.makeApiClient(CoreV1Api);
  custom = admin.makeApiClient(CustomObjectsApi);
  for (const name of ['openshift-config', NAMESPACE]) await core.createNamespace({ body: { metadata: { name } } });
  const file = join(await tempDir(), 'operator.kubeconfig');
  await kube.sim.writeKubeconfig(file, { token: kube.sim.serviceAccountToken(NAMESPACE, 'operator') });
  operator = new KubeConfig();
  operator.loadFromFile(file);
});

/** Gives the operator exactly what the service needs; create cannot be limited by name in RBAC. */
function grantOperator(): void {
  grant = grantRules(kube.sim.store, OPERATOR_USER, [
    { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['get', 'delete'], resourceNames: [NAME] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['create'] },
  ], { namespace: NAMESPACE });
}

function revokeOperator(): void {
  if (grant === undefined) return;
  for (const o of [grant.binding, grant.role]) kube.sim.store.remove(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
  grant = undefined;
}

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  revokeOperator();
  await ignore404(core.deleteNamespacedConfigMap({ namespace: NAMESPACE, name: 'insights-config' }));
  await ignore404(custom.deleteNamespacedCustomObject({ ...API, name: NAME }));
});

async function ignore404(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
  }
}

async function putConfigMap(text: string): Promise<void> {
  const body = { metadata: { name: 'insights-config', namespace: NAMESPACE }, data: { 'config.yaml': text } };
  try {
    await core.replaceNamespacedConfigMap({ namespace: NAMESPACE, name: 'insights-config', body });
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
    await core.createNamespacedConfigMap({ namespace: NAMESPACE, body });
  }
}

/** The PrometheusRule as the cluster has it, or undefined. */
async function rule(): Promise<{ metadata: { labels?: Record<string, string> }; spec: unknown } | undefined> {
  try {
    return await custom.getNamespacedCustomObject({ ...API, name: NAME }) as { metadata: { labels?: Record<string, string> }; spec: unknown };
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

/** A started configuration observer (admin identity: its own permissions are not under test) and the service. */
async function startService(options: Partial<PrometheusRuleServiceOptions> = {}) {
  const log = captureLogger('debug');
  const observer = new ConfigObserver({ kubeConfig: admin, defaults, logger: log.logger, resyncMs: HOUR, debounceMs: 20 });
  running.push(observer);
  await observer.start();
  const service = new PrometheusRuleService({ kubeConfig: operator, config: observer, logger: log.logger, resyncMs: HOUR, ...options });
  running.push(service);
  await service.start();
  const messages = (pattern: RegExp) => log.lines().filter((l) => pattern.test(l.msg));
  return { service, observer, log, messages };
}

const operatorDenied = () => kube.sim.audit.filter((a) => a.user === OPERATOR_USER && !a.allowed).map((a) => `${a.info.verb} ${a.info.resource}/${a.info.name}`);

describe('PrometheusRuleService', () => {
  it('creates the rule from the manifest while alerting is enabled, with exactly get/create/delete on it', async () => {
    grantOperator();
    const before = operatorDenied().length;
    const { messages } = await startService();
    await vi.waitFor(async () => expect(await rule()).toBeDefined(), { timeout: 10_000, interval: 50 });
    const created = (await rule())!;
    expect(created.spec).toEqual(manifest.spec);
    expect(created.metadata.labels).toEqual(manifest.metadata.labels);
    expect(messages(/were created: alerting is enabled/)).toHaveLength(1);
    expect(operatorDenied().slice(before)).toEqual([]);
  });

  it('deletes the rule when the insights-config ConfigMap disables alerting, and re-creates it when enabled again', async () => {
    grantOperator();
    const { messages } = await startService();
    await vi.waitFor(async () => expect(await rule()).toBeDefined(), { timeout: 10_000, interval: 50 });

    await putConfigMap('alerting:\n  disabled: true\n');
    await vi.waitFor(async () => expect(await rule()).toBeUndefined(), { timeout: 10_000, interval: 50 });
    expect(messages(/were deleted: alerting is disabled/)).toHaveLength(1);

    // Another configuration change that leaves alerting disabled changes nothing.
    await putConfigMap('alerting:\n  disabled: true\nsca:\n  disabled: true\n');
    await vi.waitFor(() => expect(messages(/configuration changed: sca/)).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(await rule()).toBeUndefined();

    await putConfigMap('alerting:\n  disabled: false\n');
    await vi.waitFor(async () => expect(await rule()).toBeDefined(), { timeout: 10_000, interval: 50 });
    expect((await rule())!.spec).toEqual(manifest.spec);
    expect(messages(/were created: alerting is enabled/)).toHaveLength(2);
    expect(messages(/were deleted/)).toHaveLength(1);
  });

  it('starts with alerting disabled without creating anything, and a missing rule is not an error', async () => {
    grantOperator();
    await putConfigMap('alerting:\n  disabled: true\n');
    const { service, log, messages } = await startService();
    await service.reconcile();
    expect(await rule()).toBeUndefined();
    expect(messages(/are absent: alerting is disabled/)).toHaveLength(1);
    expect(log.lines().filter((l) => l.level >= 40)).toEqual([]);
  });

  it('retries a refused write on the periodic re-check, logging the failure once', async () => {
    const { service, messages } = await startService({ resyncMs: 50 });
    // Several passes fail with the same 403 while the operator has no grant yet.
    await vi.waitFor(() => expect(operatorDenied().filter((d) => d.startsWith('get prometheusrules')).length).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 });
    expect(await rule()).toBeUndefined();
    const failures = messages(/could not be created: HTTP 403/);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.level).toBe(40);

    grantOperator();
    await vi.waitFor(async () => expect(await rule()).toBeDefined(), { timeout: 10_000, interval: 50 });
    await service.reconcile();
    expect(messages(/could not be created/)).toHaveLength(1);
    expect(messages(/were created/)).toHaveLength(1);
  });

  it('puts back the manifest\'s rules when someone changed them, and leaves its own rules alone', async () => {
    grantOperator();
    const { service, messages } = await startService();
    await vi.waitFor(async () => expect(await rule()).toBeDefined(), { timeout: 10_000, interval: 50 });
    await service.reconcile();
    expect(messages(/re-created/)).toHaveLength(0);

    const edited = (await custom.getNamespacedCustomObject({ ...API, name: NAME })) as { spec: { groups: unknown[] } };
    edited.spec.groups = [{ name: 'insights', rules: [{ alert: 'Other', expr: 'vector(1)' }] }];
    await custom.replaceNamespacedCustomObject({ ...API, name: NAME, body: edited });
    await service.reconcile();
    expect((await rule())!.spec).toEqual(manifest.spec);
    expect(messages(/differed from the operator's manifest and were re-created/)).toHaveLength(1);
  });

  it('stays idle, with an error naming the file, when the template cannot be used', async () => {
    grantOperator();
    const bad = join(await tempDir(), 'rule.yaml');
    await writeFile(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const { service, messages } = await startService({ manifestPath: bad });
    await service.reconcile();
    expect(await rule()).toBeUndefined();
    const errors = messages(/PrometheusRule template .* cannot be used: it is not a monitoring.coreos.com\/v1 PrometheusRule/);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toContain(bad);
  });
});
