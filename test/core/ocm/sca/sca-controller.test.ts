import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorConfig } from '../../../../core/config/merge-config.ts';
import { ScaController } from '../../../../core/ocm/sca/sca-controller.ts';
import { computeConditions } from '../../../../core/status/compute-conditions.ts';
import { SourceName } from '../../../../core/status/condition.ts';
import { StatusSources } from '../../../../core/status/status-sources.ts';
import type { Scheduler } from '../../../../core/time/scheduler.ts';
import { captureLogger } from '../../../helpers/capture-logger.ts';
import { FakeInsightsHttp, fakeResponse } from '../../../helpers/fake-insights-http.ts';
import { testOperatorConfig } from '../../../helpers/test-operator-config.ts';
import { useKubeSim } from '../../../sim/kube/harness.ts';

const kube = await useKubeSim({ fixture: 'sample' });
const NS = 'openshift-config-managed';
const KEY_TEXT = '-----BEGIN RSA PRIVATE KEY-----\nVERY-SECRET-KEY-MATERIAL\n-----END RSA PRIVATE KEY-----\n';
let kc: KubeConfig;

beforeAll(() => {
  kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  kube.sim.store.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});

afterEach(() => {
  for (const s of kube.sim.store.list('v1', 'Secret', NS)) kube.sim.store.remove('v1', 'Secret', s.metadata.name, NS);
  kube.sim.store.remove('v1', 'Node', 'arm-worker');
});

/** Fires every timer at once and records the delays asked for. */
function instantScheduler(delays: number[]): Scheduler {
  return {
    setTimeout(callback, ms) {
      delays.push(ms);
      return setImmediate(callback);
    },
    clearTimeout: (handle) => clearImmediate(handle as NodeJS.Immediate),
  };
}

function setup(options: { config?: Readonly<OperatorConfig>; scheduler?: Scheduler; logger?: pino.Logger } = {}) {
  const http = new FakeInsightsHttp();
  const sources = new StatusSources();
  const config = options.config ?? testOperatorConfig({ sca: { intervalMs: 3200, endpoint: 'https://ocm.example/api/accounts_mgmt/v1/entitlement_certificates' } });
  const controller = new ScaController({
    http, config: () => config, sources, kubeConfig: kc,
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
  return { http, sources, controller, status: () => sources.get(SourceName.pullingSCACerts) };
}

function item(arch: string, cert: string, key: string) {
  return { id: `id-${arch}`, organization_id: '1', cert, key, metadata: { arch } };
}

function secretData(name: string): Record<string, string> | undefined {
  const secret = kube.sim.store.get('v1', 'Secret', name, NS) as { data?: Record<string, string>; type?: string } | undefined;
  if (secret?.data === undefined) return undefined;
  return Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describe('ScaController', () => {
  it('POSTs the architectures and writes etc-pki-entitlement with the certificate and key', async () => {
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, { items: [item('x86_64', 'CERT-1', KEY_TEXT)], kind: 'EntitlementCertificateList', total: 1 }));
    await controller.runOnce();
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({ method: 'POST', auth: 'ocm', url: 'https://ocm.example/api/accounts_mgmt/v1/entitlement_certificates' });
    expect(JSON.parse(String(http.requests[0]!.body))).toEqual({ arch: ['x86_64'] });
    expect(secretData('etc-pki-entitlement')).toEqual({ 'entitlement.pem': 'CERT-1', 'entitlement-key.pem': KEY_TEXT });
    expect((kube.sim.store.get('v1', 'Secret', 'etc-pki-entitlement', NS) as { type?: string }).type).toBe('Opaque');
    expect(status()).toMatchObject({ healthy: true, reason: 'Updated', message: 'SCA certs successfully updated' });
  });

  it('updates an existing secret with new data', async () => {
    const { http, controller } = setup();
    http.script(
      fakeResponse(200, { items: [item('x86_64', 'CERT-OLD', 'KEY-OLD')], total: 1 }),
      fakeResponse(200, { items: [item('x86_64', 'CERT-NEW', 'KEY-NEW')], total: 1 }),
    );
    await controller.runOnce();
    await controller.runOnce();
    expect(secretData('etc-pki-entitlement')).toEqual({ 'entitlement.pem': 'CERT-NEW', 'entitlement-key.pem': 'KEY-NEW' });
  });

  it('writes the control plane\'s certificate and one secret per architecture on a multi-arch cluster', async () => {
    kube.sim.store.add({
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: 'arm-worker', labels: { 'node-role.kubernetes.io/worker': '' } },
      status: { nodeInfo: { architecture: 'arm64' } },
    });
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, { items: [item('aarch64', 'CERT-ARM', 'KEY-ARM'), item('x86_64', 'CERT-X86', 'KEY-X86')], total: 2 }));
    await controller.runOnce();
    expect(JSON.parse(String(http.requests[0]!.body))).toEqual({ arch: ['aarch64', 'x86_64'] });
    expect(secretData('etc-pki-entitlement')).toEqual({ 'entitlement.pem': 'CERT-X86', 'entitlement-key.pem': 'KEY-X86' });
    expect(secretData('etc-pki-entitlement-amd64')).toEqual({ 'entitlement.pem': 'CERT-X86', 'entitlement-key.pem': 'KEY-X86' });
    expect(secretData('etc-pki-entitlement-arm64')).toEqual({ 'entitlement.pem': 'CERT-ARM', 'entitlement-key.pem': 'KEY-ARM' });
    expect(status()).toMatchObject({ healthy: true, reason: 'Updated' });
  });

  it('fails to process when the control plane\'s architecture has no certificate', async () => {
    kube.sim.store.add({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'arm-worker' }, status: { nodeInfo: { architecture: 'arm64' } } });
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, { items: [item('aarch64', 'C', 'K'), item('s390x', 'C', 'K')], total: 2 }));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: false, reason: 'FailedToProcessSCACerts' });
    expect(secretData('etc-pki-entitlement')).toBeUndefined();
  });

  it('backs off on 5xx: interval/32, doubling, 5 attempts, then reports the status text', async () => {
    const delays: number[] = [];
    const { http, controller, status } = setup({ scheduler: instantScheduler(delays) });
    http.fallback = fakeResponse(500, 'upstream down');
    await controller.runOnce();
    expect(http.requests).toHaveLength(5);
    expect(delays).toEqual([100, 200, 400, 800]);
    expect(status()).toMatchObject({ healthy: false, reason: 'InternalServerError', httpStatusCode: 500 });
    expect(status()?.message).toContain('upstream down');
  });

  it('recovers within the cycle when a retry succeeds', async () => {
    const delays: number[] = [];
    const { http, controller, status } = setup({ scheduler: instantScheduler(delays) });
    http.script(fakeResponse(503), fakeResponse(502), fakeResponse(200, { items: [item('x86_64', 'C', 'K')], total: 1 }));
    await controller.runOnce();
    expect(http.requests).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
    expect(status()).toMatchObject({ healthy: true, reason: 'Updated' });
  });

  it('does not retry a 404 and reports NotFound (SCAAvailable=False, not degraded)', async () => {
    const { http, controller, status, sources } = setup();
    http.script(fakeResponse(404, { reason: 'no SCA' }));
    await controller.runOnce();
    expect(http.requests).toHaveLength(1);
    expect(status()).toMatchObject({ healthy: false, reason: 'NotFound', httpStatusCode: 404 });
    const now = new Date();
    const conditions = computeConditions([], { sources: sources.snapshot(), disabled: undefined, startedAt: new Date(0), now });
    expect(conditions.find((c) => c.type === 'SCAAvailable')).toMatchObject({ status: 'False', reason: 'NotFound' });
    expect(conditions.find((c) => c.type === 'Degraded')).toMatchObject({ status: 'False' });
  });

  it('reports a transport error as healthy NonHTTPError (a disconnected cluster)', async () => {
    const { http, controller, status } = setup();
    http.script(new Error('POST https://ocm.example got no HTTP response (dns): getaddrinfo ENOTFOUND'));
    await controller.runOnce();
    expect(http.requests).toHaveLength(1);
    expect(status()).toMatchObject({ healthy: true, reason: 'NonHTTPError' });
  });

  it('reports Disabled and sends nothing when SCA is disabled', async () => {
    const { http, controller, status } = setup({ config: testOperatorConfig({ sca: { disabled: true } }) });
    await controller.runOnce();
    expect(http.requests).toHaveLength(0);
    expect(status()).toMatchObject({ healthy: true, reason: 'Disabled' });
  });

  it('refuses a malformed answer without quoting it', async () => {
    const { http, controller, status } = setup();
    http.script(fakeResponse(200, `{"items":[{"key":"${'LEAKED-KEY'}"`));
    await controller.runOnce();
    expect(status()).toMatchObject({ healthy: false, reason: 'FailedToProcessSCACerts' });
    expect(status()?.message).not.toContain('LEAKED-KEY');
  });

  it('never logs the certificate or the key', async () => {
    const captured = captureLogger();
    const { http, controller } = setup({ logger: captured.logger });
    http.script(fakeResponse(200, { items: [item('x86_64', 'CERT-SHOULD-NOT-BE-LOGGED', KEY_TEXT)], total: 1 }));
    await controller.runOnce();
    expect(captured.text()).toContain('SCA entitlement secret written');
    expect(captured.text()).not.toContain('CERT-SHOULD-NOT-BE-LOGGED');
    expect(captured.text()).not.toContain('VERY-SECRET-KEY-MATERIAL');
  });

  it('runs at start and every interval until stopped', async () => {
    const config = testOperatorConfig({ sca: { intervalMs: 30 } });
    const { http, controller, sources } = setup({ config });
    http.fallback = fakeResponse(200, { items: [item('x86_64', 'C', 'K')], total: 1 });
    controller.start();
    expect(sources.get(SourceName.pullingSCACerts)).toMatchObject({ ready: false });
    const deadline = Date.now() + 5000;
    while (http.requests.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await controller.stop();
    const count = http.requests.length;
    expect(count).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 80));
    expect(http.requests.length).toBe(count);
  });
});
