import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeContainer } from '../../../core/container/composition-root.ts';
import { Tokens } from '../../../core/container/tokens.ts';
import { resolveGatherSettings } from '../../../core/gather/gather-settings.ts';
import { connectKube } from '../../../core/kube/connect.ts';
import { loadPlugins } from '../../../core/loader/plugin-loader.ts';
import { createArchiveProtection, REDACTIONS_RECORD_NAME } from '../../../core/protect/archive-protection.ts';
import type { RedactionReport } from '../../../core/protect/archive-protection.ts';
import type { SecretScrubber } from '../../../core/protect/protection.ts';
import { createSecretScrubber } from '../../../core/protect/secret-scrubber.ts';
import { gathersJson, readArchive } from '../../helpers/read-archive.ts';
import type { ArchiveFile } from '../../helpers/read-archive.ts';
import { startGatherIdentitySim } from '../../helpers/gather-identity.ts';
import type { GatherIdentitySim } from '../../helpers/gather-identity.ts';
import { useMonitoringStack } from '../../helpers/monitoring-stack.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { requireMonitoring } from '../../sim/monitoring/require-monitoring.ts';
import { Canaries, canaryNeedles } from '../../sim/kube/index.ts';
import type { Canary } from '../../sim/kube/index.ts';

// Canaries of our own (seed 7), distinct from the generated cluster's (seed 1), one per shape the
// scrubber knows (core/protect/scrub-rules.ts), placed where the generated cluster has none or few.
const planted = new Canaries(7);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const PLANTED_CM = 'planted-canaries';
const SHAPES: ReadonlyArray<{ key: string; rule: string; text: (c: Canaries) => string }> = [
  // config_maps replaces PEM blocks written out (structural anonymization); one escaped inside JSON gets past it.
  { key: 'tls.json', rule: 'pem-private-key', text: (c) => `{"tls":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA${c.nextPem('PEM body in a JSON string')}q3Vb0kXh8mR2c9dLw4yTnP\\n-----END RSA PRIVATE KEY-----\\n"}` },
  { key: 'webhook.txt', rule: 'bearer-token', text: (c) => `curl -H "Authorization: Bearer ${c.next('bearer token')}" https://hooks.example.com\n` },
  { key: 'proxy-auth.txt', rule: 'basic-auth', text: (c) => `Proxy-Authorization: Basic ${b64(`proxyuser:${c.next('basic auth (base64)')}`)}\n` },
  { key: 'git-remote.txt', rule: 'url-userinfo', text: (c) => `url = https://deploy:${c.next('https URL userinfo')}@git.example.com/org/repo.git\n` },
  { key: 'database-url.txt', rule: 'url-userinfo', text: (c) => `postgres://app:${c.next('postgres DSN')}@db.example.com:5432/app?sslmode=require\n` },
  { key: 'mysql-dsn.txt', rule: 'go-dsn', text: (c) => `app:${c.next('go DSN')}@tcp(mysql.example.com:3306)/app?parseTime=true\n` },
  { key: 'aws-key-id.txt', rule: 'aws-access-key-id', text: (c) => `aws_access_key_id AKIA${c.nextPem('AWS access key id')}\n` },
  { key: 'aws.env', rule: 'key-equals-value', text: (c) => `AWS_REGION=us-east-1\nAWS_SECRET_ACCESS_KEY=${c.next('AWS secret access key (env file)')}\n` },
  { key: 'azure.txt', rule: 'azure-storage-key', text: (c) => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${c.next('Azure account key')};EndpointSuffix=core.windows.net\n` },
  { key: 'github.txt', rule: 'github-token', text: (c) => `token ghp_${c.nextPem('GitHub token')}AbCdEfGhIj\n` },
  { key: 'slack.txt', rule: 'slack-token', text: (c) => `slack xoxb-${c.next('Slack token')}\n` },
  { key: 'registry.json', rule: 'docker-auth', text: (c) => `{"auths":{"registry.example.com":{"auth":"${b64(`robot:${c.next('docker auth (base64)')}`)}"}}}` },
  { key: 'client.json', rule: 'json-named-value', text: (c) => `{"clientId":"reports","clientSecret":"${c.next('JSON clientSecret')}"}` },
  { key: 'applied.json', rule: 'escaped-json-named-value', text: (c) => `{"metadata":{"annotations":{"last-applied":"{\\"apiToken\\":\\"${c.next('JSON inside a JSON string')}\\"}"}}}` },
  { key: 'pod.json', rule: 'env-value', text: (c) => `{"env":[{"name":"ADMIN_PASSWORD","value":"${c.next('env value in JSON')}"}]}` },
  { key: 'pod-applied.json', rule: 'escaped-env-value', text: (c) => `{"a":"{\\"env\\":[{\\"name\\":\\"DB_PASSWORD\\",\\"value\\":\\"${c.next('env value in JSON inside a JSON string')}\\"}]}"}` },
  { key: 'deployment.yaml', rule: 'yaml-env-value', text: (c) => `env:\n- name: API_TOKEN\n  value: ${c.next('env value in YAML')}\n` },
  { key: 'app.yaml', rule: 'yaml-named-value', text: (c) => `database:\n  host: db\n  password: ${c.next('YAML password')}\n` },
  { key: 'start.sh', rule: 'key-equals-value', text: (c) => `exec server --admin-password=${c.next('command-line flag')} --port 8080\n` },
];
const PLANTED_DATA = Object.fromEntries(SHAPES.map((s) => [s.key, s.text(planted)]));
const plantedFile = (key: string) => `config/configmaps/openshift-config/${PLANTED_CM}/${key}`;

// Prefixes shared by every canary, raw and base64 at each alignment: a cheap filter before the needles.
const PREFILTER = [...canaryNeedles('CANARY-1-'), ...canaryNeedles('CANARY1PEM'), ...canaryNeedles('CANARY-7-'), ...canaryNeedles('CANARY7PEM')].filter((n) => n.length >= 6);
function canariesIn(text: string, canaries: readonly Canary[]): Canary[] {
  if (!PREFILTER.some((p) => text.includes(p))) return [];
  return canaries.filter((c) => canaryNeedles(c.value).some((n) => text.includes(n)));
}

const monitoring = requireMonitoring();

describe.skipIf(monitoring.skip)('secret scrubbing, end to end: the large generated cluster (with its monitoring stack) and planted canaries', () => {
  const stack = useMonitoringStack();
  let env: GatherIdentitySim;
  let files: ArchiveFile[];
  let all: Canary[];
  /** File (as the scrubber saw it, before masking) → canaries in it. */
  const before = new Map<string, Canary[]>();

  beforeAll(async () => {
    env = await startGatherIdentitySim({ scale: 'large', dir: await tempDir() });
    env.sim.store.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: PLANTED_CM, namespace: 'openshift-config' }, data: PLANTED_DATA });
    all = [...env.sim.canaries, ...planted.list];
    const real = createSecretScrubber();
    // The real scrubber, watched: which canaries each entry held when it reached the scrubber.
    const watched: SecretScrubber = {
      scrub(entry) {
        const found = canariesIn(`${entry.name}\n${entry.data.toString('latin1')}`, all);
        if (found.length > 0) before.set(entry.name, found);
        return real.scrub(entry);
      },
    };
    const logger = pino({ level: 'silent' });
    const config = { monitoring: await stack.settings(await tempDir()) };
    const container = composeContainer({ logger, config, plugins: await loadPlugins(), kube: () => connectKube({ kubeconfig: env.kubeconfig }) });
    container.register(Tokens.ArchiveProtection, { useValue: async () => createArchiveProtection({ networking: false, logger, scrubber: watched }) });
    const outcome = await container.resolve(Tokens.GatherService).gather(resolveGatherSettings({}, { storagePath: await tempDir() }));
    files = await readArchive(outcome.archivePath!);
  }, 300_000);
  afterAll(() => env?.sim.close());

  it('gathers the cluster and the planted ConfigMap: the canaries did reach the recorder', () => {
    // 20,000 pods: workload_info stops at its 8,000-pod cap with the original's error (its records are still
    // written, and scrubbed like every other); everything else ends ok.
    const notOk = gathersJson(files).status_reports.filter((r) => r.status !== 'ok' && r.status !== 'disabled');
    expect(notOk.map((r) => `${r.name}: ${(r.errors ?? []).join('; ')}`)).toEqual([
      'workloads/workload_info: the 8000 limit for number of pods gathered was reached',
      'workloads: function "workload_info" failed with an error',
    ]);
    const reached = new Set([...before.values()].flat());
    // Before the scrubber existed, 37 distinct canaries of the generated cluster (outside Secrets:
    // env values, URLs, ConfigMaps) reached the archive; they all still reach the recorder.
    const generated = [...reached].filter((c) => !planted.list.includes(c));
    console.info(`canaries reaching the recorder: ${generated.length} of the generated cluster, ${reached.size - generated.length} planted, in ${before.size} files`);
    expect(generated.length).toBeGreaterThanOrEqual(37);
    expect(new Set([...reached].filter((c) => planted.list.includes(c)))).toEqual(new Set(planted.list));
  });

  it('lets no canary into the archive, in any content or entry name', () => {
    const leaked = files.flatMap((f) => canariesIn(`${f.name}\n${f.data.toString('latin1')}`, all).map((c) => `${f.name}: ${c.where}`));
    expect(leaked).toEqual([]);
  });

  it('lists each location in insights-operator/redactions.json: every file that held a canary, with the rule for each planted shape', () => {
    const report = JSON.parse(files.find((f) => f.name === REDACTIONS_RECORD_NAME)!.data.toString('utf8')) as RedactionReport;
    const listed = new Set(report.redactions.map((r) => r.file));
    expect([...before.keys()].filter((file) => !listed.has(file))).toEqual([]);
    const pairs = new Set(report.redactions.map((r) => `${r.file} ${r.rule}`));
    expect(SHAPES.map((s) => `${plantedFile(s.key)} ${s.rule}`).filter((p) => !pairs.has(p))).toEqual([]);
    expect(report.total).toBe(report.redactions.reduce((sum, r) => sum + r.count, 0));
    // Never a value: the report carries only file, rule and count.
    expect(report.redactions.every((r) => Object.keys(r).sort().join() === 'count,file,rule')).toBe(true);
    expect(canariesIn(JSON.stringify(report), all)).toEqual([]);
    // Every listed file is in the archive (networking is off here, so names are unchanged).
    const names = new Set(files.map((f) => f.name));
    expect([...listed].filter((file) => !names.has(file))).toEqual([]);
  });
});
