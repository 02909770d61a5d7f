import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOperatorConfig } from '../../../core/config/operator-config.ts';
import { defaultsFromPodConfig, monitoringFromPodConfig } from '../../../core/config/operator-defaults.ts';

const ORIGINAL = {
  prometheusURL: 'https://prometheus-k8s.openshift-monitoring.svc:9091',
  alertmanagerURL: 'https://alertmanager-main.openshift-monitoring.svc:9094',
  caFile: '/var/run/configmaps/service-ca-bundle/service-ca.crt',
};

describe('the monitoring settings', () => {
  it('are the original\'s in config/pod.yaml and when the file names none', () => {
    const pod = parseOperatorConfig(readFileSync('config/pod.yaml', 'utf8'), 'config/pod.yaml');
    expect(monitoringFromPodConfig(pod)).toEqual(ORIGINAL);
    expect(defaultsFromPodConfig(pod).monitoring).toEqual(ORIGINAL);
    expect(monitoringFromPodConfig({})).toEqual(ORIGINAL);
  });

  it('take each key from the file, the others keeping their defaults', () => {
    const file = parseOperatorConfig('monitoring:\n  prometheusURL: https://thanos-querier.openshift-monitoring.svc:9091/prefix\n', 'test.yaml');
    expect(monitoringFromPodConfig(file)).toEqual({ ...ORIGINAL, prometheusURL: 'https://thanos-querier.openshift-monitoring.svc:9091/prefix' });
  });

  it('are validated: https URLs only, no unknown keys, no empty CA path', () => {
    expect(() => parseOperatorConfig('monitoring:\n  prometheusURL: http://prometheus:9090\n', 'a.yaml')).toThrow(/a\.yaml is invalid: .*monitoring\/prometheusURL/);
    expect(() => parseOperatorConfig('monitoring:\n  alertmanagerURL: https://user:pw@am:9094\n', 'b.yaml')).toThrow(/monitoring\/alertmanagerURL/);
    expect(() => parseOperatorConfig('monitoring:\n  token: abc\n', 'c.yaml')).toThrow(/monitoring/);
    expect(() => parseOperatorConfig('monitoring:\n  caFile: ""\n', 'd.yaml')).toThrow(/monitoring\/caFile/);
  });
});
