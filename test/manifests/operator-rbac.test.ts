import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATHER_USER, OPERATOR_USER } from '../helpers/gather-identity.ts';
import { startOperatorProcess } from '../helpers/operator-process.ts';
import type { OperatorProcess } from '../helpers/operator-process.ts';
import { useConsoleSim } from '../sim/console/harness.ts';
import { useKubeSim } from '../sim/kube/harness.ts';
import type { AuditRecord } from '../sim/kube/index.ts';
import { ruleAllows } from '../sim/kube/rbac.ts';
import { sampleReport } from '../core/report/report-fixtures.ts';
import { describePermission, loadManifests, permissionsOf, REPO_ROOT } from './manifest-files.ts';
import type { Permission } from './manifest-files.ts';

// RBAC enforced, with nothing granted but what manifests/ grants: the operator runs with the `operator`
// account's token exactly as the Deployment runs it, and impersonates `gather` as config/pod.yaml says.
const kube = await useKubeSim({ fixture: 'sample', rbac: true, manifests: 'project' });
const TOKEN = `manifests-${process.pid}-tok`;
const consoleSim = useConsoleSim({ token: TOKEN });
const POD = 'insights-operator-6d5f8b7c9-x2x7q';

/**
 * Operator permissions a run of a few seconds on this cluster does not use, each for its reason; any
 * other unused permission would be broader than the code needs.
 */
const UNUSED_WITH_REASON: Readonly<Record<string, string>> = {
  'update core/secrets/obfuscation-translation-table in openshift-insights': 'the first gather creates the table; later gathers update it',
  'update core/secrets/etc-pki-entitlement in openshift-config-managed': 'the first SCA pull creates it; later pulls update it',
  'get core/secrets/etc-pki-entitlement-amd64 in openshift-config-managed': 'clusters whose nodes have several architectures only',
  'update core/secrets/etc-pki-entitlement-amd64 in openshift-config-managed': 'multi-architecture clusters only',
  'get core/secrets/etc-pki-entitlement-arm64 in openshift-config-managed': 'multi-architecture clusters only',
  'update core/secrets/etc-pki-entitlement-arm64 in openshift-config-managed': 'multi-architecture clusters only',
  'get core/secrets/etc-pki-entitlement-ppc64le in openshift-config-managed': 'multi-architecture clusters only',
  'update core/secrets/etc-pki-entitlement-ppc64le in openshift-config-managed': 'multi-architecture clusters only',
  'get core/secrets/etc-pki-entitlement-s390x in openshift-config-managed': 'multi-architecture clusters only',
  'update core/secrets/etc-pki-entitlement-s390x in openshift-config-managed': 'multi-architecture clusters only',
  'get core/secrets/global-pull-secret in kube-system': 'HyperShift\'s fallback, read only when the pull secret has no token (it is watched all the same)',
  'get monitoring.coreos.com/prometheusrules/insights-prometheus-rules in openshift-insights': 'the PrometheusRule service, when alerting is on',
  'create monitoring.coreos.com/prometheusrules in openshift-insights': 'the PrometheusRule service, when alerting is on and the rule is missing',
  'delete monitoring.coreos.com/prometheusrules/insights-prometheus-rules in openshift-insights': 'only when alerting.disabled turns true',
  // The cluster's kube-rbac-proxies in front of Prometheus and Alertmanager check these; the simulated
  // cluster has no monitoring stack, so no request here can use them.
  'get monitoring.coreos.com/prometheuses/api/k8s in openshift-monitoring': "checked by Prometheus' kube-rbac-proxy, not by the API server",
  'get monitoring.coreos.com/alertmanagers/api/main in openshift-monitoring': "checked by Alertmanager's kube-rbac-proxy, not by the API server",
};

function dockerconfig(auths: Record<string, { auth: string }>): Record<string, string> {
  return { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') };
}

/** Whether an allowed request of the operator's own account (not impersonating) used this permission. */
function used(p: Permission, audit: readonly AuditRecord[]): boolean {
  if (p.verb === 'impersonate') return audit.some((r) => r.allowed && r.impersonatedBy === OPERATOR_USER && r.user === GATHER_USER);
  const rule = { verbs: [p.verb], apiGroups: [p.group], resources: [p.resource], ...(p.name === undefined ? {} : { resourceNames: [p.name] }) };
  return audit.some((r) => r.allowed && r.user === OPERATOR_USER && r.impersonatedBy === undefined && ruleAllows(rule, r.info)
    && (p.namespace === undefined || r.info.namespace === p.namespace));
}

describe('the operator with only the RBAC of manifests/', () => {
  let operator: OperatorProcess;
  let dir: string;
  let storage: string;
  let health: string;

  beforeAll(async () => {
    const store = kube.sim.store;
    const cluster = store.get('config.openshift.io/v1', 'ClusterVersion', 'version') as unknown as { spec: { clusterID: string } };
    consoleSim.sim.setReport(cluster.spec.clusterID, sampleReport());
    consoleSim.sim.setTransfers([{
      id: 'transfer-1', href: '/api/accounts_mgmt/v1/cluster_transfers/transfer-1', cluster_uuid: cluster.spec.clusterID,
      owner: 'old-owner', recipient: 'new-owner', status: 'accepted', expiration_date: '2030-01-01T00:00:00Z',
      secret: JSON.stringify({ auths: { 'registry.transfer.example.com': { auth: 'dHJhbnNmZXI=' } } }),
      created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z',
    }]);
    store.add({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'pull-secret', namespace: 'openshift-config' }, data: dockerconfig({ 'cloud.openshift.com': { auth: TOKEN } }),
    });
    // Everything Red Hat's side answers is the console simulator; networking obfuscation exercises the
    // reads of the cluster's networks and the translation-table secret.
    const api = `${consoleSim.sim.url}/api`;
    store.add({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'insights-config', namespace: 'openshift-insights' },
      data: {
        'config.yaml': stringify({
          dataReporting: {
            uploadEndpoint: `${api}/ingress/v1/upload`,
            downloadEndpoint: `${api}/insights-results-aggregator/v2/cluster/%s/reports`,
            conditionalGathererEndpoint: `${api}/gathering/v2/%s/gathering_rules`,
            obfuscation: ['networking'],
          },
          sca: { disabled: 'false', endpoint: `${api}/accounts_mgmt/v1/entitlement_certificates` },
          clusterTransfer: { endpoint: `${api}/accounts_mgmt/v1/cluster_transfers/` },
        }),
      },
    });
    // Its own pod, healthy: the first gather starts at once, as after a clean start.
    store.add({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: POD, namespace: 'openshift-insights', labels: { app: 'insights-operator' } },
      spec: { serviceAccountName: 'operator', containers: [{ name: 'insights-operator', image: 'insights-operator' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'insights-operator', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-01T00:00:00Z' } } }] },
    });
    // The sample's InsightsOperator without the summary of an earlier report: the operator writes it anew.
    const insightsOperator = store.get('operator.openshift.io/v1', 'InsightsOperator', 'cluster')!;
    const { insightsReport: _earlier, ...status } = (insightsOperator as { status?: Record<string, unknown> }).status ?? {};
    store.add({ ...insightsOperator, status });
    // Gone, so that the operator has to create it (07-cluster-operator.yaml makes it in a cluster).
    store.remove('config.openshift.io/v1', 'ClusterOperator', 'insights');

    dir = await mkdtemp(join(tmpdir(), 'io-manifests-operator-'));
    storage = join(dir, 'archives');
    // The image's configuration (its `impersonate` above all), with local storage, quick timings and
    // monitoring endpoints that refuse at once instead of names that do not resolve here.
    const pod = parseYaml(await readFile(join(REPO_ROOT, 'config/pod.yaml'), 'utf8')) as Record<string, unknown>;
    pod['storagePath'] = storage;
    pod['interval'] = '10m';
    pod['pull_report'] = { ...(pod['pull_report'] as object), delay: '300ms', min_retry: '300ms' };
    if (pod['monitoring'] !== undefined) pod['monitoring'] = { ...(pod['monitoring'] as object), prometheusURL: 'https://127.0.0.1:9', alertmanagerURL: 'https://127.0.0.1:9' };
    pod['operatorTimings'] = { uploadFirstDelay: '0s', uploadRetry: '200ms', statusMinWrite: '1s', statusResync: '3s', rulesRetry: '100ms' };
    await writeFile(join(dir, 'pod.yaml'), stringify(pod));
    const kubeconfig = join(dir, 'operator.kubeconfig');
    await kube.sim.writeKubeconfig(kubeconfig, { token: kube.sim.serviceAccountToken('openshift-insights', 'operator') });

    operator = startOperatorProcess([
      'start', '--config', join(dir, 'pod.yaml'), '--kubeconfig', kubeconfig, '--listen', '127.0.0.1',
      '--metrics-port', '0', '--health-port', '0', '--log-format', 'json', '--trusted-ca-bundle', consoleSim.caFile,
    ], { env: { ...process.env, POD_NAME: POD, POD_NAMESPACE: 'openshift-insights', RELEASE_VERSION: '4.18.0' } });
    health = (await operator.waitForLog((l) => l.msg === 'operator started'))['health'] as string;
  }, 60_000);

  afterAll(async () => {
    if (process.env.DEBUG_OPERATOR_LOGS) console.log(operator.logs.filter((l) => l.level >= 40).map((l) => JSON.stringify(l).slice(0, 400)).join('\n'));
    await operator?.stop('SIGKILL').catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('gathers as the impersonated gather account and uploads the archive', async () => {
    await expect.poll(() => consoleSim.sim.uploads.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    expect((await readdir(storage)).filter((f) => f.endsWith('.tar.gz'))).toHaveLength(1);
    const gathered = kube.sim.audit.filter((r) => r.user === GATHER_USER && r.impersonatedBy === OPERATOR_USER && r.allowed);
    expect(gathered.length).toBeGreaterThan(50);
  });

  it('creates the insights ClusterOperator and writes its status with its own identity', async () => {
    await expect.poll(() => {
      const co = kube.sim.store.get('config.openshift.io/v1', 'ClusterOperator', 'insights') as { status?: { conditions?: Array<{ type: string; status: string }>; extension?: { lastReportTime?: string } } } | undefined;
      const available = co?.status?.conditions?.find((c) => c.type === 'Available')?.status;
      return [available, typeof co?.status?.extension?.lastReportTime];
    }, { timeout: 30_000 }).toEqual(['True', 'string']);
    const writes = kube.sim.audit.filter((r) => r.user === OPERATOR_USER && r.impersonatedBy === undefined && r.allowed && r.info.resource === 'clusteroperators');
    expect(new Set(writes.map((r) => `${r.info.verb} ${r.info.subresource}`))).toEqual(new Set(['get ', 'create ', 'update status']));
  });

  it('writes the secrets it owns: entitlement, pull secret (cluster transfer), translation table', async () => {
    await expect.poll(() => kube.sim.store.get('v1', 'Secret', 'etc-pki-entitlement', 'openshift-config-managed') !== undefined, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => {
      const secret = kube.sim.store.get('v1', 'Secret', 'pull-secret', 'openshift-config') as unknown as { data: Record<string, string> };
      return Object.keys((JSON.parse(Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString()) as { auths: object }).auths).sort();
    }, { timeout: 30_000 }).toEqual(['cloud.openshift.com', 'registry.transfer.example.com']);
    expect(kube.sim.store.get('v1', 'Secret', 'obfuscation-translation-table', 'openshift-insights')).toBeDefined();
  });

  it('records the downloaded report on the InsightsOperator status', async () => {
    await expect.poll(() => {
      const io = kube.sim.store.get('operator.openshift.io/v1', 'InsightsOperator', 'cluster') as { status?: { insightsReport?: { downloadedAt?: string } } } | undefined;
      return typeof io?.status?.insightsReport?.downloadedAt;
    }, { timeout: 30_000 }).toBe('string');
  });

  it('answers the Deployment\'s probes', async () => {
    const base = new URL(health);
    for (const path of ['/healthz', '/readyz']) {
      const response = await request(new URL(path, base));
      await response.body.dump();
      expect(response.statusCode, path).toBe(200);
    }
  });

  // Whether the gather account is refused nothing is manifests/gather-rbac.test.ts's question.
  it('is refused nothing with its own identity', () => {
    const refused = kube.sim.audit.filter((r) => !r.allowed && (r.user === OPERATOR_USER || r.impersonatedBy === OPERATOR_USER) && r.user !== GATHER_USER);
    expect(refused.map((r) => `${r.user} ${r.info.verb} ${r.info.resource}${r.info.subresource === '' ? '' : `/${r.info.subresource}`} ${r.info.namespace}/${r.info.name}`)).toEqual([]);
  });

  it('is granted nothing it did not use but what is listed with its reason', () => {
    const granted = permissionsOf(loadManifests(), 'openshift-insights', 'operator');
    const unused = granted.filter((p) => !used(p, kube.sim.audit)).map(describePermission);
    expect(unused.filter((p) => UNUSED_WITH_REASON[p] === undefined)).toEqual([]);
    // The list stays honest: what it excuses is granted.
    expect(Object.keys(UNUSED_WITH_REASON).filter((p) => !granted.map(describePermission).includes(p))).toEqual([]);
  });
});
