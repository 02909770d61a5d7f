import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertmanagerConfig } from '../../../plugins/clusterconfig/alertmanager-config.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import type { KubeObject } from '../../sim/kube/index.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';
import { readSampleText } from './monitoring-fixtures.ts';
import { useSampleCluster } from './setup.ts';
import { withObjects, withoutObject } from './store-helpers.ts';

const PATH = 'config/secrets/openshift-monitoring/alertmanager-main/data.json';
const SECRET = { apiVersion: 'v1', kind: 'Secret', name: 'alertmanager-main', namespace: 'openshift-monitoring' };
const b64 = (s: string): string => Buffer.from(s).toString('base64');
/** The original's mask: an `x` per byte. */
const x = (s: string): string => 'x'.repeat(Buffer.byteLength(s));

function alertmanagerSecret(data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET.name, namespace: SECRET.namespace }, type: 'Opaque', data };
}

/** A configuration with a canary in every place the original masks, and in the sections it leaves out. */
const CANARY_CONFIG = {
  global: { resolve_timeout: '5m', smtp_auth_password: 'zqcanary-global-smtp', slack_api_url: 'https://hooks.slack.com/zqcanary-global' },
  templates: ['/etc/zqcanary/*.tmpl'],
  route: { receiver: 'team', group_by: ['alertname'], routes: [{ receiver: 'pager', matchers: ['severity="critical"'], continue: true }] },
  inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['namespace'] }],
  receivers: [
    {
      name: 'team',
      slack_configs: [{ api_url: 'https://hooks.slack.com/services/zqcanary-slack', channel: '#ops', send_resolved: true }],
      email_configs: [{ to: 'ops@example.com', smarthost: 'smtp.zqcanary.example:587', auth_username: 'zqcanary-user', auth_password: 'zqcanary-password', auth_identity: 'zqcanary-id' }],
      webhook_configs: [{
        url: 'https://hooks.zqcanary.example/alerts', max_alerts: 10,
        http_config: { authorization: { type: 'Bearer', credentials: 'zqcanary-credentials' }, basic_auth: { username: 'u', password: 'zqcanary-basic' }, bearer_token: 'zqcanary-bearer', tls_config: { insecure_skip_verify: false } },
      }],
    },
    { name: 'pager', pagerduty_configs: [{ routing_key: 'zqcanary-routing', service_key: 'zqcanary-service', severity: 'critical' }], opsgenie_configs: [{ api_key: 'zqcanary-opsgenie', responders: [{ name: 'sre', type: 'team' }] }] },
  ],
};

describe('clusterconfig/alertmanager_config', () => {
  const env = useSampleCluster();

  it("writes the sample's routing configuration at the sample's path, byte for byte as Go orders its keys", async () => {
    const out = await gatherFunction(alertmanagerConfig, { kube: env.kube });
    expect(out.records.map((r) => r.path)).toEqual([PATH]);
    // The sample's keys are in Go's (sorted) order: written compact, the files are the same bytes.
    expect(out.byPath.get(PATH)!.text).toBe(JSON.stringify(JSON.parse(await readSampleText(PATH))));
    expect(out.errors).toEqual([]);
  });

  it('masks every URL, host, key, password, token, secret and auth value, keeps the rest, and drops global and templates', async () => {
    await withObjects(env.sim, [alertmanagerSecret({ 'alertmanager.yaml': b64(stringify(CANARY_CONFIG)), 'unrelated.tmpl': b64('zqcanary-template') })], async () => {
      const out = await gatherFunction(alertmanagerConfig, { kube: env.kube });
      const text = out.byPath.get(PATH)!.text;
      expect(text).not.toContain('zqcanary');
      const recorded = JSON.parse(text) as Record<string, any>;
      expect(Object.keys(recorded)).toEqual(['inhibit_rules', 'receivers', 'route']);
      const [team, pager] = recorded['receivers'];
      expect(team.slack_configs[0]).toEqual({ api_url: x('https://hooks.slack.com/services/zqcanary-slack'), channel: '#ops', send_resolved: true });
      expect(team.email_configs[0]).toEqual({
        auth_identity: x('zqcanary-id'), auth_password: x('zqcanary-password'), auth_username: x('zqcanary-user'), smarthost: x('smtp.zqcanary.example:587'), to: 'ops@example.com',
      });
      // Below a sensitive key everything is masked: authorization.credentials, basic_auth's user name too.
      expect(team.webhook_configs[0]).toEqual({
        http_config: { authorization: { credentials: x('zqcanary-credentials'), type: x('Bearer') }, basic_auth: { password: x('zqcanary-basic'), username: 'x' }, bearer_token: x('zqcanary-bearer'), tls_config: { insecure_skip_verify: false } },
        max_alerts: 10, url: x('https://hooks.zqcanary.example/alerts'),
      });
      expect(pager.pagerduty_configs[0]).toEqual({ routing_key: x('zqcanary-routing'), service_key: x('zqcanary-service'), severity: 'critical' });
      expect(pager.opsgenie_configs[0]).toEqual({ api_key: x('zqcanary-opsgenie'), responders: [{ name: 'sre', type: 'team' }] });
      expect(recorded['route']).toEqual({ group_by: ['alertname'], receiver: 'team', routes: [{ continue: true, matchers: ['severity="critical"'], receiver: 'pager' }] });
      expect(recorded['inhibit_rules']).toEqual(CANARY_CONFIG.inhibit_rules);
    });
  });

  it('reads only the alertmanager-main Secret, by name', async () => {
    const before = env.sim.requests.length;
    await gatherFunction(alertmanagerConfig, { kube: env.kube });
    expect(env.sim.requests.slice(before).map((r) => r.path)).toEqual(['/api/v1/namespaces/openshift-monitoring/secrets/alertmanager-main']);
  });

  it('writes nothing and reports nothing without the Secret, or without alertmanager.yaml in it', async () => {
    const without = await withoutObject(env.sim, SECRET, () => gatherFunction(alertmanagerConfig, { kube: env.kube }));
    expect([without.records, without.errors]).toEqual([[], []]);
    const noKey = await withObjects(env.sim, [alertmanagerSecret({ 'alertmanager.yml': b64('route: {}') })], () => gatherFunction(alertmanagerConfig, { kube: env.kube }));
    expect([noKey.records, noKey.errors]).toEqual([[], []]);
  });

  it('fails, naming the reason, when alertmanager.yaml is not YAML', async () => {
    const error = await withObjects(env.sim, [alertmanagerSecret({ 'alertmanager.yaml': b64('route: [unclosed') })], () => gatherFunction(alertmanagerConfig, { kube: env.kube })).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^invalid YAML: /);
  });
});

describe('clusterconfig/alertmanager_config on an empty cluster', () => {
  const env = useSampleCluster({});

  it('writes nothing and reports nothing', async () => {
    const out = await gatherFunction(alertmanagerConfig, { kube: env.kube });
    expect([out.records, out.errors, out.warnings]).toEqual([[], [], []]);
  });
});

describeDeclaredPermissions('alertmanager_config', alertmanagerConfig, [PATH]);
