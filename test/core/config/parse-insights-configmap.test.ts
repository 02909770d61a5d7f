import { describe, expect, it } from 'vitest';
import { parseInsightsConfigMap } from '../../../core/config/parse-insights-configmap.ts';

const ok = (text: string) => {
  const result = parseInsightsConfigMap(text);
  if (!result.ok) throw new Error(result.error.message);
  return result;
};
const H = 3_600_000;

describe('parseInsightsConfigMap', () => {
  it('reads every section', () => {
    const { config, warnings } = ok(`
dataReporting:
  interval: 3h
  uploadEndpoint: https://up
  downloadEndpoint: https://down/%s
  downloadEndpointTechPreview: https://tp
  storagePath: /data
  conditionalGathererEndpoint: https://rules
  processingStatusEndpoint: https://ps
  obfuscation: [networking, workload_names]
  disableRuntimeExtractor: "TRUE"
alerting: {disabled: "true"}
sca: {disabled: "True", interval: 1h, endpoint: https://sca}
clusterTransfer: {interval: 6h, endpoint: https://ct}
proxy: {httpProxy: http://p, httpsProxy: https://p, noProxy: .local}
unknownSection: {ignored: true}
`);
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      dataReporting: {
        intervalMs: 3 * H, uploadEndpoint: 'https://up', downloadEndpoint: 'https://down/%s', downloadEndpointTechPreview: 'https://tp',
        storagePath: '/data', conditionalGathererEndpoint: 'https://rules', processingStatusEndpoint: 'https://ps',
        obfuscation: ['networking', 'workload_names'], disableRuntimeExtractor: true,
      },
      alerting: { disabled: true },
      sca: { disabled: true, intervalMs: H, endpoint: 'https://sca' },
      clusterTransfer: { intervalMs: 6 * H, endpoint: 'https://ct' },
      proxy: { httpProxy: 'http://p', httpsProxy: 'https://p', noProxy: '.local' },
    });
  });

  it('gives unset values for an empty document', () => {
    for (const text of ['', '{}', 'dataReporting:\n']) {
      const { config } = ok(text);
      expect(config.dataReporting.intervalMs).toBe(0);
      expect(config.dataReporting.uploadEndpoint).toBe('');
      expect(config.dataReporting.obfuscation).toEqual([]);
      expect(config.alerting.disabled).toBe(false);
      expect(config.sca).toEqual({ disabled: false, intervalMs: 0, endpoint: '' });
    }
  });

  it.each([['abc', 2 * H], ['-1h', 2 * H], ['0s', 2 * H], ['5m', 600_000], ['10m', 600_000], ['30m', 1_800_000]])(
    'dataReporting.interval %s → %d ms', (interval, ms) => {
      const { config, warnings } = ok(`dataReporting: {interval: "${interval}"}`);
      expect(config.dataReporting.intervalMs).toBe(ms);
      expect(warnings.length).toBe(ms === 1_800_000 || interval === '10m' ? 0 : 1);
      if (warnings[0] !== undefined) expect(warnings[0]).toContain('dataReporting.interval');
    });

  it('defaults invalid sca and clusterTransfer intervals without a minimum', () => {
    const { config, warnings } = ok('sca: {interval: nope}\nclusterTransfer: {interval: "-2h"}');
    expect(config.sca.intervalMs).toBe(8 * H);
    expect(config.clusterTransfer.intervalMs).toBe(12 * H);
    expect(warnings).toHaveLength(2);
    expect(ok('sca: {interval: 1m}').config.sca.intervalMs).toBe(60_000);
  });

  it('takes obfuscation as a string or a list, dropping unknown values with a warning', () => {
    expect(ok('dataReporting: {obfuscation: networking}').config.dataReporting.obfuscation).toEqual(['networking']);
    expect(ok('dataReporting: {obfuscation: ""}').config.dataReporting.obfuscation).toEqual([]);
    const { config, warnings } = ok('dataReporting: {obfuscation: [everything, workload_names]}');
    expect(config.dataReporting.obfuscation).toEqual(['workload_names']);
    expect(warnings[0]).toContain('"everything"');
  });

  it('reads booleans as "true" in any case, YAML booleans too', () => {
    expect(ok('alerting: {disabled: "yes"}').config.alerting.disabled).toBe(false);
    expect(ok('alerting: {disabled: true}').config.alerting.disabled).toBe(true);
    expect(ok('alerting: {disabled: false}').config.alerting.disabled).toBe(false);
  });

  it.each([
    ['dataReporting: [unclosed', 'not YAML'],
    ['key: "unterminated', 'not YAML'],
    ['- a list', 'must be object'],
    ['just text', 'must be object'],
    ['dataReporting: {interval: 5}', '/dataReporting/interval'],
    ['dataReporting: {obfuscation: {a: 1}}', '/dataReporting/obfuscation'],
    ['alerting: yes-please', '/alerting'],
  ])('rejects %j naming the configmap and key', (text, why) => {
    const result = parseInsightsConfigMap(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('IO_CONFIG_SOURCE_REJECTED');
    expect(result.error.message).toContain('openshift-insights/insights-config key config.yaml');
    expect(result.error.message).toContain(why);
  });
});

describe('parseInsightsConfigMap: YAML errors', () => {
  it('names the position of unparsable YAML without quoting the text, which may hold proxy credentials', () => {
    const result = parseInsightsConfigMap('proxy:\n  httpsProxy: http://user:s3cret@proxy:3128\n  bad: [unclosed\n');
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.error.message;
    expect(message).toMatch(/^configmap openshift-insights\/insights-config key config\.yaml: not YAML: .+ \(BAD_INDENT at line 4, column 1\)/);
    expect(message).not.toContain('s3cret');
  });
});
