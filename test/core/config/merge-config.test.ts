import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../../core/config/merge-config.ts';
import { defaultsFromPodConfig } from '../../../core/config/operator-defaults.ts';
import { parseOperatorConfig } from '../../../core/config/operator-config.ts';
import { parseInsightsConfigMap } from '../../../core/config/parse-insights-configmap.ts';
import { parseSupportSecret } from '../../../core/config/parse-support-secret.ts';
import { Token } from '../../../core/config/token.ts';

const H = 3_600_000;
const defaults = defaultsFromPodConfig(parseOperatorConfig(readFileSync('config/pod.yaml', 'utf8'), 'config/pod.yaml'));
const secret = (data: Record<string, string>) => {
  const r = parseSupportSecret(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
  if (!r.ok) throw r.error;
  return r.config;
};
const cm = (text: string) => {
  const r = parseInsightsConfigMap(text);
  if (!r.ok) throw r.error;
  return r.config;
};
const token = new Token('tok-SECRET');

describe('config/pod.yaml defaults', () => {
  it('carries the original values', () => {
    expect(defaults.intervalMs).toBe(2 * H);
    expect(defaults.reportPullingTimeoutMs).toBe(3_000_000);
    expect(defaults.reportMinRetryTimeMs).toBe(30_000);
    expect(defaults.impersonate).toBe('system:serviceaccount:openshift-insights:gather');
    expect(defaults.clusterTransferIntervalMs).toBe(12 * H);
    expect(defaults.file.gather?.kubeQPS).toBe(50);
  });
  it('takes built-in values for missing keys and rejects zero durations', () => {
    expect(defaultsFromPodConfig({}).intervalMs).toBe(10 * 60_000);
    expect(defaultsFromPodConfig({}).reportPullingTimeoutMs).toBe(30 * 60_000);
    expect(() => defaultsFromPodConfig({ interval: '0s' }, 'f.yaml')).toThrow(/f\.yaml interval/);
  });
});

describe('mergeConfig', () => {
  it('is the defaults alone, frozen, reporting off without a token', () => {
    const c = mergeConfig(defaults);
    expect(c.intervalMs).toBe(2 * H);
    expect(c.reporting.enabled).toBe(false);
    expect(c.reporting.uploadEndpoint).toBe(defaults.endpoint);
    expect(c.obfuscation).toEqual([]);
    expect(Object.isFrozen(c) && Object.isFrozen(c.reporting) && Object.isFrozen(c.obfuscation)).toBe(true);
    expect(mergeConfig(defaults, undefined, undefined, token).reporting.enabled).toBe(true);
  });

  it('reporting needs both endpoint and token; the configmap cannot re-enable it', () => {
    const noEndpoint = defaultsFromPodConfig({ endpoint: '' });
    expect(noEndpoint.endpoint).not.toBe('');
    const off = { ...defaults, endpoint: '' };
    expect(mergeConfig(off, undefined, cm('dataReporting: {uploadEndpoint: https://x}'), token).reporting.enabled).toBe(false);
    expect(mergeConfig(off, secret({ endpoint: 'https://s' }), undefined, token).reporting.enabled).toBe(true);
    expect(mergeConfig(defaults, undefined, cm('dataReporting: {uploadEndpoint: https://x}')).reporting.enabled).toBe(false);
  });

  it('precedence: configmap > secret > pod.yaml', () => {
    const s = secret({ endpoint: 'https://s', interval: '3h', reportEndpoint: 'https://s-rep', scaInterval: '1h' });
    const c = cm('dataReporting: {uploadEndpoint: https://c, interval: 4h}\nsca: {endpoint: https://c-sca}');
    const both = mergeConfig(defaults, s, c, token);
    expect(both.reporting.uploadEndpoint).toBe('https://c');
    expect(both.intervalMs).toBe(4 * H);
    expect(both.reporting.downloadEndpoint).toBe('https://s-rep');
    expect(both.sca).toMatchObject({ endpoint: 'https://c-sca', intervalMs: H });
    const secretOnly = mergeConfig(defaults, s);
    expect([secretOnly.reporting.uploadEndpoint, secretOnly.intervalMs]).toEqual(['https://s', 3 * H]);
  });

  it('empty strings and non-positive durations of the secret do not win; a pulling delay of 0 does', () => {
    const m = mergeConfig(defaults, secret({ endpoint: '', reportPullingTimeout: '0s', reportMinRetryTime: '-1s', reportPullingDelay: '0s', scaInterval: '0s' }));
    expect(m.reporting.uploadEndpoint).toBe(defaults.endpoint);
    expect(m.reporting.pullingTimeoutMs).toBe(defaults.reportPullingTimeoutMs);
    expect(m.reporting.minRetryMs).toBe(defaults.reportMinRetryTimeMs);
    expect(m.reporting.pullingDelayMs).toBe(0);
    expect(m.sca.intervalMs).toBe(defaults.scaIntervalMs);
    expect(mergeConfig(defaults, secret({})).reporting.pullingDelayMs).toBe(60_000);
  });

  it('ORs obfuscation and alerts; always copies scaDisabled and the proxy from the secret', () => {
    const base = { ...defaults, enableGlobalObfuscation: true, disableInsightsAlerts: true, scaDisabled: true };
    const m = mergeConfig(base, secret({ enableGlobalObfuscation: 'false', httpsProxy: 'https://p' }));
    expect(m.obfuscation).toEqual(['networking']);
    expect(m.alerting.disabled).toBe(true);
    expect(m.sca.disabled).toBe(false);
    expect(m.proxy).toEqual({ httpProxy: '', httpsProxy: 'https://p', noProxy: '' });
    expect(mergeConfig(base).sca.disabled).toBe(true);
  });

  it('appends obfuscation lists of secret and configmap', () => {
    expect(mergeConfig(defaults, secret({ enableGlobalObfuscation: 'true' }), cm('dataReporting: {obfuscation: workload_names}')).obfuscation)
      .toEqual(['networking', 'workload_names']);
    expect(mergeConfig(defaults, secret({ enableGlobalObfuscation: 'true' }), cm('dataReporting: {obfuscation: [networking]}')).obfuscation)
      .toEqual(['networking']);
  });

  it('an existing configmap resets the booleans it does not set', () => {
    const s = secret({ disableInsightsAlerts: 'true', scaPullDisabled: 'true' });
    expect(mergeConfig(defaults, s).alerting.disabled).toBe(true);
    const m = mergeConfig({ ...defaults, disableRuntimeExtractor: true }, s, cm('proxy: {noProxy: .x}'));
    expect([m.alerting.disabled, m.sca.disabled, m.disableRuntimeExtractor]).toEqual([false, false, false]);
    expect(m.proxy.noProxy).toBe('.x');
    expect(mergeConfig(defaults, undefined, cm('alerting: {disabled: "true"}')).alerting.disabled).toBe(true);
  });

  it('zero configmap intervals and empty strings do not win', () => {
    const m = mergeConfig(defaults, undefined, cm('{}'));
    expect(m.intervalMs).toBe(2 * H);
    expect(m.clusterTransfer).toEqual({ intervalMs: 12 * H, endpoint: defaults.clusterTransferEndpoint });
    expect(m.storagePath).toBe('/var/lib/insights-operator');
    expect(mergeConfig(defaults, undefined, cm('dataReporting: {storagePath: /d}')).storagePath).toBe('/d');
  });

  it('never prints the token', () => {
    expect(JSON.stringify(mergeConfig(defaults, undefined, undefined, token))).not.toContain('tok-SECRET');
  });
});
