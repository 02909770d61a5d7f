import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, FormData } from 'undici';
import { request } from 'undici';
import { checkRemoteConfiguration } from '../../../core/rules/validate-remote-configuration.ts';
import { DEFAULT_RULES, generatedEntitlement, startConsoleSim } from './index.ts';
import type { ConsoleSim } from './index.ts';
import { trustingAgent, uploadForm, validArchive } from './fixtures.ts';

const TOKEN = 'canary-token-3f9a';
const CLUSTER = '0d1e5e5e-1111-4222-8333-444455556666';
const UPLOAD = '/api/ingress/v1/upload';
const REPORT = `/api/insights-results-aggregator/v2/cluster/${CLUSTER}/reports`;
const RULES = '/api/gathering/v2/4.16.0/gathering_rules';
const SCA = '/api/accounts_mgmt/v1/entitlement_certificates';
const transfersPath = (id: string, status = 'accepted') =>
  `/api/accounts_mgmt/v1/cluster_transfers/?search=${encodeURIComponent(`cluster_uuid is '${id}' and status is '${status}'`)}`;
const BEARER = { authorization: `Bearer ${TOKEN}` };
const ACCESS = { authorization: `AccessToken ${CLUSTER}:${TOKEN}`, 'content-type': 'application/json' };

let sim: ConsoleSim;
let agent: Agent;
beforeAll(async () => {
  sim = await startConsoleSim({ token: TOKEN, clusterId: CLUSTER, orgId: '424242' });
  agent = trustingAgent(sim.caPem);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

async function call(path: string, options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string | FormData } = {}) {
  const res = await request(`${sim.url}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {}, body: options.body, dispatcher: agent });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}

describe('console simulator: ingress', () => {
  it('accepts the operator\'s upload: 202, request id in header and body, the archive kept with its digest and gathering time', async () => {
    const archive = await validArchive();
    const before = sim.uploads.length;
    const res = await call(UPLOAD, { method: 'POST', headers: BEARER, body: uploadForm(archive, { gatheringTime: '2024-06-01T00:00:00Z' }) });
    expect(res.status).toBe(202);
    const requestId = res.headers['x-rh-insights-request-id'];
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.json()).toEqual({ request_id: requestId, upload: { org_id: '424242' } });
    const sha256 = createHash('sha256').update(archive).digest('hex');
    expect(sim.uploads.slice(before)).toEqual([expect.objectContaining({ requestId, sha256, gatheringTime: '2024-06-01T00:00:00Z' })]);
    expect(sim.uploads.at(-1)!.bytes.equals(archive)).toBe(true);
    const record = sim.requests.at(-1)!;
    expect(record).toMatchObject({ route: 'upload', method: 'POST', path: UPLOAD, status: 202, scripted: false });
    expect(record.upload).toEqual({ partName: 'file', partType: 'application/vnd.redhat.openshift.periodic', archiveSha256: sha256, gatheringTime: '2024-06-01T00:00:00Z', requestId });
  });

  it('enforces the contract: 400 wrong part, 415 wrong type, 413 too big, 400 an unreadable archive', async () => {
    const small = await startConsoleSim({ token: TOKEN, maxBytes: 4096 });
    const smallAgent = trustingAgent(small.caPem);
    try {
      const archive = await validArchive();
      const post = async (body: ReturnType<typeof uploadForm>) => {
        const res = await request(`${small.url}${UPLOAD}`, { method: 'POST', headers: BEARER, body, dispatcher: smallAgent });
        return { status: res.statusCode, text: await res.body.text() };
      };
      expect(await post(uploadForm(archive, { partName: 'payload' }))).toMatchObject({ status: 400, text: expect.stringMatching(/no file part named "file" or "upload"/) });
      expect((await post(uploadForm(archive, { type: 'application/octet-stream' }))).status).toBe(415);
      expect((await post(uploadForm(archive, { type: 'application/vnd.redhat.advisor.upload' }))).status).toBe(415);
      expect((await post(uploadForm(Buffer.alloc(4097)))).status).toBe(413);
      expect(await post(uploadForm(Buffer.from('truncated junk')))).toMatchObject({ status: 400, text: expect.stringMatching(/the archive is not valid: not a readable tar\.gz/) });
      expect(small.uploads).toEqual([]);
      expect(small.requests.map((r) => r.status)).toEqual([400, 415, 415, 413, 400]);
      expect(small.requests[4]!.upload?.error).toMatch(/not valid/);
    } finally {
      await smallAgent.close();
      await small.close();
    }
  });

  it('with validateArchives: false, accepts any bytes the contract allows', async () => {
    const lax = await startConsoleSim({ token: TOKEN, validateArchives: false });
    const laxAgent = trustingAgent(lax.caPem);
    try {
      const res = await request(`${lax.url}${UPLOAD}`, { method: 'POST', headers: BEARER, body: uploadForm(Buffer.from('junk')), dispatcher: laxAgent });
      expect(res.statusCode).toBe(202);
      await res.body.dump();
      expect(lax.uploads[0]!.bytes.toString()).toBe('junk');
    } finally {
      await laxAgent.close();
      await lax.close();
    }
  });

  it('answers 401 to a missing or wrong token with a body that echoes the Authorization header', async () => {
    const archive = await validArchive();
    const none = await call(UPLOAD, { method: 'POST', body: uploadForm(archive) });
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ authorization: null });
    const wrong = await call(UPLOAD, { method: 'POST', headers: { authorization: 'Bearer other-secret' }, body: uploadForm(archive) });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Bearer other-secret');
    const ocmStyle = await call(UPLOAD, { method: 'POST', headers: { authorization: `AccessToken ${CLUSTER}:${TOKEN}` }, body: uploadForm(archive) });
    expect(ocmStyle.status).toBe(401);
    expect(ocmStyle.text).toContain(`AccessToken ${CLUSTER}:${TOKEN}`);
  });

  it('accepts a new token after setToken, and refuses the old one', async () => {
    const other = await startConsoleSim({ token: 'old' });
    const otherAgent = trustingAgent(other.caPem);
    try {
      other.setToken('new');
      expect(other.token).toBe('new');
      const get = async (token: string) => {
        const res = await request(`${other.url}${RULES}`, { headers: { authorization: `Bearer ${token}` }, dispatcher: otherAgent });
        await res.body.dump();
        return res.statusCode;
      };
      expect(await get('old')).toBe(401);
      expect(await get('new')).toBe(200);
    } finally {
      await otherAgent.close();
      await other.close();
    }
  });
});

describe('console simulator: report and rules', () => {
  it('serves the report set for the cluster, 404 before that and for other clusters', async () => {
    expect((await call(REPORT, { headers: BEARER })).status).toBe(404);
    const report = { report: { meta: { count: 1, last_checked_at: '2024-06-01T00:00:00Z' }, data: [{ rule_id: 'r.report', total_risk: 2 }] } };
    sim.setReport(CLUSTER, report);
    const res = await call(REPORT, { headers: BEARER });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual(report);
    const other = await call('/api/insights-results-aggregator/v2/cluster/another/reports', { headers: BEARER });
    expect(other.status).toBe(404);
    expect(other.json()).toEqual({ status: 'Item with ID another was not found in the storage' });
    expect((await call(REPORT)).status).toBe(401);
  });

  it("serves '*' for any cluster without its own report, and a string as is (malformed JSON)", async () => {
    sim.setReport('*', '{"report": nope');
    const res = await call('/api/insights-results-aggregator/v2/cluster/any-cluster/reports', { headers: BEARER });
    expect(res).toMatchObject({ status: 200, text: '{"report": nope' });
    sim.setReport('*', undefined);
    expect((await call('/api/insights-results-aggregator/v2/cluster/any-cluster/reports', { headers: BEARER })).status).toBe(404);
  });

  it('serves the default rules until setRules, for any version, with the bearer token only', async () => {
    const res = await call(RULES, { headers: BEARER });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(DEFAULT_RULES);
    expect(res.json()).toMatchObject({ version: '1.0.0', container_logs: [] });
    expect(checkRemoteConfiguration(JSON.stringify(res.json())).valid).toBe(true);
    const rules = { version: '1.2.3', conditional_gathering_rules: [{ conditions: [], gathering_functions: { logs_of_namespace: { namespace: 'openshift-x', tail_lines: 10 } } }], container_logs: [] };
    sim.setRules(rules);
    expect((await call('/api/gathering/v2/4.17.1/gathering_rules', { headers: BEARER })).json()).toEqual(rules);
    expect((await call(RULES)).status).toBe(401);
  });
});

describe('console simulator: OCM', () => {
  it('answers the entitlement request per architecture with generated certificates by default', async () => {
    const res = await call(SCA, { method: 'POST', headers: ACCESS, body: JSON.stringify({ arch: ['x86_64', 'aarch64'] }) });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      kind: 'EntitlementCertificateList',
      total: 2,
      items: ['x86_64', 'aarch64'].map((arch) => ({ id: `console-sim-${arch}`, organization_id: '424242', ...generatedEntitlement(arch), metadata: { arch } })),
    });
    expect(generatedEntitlement('x86_64').cert).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  it('serves the entitlements set, leaving out architectures without one', async () => {
    sim.setEntitlements({ x86_64: { cert: 'CERT-X', key: 'KEY-X' } });
    const res = await call(SCA, { method: 'POST', headers: ACCESS, body: JSON.stringify({ arch: ['x86_64', 's390x'] }) });
    expect(res.json()).toMatchObject({ total: 1, items: [{ cert: 'CERT-X', key: 'KEY-X', metadata: { arch: 'x86_64' } }] });
  });

  it('requires the AccessToken with this cluster and the token, and a JSON arch list', async () => {
    const body = JSON.stringify({ arch: ['x86_64'] });
    const bearer = await call(SCA, { method: 'POST', headers: BEARER, body });
    expect(bearer.status).toBe(401);
    expect(bearer.text).toContain(`Bearer ${TOKEN}`);
    expect((await call(SCA, { method: 'POST', headers: { authorization: `AccessToken ${CLUSTER}:wrong` }, body })).status).toBe(401);
    expect((await call(SCA, { method: 'POST', headers: { authorization: `AccessToken other-cluster:${TOKEN}` }, body })).status).toBe(401);
    expect((await call(SCA, { method: 'POST', headers: ACCESS, body: '{"arch": "x86_64"}' })).status).toBe(400);
    expect((await call(SCA, { method: 'POST', headers: ACCESS, body: 'nope' })).status).toBe(400);
    expect((await call(SCA, { headers: ACCESS })).status).toBe(405);
  });

  it('answers the accepted-transfer search: total 0 by default, the matching transfers once set', async () => {
    const empty = await call(transfersPath(CLUSTER), { headers: ACCESS });
    expect(empty.status).toBe(200);
    expect(empty.json()).toEqual({ kind: 'ClusterTransferList', page: 1, size: 0, total: 0, items: [] });
    const mine = { id: 't1', cluster_uuid: CLUSTER, status: 'accepted', secret: '{"auths":{}}' };
    sim.setTransfers([mine, { id: 't2', cluster_uuid: 'other', status: 'accepted' }, { id: 't3', cluster_uuid: CLUSTER, status: 'pending' }]);
    const res = await call(transfersPath(CLUSTER), { headers: ACCESS });
    expect(res.json()).toEqual({ kind: 'ClusterTransferList', page: 1, size: 1, total: 1, items: [mine] });
    const noSlash = await call(transfersPath(CLUSTER).replace('cluster_transfers/?', 'cluster_transfers?'), { headers: ACCESS });
    expect(noSlash.json()).toMatchObject({ total: 1 });
    expect((await call('/api/accounts_mgmt/v1/cluster_transfers/?search=anything', { headers: ACCESS })).status).toBe(400);
    expect((await call(transfersPath(CLUSTER), { headers: BEARER })).status).toBe(401);
    sim.setTransfers([]);
  });
});

describe('console simulator: other paths', () => {
  it('answers 404 to unknown paths and logs them as route "unknown"', async () => {
    const res = await call('/api/ingress/v2/upload', { headers: BEARER });
    expect(res.status).toBe(404);
    expect(sim.requests.at(-1)).toMatchObject({ route: 'unknown', status: 404, path: '/api/ingress/v2/upload' });
  });
});
