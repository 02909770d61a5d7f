// Reliability property 15, at the service level: every failure of the rules endpoint falls back to the
// built-in rules with the original's condition reasons. Real InsightsClient, real HTTPS, console simulator.
import { describe, expect, it } from 'vitest';
import { GatheringRulesService } from '../../../core/rules/gathering-rules-service.ts';
import { builtInConfiguration, checkRemoteConfiguration } from '../../../core/rules/validate-remote-configuration.ts';
import { computeConditions } from '../../../core/status/compute-conditions.ts';
import { StatusSources } from '../../../core/status/status-sources.ts';
import { captureLogger } from '../../helpers/capture-logger.ts';
import { useConsoleSim } from '../../sim/console/harness.ts';
import { makeClient } from '../insights/client-fixture.ts';

const TOKEN = 'rules-canary-token-7f3a';
const VALID = {
  version: '1.2.3',
  conditional_gathering_rules: [{
    conditions: [{ type: 'alert_is_firing', alert: { name: 'KubePodCrashLooping' } }, { type: 'cluster_version_matches', cluster_version_matches: { version: '>=4.17.0-0 <4.19.0' } }],
    gathering_functions: { containers_logs: { alert_name: 'KubePodCrashLooping', tail_lines: 20, previous: true }, pod_definition: { alert_name: 'KubePodCrashLooping' } },
  }],
  container_logs: [{ namespace: 'openshift-etcd', pod_name_regex: '^etcd-.*', messages: ['wal: max entry size limit exceeded', 'slow fdatasync'], previous: false }],
};

describe('GatheringRulesService against the console simulator', () => {
  const console_ = useConsoleSim({ token: TOKEN });

  function service(options: { releaseVersion?: string | undefined; requestTimeoutMs?: number } = {}) {
    const capture = captureLogger();
    const sources = new StatusSources();
    const rules = new GatheringRulesService({
      http: makeClient({ logger: capture.logger, token: TOKEN, caBundleFile: console_.caFile }),
      endpoint: () => `${console_.sim.url}/api/gathering/v2/%s/gathering_rules`,
      releaseVersion: async () => ('releaseVersion' in options ? options.releaseVersion : '4.17.0-0.nightly-2026-11-01'),
      sources,
      logger: capture.logger,
      backoff: { initialMs: 20, factor: 2, attempts: 3, capMs: 100 },
      requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
    });
    const conditions = () => Object.fromEntries(computeConditions([], { sources: sources.snapshot(), disabled: undefined, startedAt: new Date(0), now: new Date(1e12) })
      .filter((c) => c.type.startsWith('RemoteConfiguration')).map((c) => [c.type, `${c.status}/${c.reason}`]));
    return { rules, sources, conditions, capture };
  }
  const rulesRequests = () => console_.sim.requests.filter((r) => r.path.includes('/gathering_rules'));

  it('uses a valid remote configuration: the release version in the path, the bearer token sent, both conditions True/Succeeded', async () => {
    console_.sim.setRules(VALID);
    const before = rulesRequests().length;
    const { rules, conditions, capture } = service();
    const loaded = await rules.load();
    expect(loaded).toMatchObject({ source: 'remote', available: true, valid: true, availableReason: 'Succeeded', validReason: 'Succeeded', message: '' });
    expect(loaded.configuration).toEqual(VALID);
    expect(loaded.endpoint).toBe(`${console_.sim.url}/api/gathering/v2/4.17.0-0.nightly-2026-11-01/gathering_rules`);
    const [request] = rulesRequests().slice(before);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(conditions()).toEqual({ RemoteConfigurationAvailable: 'True/Succeeded', RemoteConfigurationValid: 'True/Succeeded' });
    expect(capture.text()).not.toContain(TOKEN);
  });

  it('(a) 500 on every attempt: three attempts with backoff, then the built-in rules; Available=False/HttpStatus500, Valid=Unknown', async () => {
    console_.sim.setRules(VALID);
    console_.sim.script('rules', [{ status: 500, body: 'upstream exploded' }, { status: 500 }, { status: 500 }]);
    const before = rulesRequests().length;
    const { rules, conditions } = service();
    const loaded = await rules.load();
    expect(rulesRequests().length - before).toBe(3);
    expect(loaded).toMatchObject({ source: 'built-in', available: false, availableReason: 'HttpStatus500', valid: false, validReason: 'NoValidation' });
    expect(loaded.configuration).toBe(builtInConfiguration());
    expect(loaded.message).toMatch(/answered 500/);
    expect(conditions()).toEqual({ RemoteConfigurationAvailable: 'False/HttpStatus500', RemoteConfigurationValid: 'Unknown/NoValidationYet' });
  });

  it('a 500 then a 200 within the backoff uses the remote rules', async () => {
    console_.sim.setRules(VALID);
    console_.sim.script('rules', [{ status: 500 }]);
    expect((await service().rules.load()).source).toBe('remote');
  });

  it('a 404 is reported as HttpStatus404 at once: asking again cannot help', async () => {
    console_.sim.script('rules', [{ status: 404 }]);
    const before = rulesRequests().length;
    const { rules, conditions } = service();
    expect((await rules.load()).availableReason).toBe('HttpStatus404');
    expect(rulesRequests().length - before).toBe(1);
    expect(conditions().RemoteConfigurationAvailable).toBe('False/HttpStatus404');
  });

  it('(b) `{not json`: the built-in rules; Available=True, Valid=False/Invalid, naming the endpoint and the problem', async () => {
    console_.sim.setRules('{not json');
    const { rules, conditions } = service();
    const loaded = await rules.load();
    expect(loaded).toMatchObject({ source: 'built-in', available: true, valid: false, validReason: 'Invalid' });
    expect(loaded.message).toMatch(/gathering rules from https:\/\/127\.0\.0\.1:\d+\/api\/gathering\/v2\/.*\/gathering_rules are invalid: not JSON/);
    expect(conditions()).toEqual({ RemoteConfigurationAvailable: 'True/Succeeded', RemoteConfigurationValid: 'False/Invalid' });
  });

  it('(c) an unknown gathering function: Invalid, naming the function', async () => {
    const bad = structuredClone(VALID) as Record<string, any>;
    bad.conditional_gathering_rules[0].gathering_functions.gather_everything = {};
    console_.sim.setRules(bad);
    const loaded = await service().rules.load();
    expect(loaded.validReason).toBe('Invalid');
    expect(loaded.message).toContain('/conditional_gathering_rules/0/gathering_functions: unknown property "gather_everything"');
  });

  it('(c) an invalid RE2 pattern: Invalid, with the RE2 parser\'s reason', async () => {
    const bad = structuredClone(VALID) as Record<string, any>;
    bad.container_logs[0].messages = ['fine', '(?<=lookbehind)x'];
    console_.sim.setRules(bad);
    const loaded = await service().rules.load();
    expect(loaded.validReason).toBe('Invalid');
    expect(loaded.message).toMatch(/\/container_logs\/0\/messages\/1: error parsing regexp: /);
  });

  it('(d) a hang past the request deadline: NotAvailable after the attempts, and the load still ends', async () => {
    console_.sim.script('rules', [{ delayMs: 1_500 }, { delayMs: 1_500 }, { delayMs: 1_500 }]);
    const { rules, conditions } = service({ requestTimeoutMs: 200 });
    const loaded = await rules.load();
    expect(loaded).toMatchObject({ source: 'built-in', available: false, availableReason: 'NotAvailable' });
    expect(conditions().RemoteConfigurationAvailable).toBe('False/NotAvailable');
  });

  it('without a token nothing is sent and nothing retried: NotAvailable at once', async () => {
    const capture = captureLogger();
    const before = rulesRequests().length;
    const loaded = await new GatheringRulesService({
      http: makeClient({ logger: capture.logger, token: undefined, caBundleFile: console_.caFile }),
      endpoint: () => `${console_.sim.url}/api/gathering/v2/%s/gathering_rules`,
      releaseVersion: async () => '4.17.0',
      logger: capture.logger,
      backoff: { initialMs: 60_000, factor: 2, attempts: 3, capMs: 180_000 },
    }).load();
    expect(rulesRequests().length).toBe(before);
    expect(loaded).toMatchObject({ source: 'built-in', availableReason: 'NotAvailable' });
  });

  it('without a release version nothing is asked: NotAvailable, saying why', async () => {
    const before = rulesRequests().length;
    const loaded = await service({ releaseVersion: undefined }).rules.load();
    expect(rulesRequests().length).toBe(before);
    expect(loaded).toMatchObject({ source: 'built-in', availableReason: 'NotAvailable', endpoint: '' });
    expect(loaded.message).toMatch(/release version is unknown/);
  });

  it('an abort during the backoff ends the load at once with the built-in rules', async () => {
    console_.sim.script('rules', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    const rules = new GatheringRulesService({
      http: makeClient({ logger: captureLogger().logger, token: TOKEN, caBundleFile: console_.caFile }),
      endpoint: () => `${console_.sim.url}/api/gathering/v2/%s/gathering_rules`,
      releaseVersion: async () => '4.17.0',
      logger: captureLogger().logger,
      backoff: { initialMs: 60_000, factor: 2, attempts: 3, capMs: 180_000 },
    });
    const controller = new AbortController();
    const loading = rules.load({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gather cancelled')), 100);
    expect((await loading).source).toBe('built-in');
    // Last in this file on purpose: it leaves two scripted 503s unconsumed.
    expect(console_.sim.pendingScripts('rules')).toBe(2);
  });
});

describe('checkRemoteConfiguration: the published limits', () => {
  const variant = (edit: (c: any) => void): string => {
    const copy = structuredClone(VALID);
    edit(copy);
    return JSON.stringify(copy);
  };
  const problem = (body: string): string => {
    const check = checkRemoteConfiguration(body);
    return check.valid ? '' : check.problem;
  };

  it('accepts the valid document and the built-in rules', () => {
    expect(checkRemoteConfiguration(JSON.stringify(VALID)).valid).toBe(true);
    expect(checkRemoteConfiguration(JSON.stringify(builtInConfiguration())).valid).toBe(true);
  });

  it.each([
    ['no version', (c: any) => { delete c.version; }, "(root) must have required property 'version'"],
    ['no container_logs', (c: any) => { delete c.container_logs; }, "(root) must have required property 'container_logs'"],
    ['an unknown top-level field', (c: any) => { c.rules = []; }, '(root): unknown property "rules"'],
    ['no rules', (c: any) => { c.conditional_gathering_rules = []; }, '/conditional_gathering_rules must NOT have fewer than 1 items'],
    ['65 rules', (c: any) => { c.conditional_gathering_rules = Array.from({ length: 65 }, () => c.conditional_gathering_rules[0]); }, '/conditional_gathering_rules must NOT have more than 64 items'],
    ['9 conditions', (c: any) => {
      c.conditional_gathering_rules[0].conditions = Array.from({ length: 9 }, (_, i) => ({ type: 'alert_is_firing', alert: { name: `A${i}` } }));
    }, '/conditional_gathering_rules/0/conditions must NOT have more than 8 items'],
    ['duplicate conditions', (c: any) => { c.conditional_gathering_rules[0].conditions.push(c.conditional_gathering_rules[0].conditions[0]); }, 'must NOT have duplicate items'],
    ['no gathering function', (c: any) => { c.conditional_gathering_rules[0].gathering_functions = {}; }, 'must NOT have fewer than 1 properties'],
    ['tail_lines 4097', (c: any) => { c.conditional_gathering_rules[0].gathering_functions.containers_logs.tail_lines = 4097; }, '/tail_lines must be <= 4096'],
    ['tail_lines 0', (c: any) => { c.conditional_gathering_rules[0].gathering_functions.containers_logs.tail_lines = 0; }, '/tail_lines must be >= 1'],
    ['an alert name with a space', (c: any) => { c.conditional_gathering_rules[0].conditions[0].alert.name = 'Kube Pod'; }, '/alert/name must match pattern'],
    ['a namespace outside openshift-', (c: any) => { c.conditional_gathering_rules[0].gathering_functions.logs_of_namespace = { namespace: 'default', tail_lines: 1 }; }, '/logs_of_namespace/namespace must match pattern'],
    ['an unknown parameter', (c: any) => { c.conditional_gathering_rules[0].gathering_functions.pod_definition.pod_prefix = 'x'; }, 'unknown property "pod_prefix"'],
    ['an unknown condition type', (c: any) => { c.conditional_gathering_rules[0].conditions[0] = { type: 'moon_is_full' }; }, '/conditions/0 must match exactly one schema in oneOf'],
    ['a bad semver range', (c: any) => { c.conditional_gathering_rules[0].conditions[1].cluster_version_matches.version = 'four point seventeen'; }, 'must match format "semver-range"'],
    ['a container-log namespace outside openshift-/kube-', (c: any) => { c.container_logs[0].namespace = 'default'; }, '/container_logs/0/namespace must match pattern'],
    ['a backtracking-only pod regex', (c: any) => { c.container_logs[0].pod_name_regex = '(a)\\1'; }, '/container_logs/0/pod_name_regex'],
  ])('rejects %s', (_name, edit, expected) => {
    expect(problem(variant(edit))).toContain(expected);
  });
});
