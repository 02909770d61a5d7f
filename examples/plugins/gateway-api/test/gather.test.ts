import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherWithPlugin } from 'insights-operator/plugin-api/testing';
import { gatewayApiCrds, gatewayApiObjects, TLS_KEY_CANARY } from './gateway-api-objects.ts';

/** The plugin folder, loaded through the operator's real loader as `--plugins-dir` would load it. */
const PLUGIN = fileURLToPath(new URL('..', import.meta.url));
const ROOT = 'config/gateway.networking.k8s.io';

type GatherResult = Awaited<ReturnType<typeof gatherWithPlugin>>;

describe('gateway_api on a cluster with the Gateway API installed', () => {
  let result: GatherResult;
  beforeAll(async () => {
    result = await gatherWithPlugin(PLUGIN, { objects: [...gatewayApiCrds, ...gatewayApiObjects] });
  });
  afterAll(async () => {
    await result?.close();
  });

  it('writes one record per GatewayClass, as the server returned it without managedFields', () => {
    const names = result.records.map((r) => r.name).filter((n) => n.startsWith(`${ROOT}/gatewayclasses/`)).sort();
    expect(names).toEqual([`${ROOT}/gatewayclasses/istio.json`, `${ROOT}/gatewayclasses/openshift-default.json`]);
    const gatewayClass = result.record(`${ROOT}/gatewayclasses/openshift-default.json`)!.json<{
      kind: string; metadata: Record<string, unknown>; spec: unknown; status: { conditions: Array<{ type: string }> };
    }>();
    expect(gatewayClass.kind).toBe('GatewayClass');
    expect(gatewayClass.spec).toEqual({ controllerName: 'openshift.io/gateway-controller/v1' });
    expect(gatewayClass.status.conditions.map((c) => c.type)).toEqual(['Accepted']);
    expect(gatewayClass.metadata).not.toHaveProperty('managedFields');
  });

  it('writes one record per Gateway under its namespace, keeping hostnames and only references to TLS certificates', () => {
    const names = result.records.map((r) => r.name).filter((n) => n.startsWith(`${ROOT}/gateways/`)).sort();
    expect(names).toEqual([`${ROOT}/gateways/edge/public.json`, `${ROOT}/gateways/shop/internal.json`]);
    const gateway = result.record(`${ROOT}/gateways/edge/public.json`)!.json<{
      metadata: Record<string, unknown>; spec: { gatewayClassName: string; listeners: unknown[] }; status: unknown;
    }>();
    expect(gateway.metadata).toMatchObject({ name: 'public', namespace: 'edge', generation: expect.any(Number) });
    expect(gateway.spec.gatewayClassName).toBe('openshift-default');
    expect(gateway.spec.listeners).toEqual([
      { name: 'http', hostname: '*.apps.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      {
        name: 'https', hostname: 'shop.apps.example.com', port: 443, protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls', namespace: 'edge' }] },
      },
    ]);
    expect(gateway.status).toMatchObject({ conditions: [{ type: 'Programmed', status: 'True' }] });
    // Labels, annotations (a last-applied configuration) and TLS options stay in the cluster.
    const text = result.record(`${ROOT}/gateways/edge/public.json`)!.text();
    for (const left of ['last-applied-configuration', 'team', 'hunter2', 'private-key-passphrase', 'dropped']) expect(text).not.toContain(left);
  });

  it('counts HTTPRoutes per namespace in one record, and no route is written on its own', () => {
    expect(result.record(`${ROOT}/httproutes.json`)!.json()).toEqual({
      total: 3,
      namespaces: [
        { namespace: 'edge', routes: 1, rules: 1, hostnames: 0 },
        { namespace: 'shop', routes: 2, rules: 3, hostnames: 2 },
      ],
    });
    expect(result.records.map((r) => r.name).filter((n) => n.includes('storefront') || n.includes('checkout'))).toEqual([]);
  });

  it('reports every function ok in gathers.json with its record count, and never reads a Secret', () => {
    const entries = new Map(result.metadata.status_reports.map((r) => [r.name, r]));
    expect(entries.get('gateway_api/gateway_classes')).toMatchObject({ status: 'ok', records_count: 2, errors: null });
    expect(entries.get('gateway_api/gateways')).toMatchObject({ status: 'ok', records_count: 2, errors: null });
    expect(entries.get('gateway_api/httproutes')).toMatchObject({ status: 'ok', records_count: 1, errors: null });
    expect(entries.get('gateway_api')).toMatchObject({ status: 'ok', records_count: 5, version: '0.1.0' });
    for (const r of result.records) expect(r.text(), r.name).not.toContain(TLS_KEY_CANARY);
    // Besides discovery, one list per function, each allowed by the declared permissions: no Secret read.
    const reads = result.requests.filter((a) => a.info.resource !== '').map((a) => `${a.info.verb} ${a.info.resource} ${a.allowed}`);
    expect(reads.sort()).toEqual(['list gatewayclasses true', 'list gateways true', 'list httproutes true']);
  });
});

describe('gateway_api on a cluster without the Gateway API', () => {
  for (const cluster of ['empty', 'sample'] as const) {
    it(`writes nothing and reports no error on the ${cluster} cluster`, async () => {
      const result = await gatherWithPlugin(PLUGIN, { cluster });
      try {
        expect(result.records.filter((r) => r.name.startsWith(`${ROOT}/`))).toEqual([]);
        const ours = result.metadata.status_reports.filter((r) => r.name.startsWith('gateway_api/'));
        expect(ours.map((r) => [r.name, r.status, r.records_count, r.errors])).toEqual([
          ['gateway_api/gateway_classes', 'ok', 0, null],
          ['gateway_api/gateways', 'ok', 0, null],
          ['gateway_api/httproutes', 'ok', 0, null],
        ]);
      } finally {
        await result.close();
      }
    });
  }

  it('writes a zero count when the CRDs are installed but no route exists', async () => {
    const result = await gatherWithPlugin(PLUGIN, { objects: gatewayApiCrds, functions: ['httproutes'] });
    try {
      expect(result.record(`${ROOT}/httproutes.json`)?.json()).toEqual({ total: 0, namespaces: [] });
    } finally {
      await result.close();
    }
  });
});
