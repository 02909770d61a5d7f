import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectPluginContract } from 'insights-operator/plugin-api/testing';
import { gatewayApiCrds, gatewayApiObjects } from './gateway-api-objects.ts';

const PLUGIN = fileURLToPath(new URL('..', import.meta.url));

describe('gateway_api keeps the plugin contract', () => {
  it('with the Gateway API installed (paths, permissions, abort, secrets, determinism, loading)', async () => {
    await expect(expectPluginContract(PLUGIN, { objects: [...gatewayApiCrds, ...gatewayApiObjects] })).resolves.toBeUndefined();
  });

  it('on an OpenShift cluster without the Gateway API', async () => {
    await expect(expectPluginContract(PLUGIN, { cluster: 'sample' })).resolves.toBeUndefined();
  });
});
