import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../../config/support-secret.schema.json' with { type: 'json' };
import { parseSupportSecret } from '../../../core/config/parse-support-secret.ts';

const b64 = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
const ok = (data: Record<string, string>) => {
  const result = parseSupportSecret(b64(data));
  if (!result.ok) throw new Error(result.error.message);
  return result;
};

describe('parseSupportSecret', () => {
  it('reads every key', () => {
    const { config, warnings } = ok({
      interval: '3h', endpoint: 'https://up', conditionalGathererEndpoint: 'https://rules', httpProxy: 'http://p',
      httpsProxy: 'https://p', noProxy: '.local', enableGlobalObfuscation: 'TRUE', reportEndpoint: 'https://rep',
      reportPullingDelay: '0s', reportPullingTimeout: '5m', reportMinRetryTime: '20s', scaEndpoint: 'https://sca',
      scaInterval: '1h', scaPullDisabled: 'True', clusterTransferEndpoint: 'https://ct', clusterTransferInterval: '2h',
      processingStatusEndpoint: 'https://ps', reportEndpointTechPreview: 'https://tp', disableInsightsAlerts: 'tRuE',
      username: 'u', password: 'p',
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      intervalMs: 10_800_000, endpoint: 'https://up', conditionalGathererEndpoint: 'https://rules',
      proxy: { httpProxy: 'http://p', httpsProxy: 'https://p', noProxy: '.local' }, enableGlobalObfuscation: true,
      reportEndpoint: 'https://rep', reportPullingDelayMs: 0, reportPullingTimeoutMs: 300_000, reportMinRetryTimeMs: 20_000,
      scaEndpoint: 'https://sca', scaIntervalMs: 3_600_000, scaDisabled: true, clusterTransferEndpoint: 'https://ct',
      clusterTransferIntervalMs: 7_200_000, processingStatusEndpoint: 'https://ps', reportEndpointTechPreview: 'https://tp',
      disableInsightsAlerts: true,
    });
  });

  it('leaves absent keys unset, proxy empty, scaDisabled false', () => {
    const { config } = ok({});
    expect(config.endpoint).toBeUndefined();
    expect(config.intervalMs).toBeUndefined();
    expect(config.reportPullingDelayMs).toBeUndefined();
    expect(config.proxy).toEqual({ httpProxy: '', httpsProxy: '', noProxy: '' });
    expect(config.scaDisabled).toBe(false);
  });

  it('reads booleans other than "true" as false', () => {
    const { config } = ok({ enableGlobalObfuscation: 'yes', disableInsightsAlerts: '1', scaPullDisabled: 'false' });
    expect([config.enableGlobalObfuscation, config.disableInsightsAlerts, config.scaDisabled]).toEqual([false, false, false]);
  });

  it.each(['reportPullingDelay', 'reportPullingTimeout', 'reportMinRetryTime', 'scaInterval', 'clusterTransferInterval'])(
    'keeps the previous %s when invalid, with a warning naming the key', (key) => {
      const { config, warnings } = ok({ [key]: 'soon', endpoint: 'https://up' });
      expect(config.endpoint).toBe('https://up');
      expect(Object.values(config)).not.toContain(Number.NaN);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`openshift-config/support key ${key}`);
      expect(warnings[0]).toContain('"soon"');
    });

  it.each([['abc', 'must be a duration'], ['9m59s', 'too short'], ['-1h', 'too short'], ['0', 'too short'], ['', 'must be a duration']])(
    'rejects the whole secret for interval %j', (interval, why) => {
      const result = parseSupportSecret(b64({ interval, endpoint: 'https://up' }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('IO_CONFIG_SOURCE_REJECTED');
      expect(result.error.message).toContain('openshift-config/support key interval');
      expect(result.error.message).toContain(why);
    });

  it('accepts exactly 10m', () => expect(ok({ interval: '10m' }).config.intervalMs).toBe(600_000));

  it('ignores a value that is not base64, with a warning', () => {
    const result = parseSupportSecret({ endpoint: 'not base64!' });
    expect(result.ok && result.config.endpoint).toBeUndefined();
    expect(result.warnings[0]).toContain('key endpoint');
  });

  it('matches its schema', () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(b64({ interval: '2h', username: 'u' }))).toBe(true);
    expect(validate({ interval: 'not base64!' })).toBe(false);
  });
});
