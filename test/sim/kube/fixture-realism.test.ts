import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useKubeSim } from './harness.ts';
import { loadFixture, SAMPLE_FIXTURE } from './index.ts';
import type { FixtureSeed } from './index.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;

/** The original's field anonymizers: String x-es every character, URL all but `.-/:`. */
const anonymizeString = (s: string): string => 'x'.repeat(s.length);
const anonymizeUrl = (s: string): string => s.replace(/[^.\-/:]/g, 'x');

/** Reads `a.b[0]["c.d"]` paths as the substitutions name fields. */
function at(obj: Json, field: string): unknown {
  let o: unknown = obj;
  for (const m of field.matchAll(/\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    const key = m[1] ?? (m[2] === undefined ? (JSON.parse(m[3]!) as string) : Number(m[2]));
    o = o === undefined || o === null ? undefined : (o as Json)[key];
  }
  return o;
}

describe('deanonymize: realistic values where the sample is anonymized', async () => {
  const plain = await loadFixture(SAMPLE_FIXTURE);
  const real: FixtureSeed = await loadFixture(SAMPLE_FIXTURE, undefined, { deanonymize: true });
  const subs = real.adjusted.filter((a) => a.field !== undefined) as Array<{ path: string; note: string; field: string; from: string; to: string }>;
  const kube = await useKubeSim({ fixture: 'sample', deanonymize: true });

  it('changes nothing unless asked', () => {
    expect(plain.adjusted.some((a) => a.field !== undefined)).toBe(false);
    expect(JSON.stringify(plain.objects)).toContain('xxxxxxxxxxxxxxxx-xxxxx');
  });

  it('covers the anonymized fields the brief lists', () => {
    const fields = subs.map((s) => `${s.path} ${s.field}`).join('\n');
    for (const expected of [
      /infrastructure\.json status\.infrastructureName/, /config\/node\/.* status\.nodeInfo\.(machineID|systemUUID|bootID)/,
      /insights-config\/config\.json data\["config\.yaml"\] \(httpsProxy\)/, /install-config data\.install-config \(baseDomain\)/,
      /imageregistry.*cluster\.json spec\.httpSecret/, /validatingwebhookconfigurations\/.* webhooks\[0\]\.clientConfig\.caBundle/,
      /openstackdataplanenodesets\/.*allIPs\.edpm-compute-0\.internalapi/, /machines\/.* spec\.providerID/, /alertmanager-main\/data\.json .*auth_password/,
    ]) expect(fields).toMatch(expected);
    expect(subs.length).toBeGreaterThan(100);
  });

  it('keeps each value\'s length and separators, so anonymizing it gives the file\'s value back', () => {
    for (const s of subs.filter((x) => /^[x.:/-]+$/.test(x.from))) {
      expect(s.to, s.note).not.toMatch(/^x+$/);
      expect(s.to.length, s.note).toBe(s.from.length);
      expect([anonymizeString(s.to), anonymizeUrl(s.to)], s.note).toContain(s.from);
    }
  });

  it('serves the realistic values, and the infrastructure name agrees with the API URL', async () => {
    const infra = (await rawRequest(kube.sim, '/apis/config.openshift.io/v1/infrastructures/cluster')).json<Json>();
    expect(infra['status'].infrastructureName).toMatch(/^imeixner20210707-[a-z0-9]{5}$/);
    const node = (await rawRequest(kube.sim, '/api/v1/nodes/master-0.imeixner20210707.lab.upshift.rdu2.redhat.com')).json<Json>();
    expect(node['status'].nodeInfo.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(node['status'].nodeInfo.bootID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const webhook = (await rawRequest(kube.sim, '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/machine-api')).json<Json>();
    const bundle = Buffer.from(webhook['webhooks'][0].clientConfig.caBundle, 'base64').toString();
    const file = JSON.parse(readFileSync(join(SAMPLE_FIXTURE, 'config/validatingwebhookconfigurations/machine-api.json'), 'utf8')) as Json;
    expect(bundle).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/\n]+-----END CERTIFICATE-----\n$/);
    expect(bundle.length).toBe(Buffer.from(file['webhooks'][0].clientConfig.caBundle, 'base64').length);
    const install = (await rawRequest(kube.sim, '/api/v1/namespaces/kube-system/configmaps/cluster-config-v1')).json<Json>();
    expect(install['data']['install-config']).toMatch(/^baseDomain: [a-z]+\.example\.com$/m);
    expect(install['data']['install-config']).toMatch(/^ {4}region: us-east-2$/m);
    const proxy = (await rawRequest(kube.sim, '/api/v1/namespaces/openshift-insights/configmaps/insights-config')).json<Json>();
    expect(proxy['data']['config.yaml']).toMatch(/httpsProxy: http:\/\/[a-z.]+:3128/);
  });

  it('leaves no anonymized value it knows behind, and records where each one was', async () => {
    for (const s of subs) {
      const seeded = real.seeded.filter((x) => x.path === s.path);
      expect(seeded.length, s.path).toBeGreaterThan(0);
      if (s.field.includes(' ')) continue; // inside a text value: checked through the served ConfigMaps above
      const obj = real.objects.find((o) => o.kind === seeded[0]!.kind && o.metadata.name === seeded[0]!.name && o.metadata.namespace === seeded[0]!.namespace) as Json;
      const served = at(obj, s.field);
      expect(served, s.note).toBe(s.field.endsWith('caBundle') ? served : s.to);
    }
    const text = JSON.stringify(real.objects);
    // (not toContain: a failure would print the whole cluster)
    for (const anonymized of ['xxxxxxxxxxxxxxxx-xxxxx', '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', 'eHh4eHh4eHh4', ': xxxxxxxxx']) expect(text.includes(anonymized), anonymized).toBe(false);
  });

  it('is deterministic', async () => {
    const again = await loadFixture(SAMPLE_FIXTURE, undefined, { deanonymize: true });
    expect(JSON.stringify(again)).toBe(JSON.stringify(real));
  });
});
