import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, ResourceRegistry, SAMPLE_FIXTURE, startKubeSim } from './index.ts';
import type { FixtureSeed, KubeSim } from './index.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

let seed: FixtureSeed;
let sim: KubeSim;
const registry = new ResourceRegistry();

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** What a kube object read from a file looks like: metadata with a name, or a Go-rendered ObjectMeta, or TypeMeta. */
function objectLike(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(objectLike);
  if (!isObject(v)) return false;
  if (isObject(v['metadata']) && typeof v['metadata']['name'] === 'string') return true;
  if ('ObjectMeta' in v) return true;
  return typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string';
}

function apiPath(apiVersion: string, kind: string, name: string, namespace?: string): string {
  const t = registry.byKind(apiVersion, kind)!;
  const base = t.group === '' ? '/api/v1' : `/apis/${t.group}/${t.version}`;
  return `${base}${t.namespaced ? `/namespaces/${encodeURIComponent(namespace!)}` : ''}/${t.plural}/${encodeURIComponent(name)}`;
}

beforeAll(async () => {
  seed = await loadFixture(SAMPLE_FIXTURE);
  sim = await startKubeSim({ fixture: SAMPLE_FIXTURE });
});
afterAll(() => sim.close());

describe('seeding from the sample archive', () => {
  it('accounts for every file: seeded, a pod log, a node journal, or skipped with a reason, never two of these', () => {
    const files = allFiles(SAMPLE_FIXTURE);
    expect(files).toHaveLength(224);
    const seeded = new Set(seed.seeded.map((s) => s.path));
    const skipped = new Set(seed.skipped.map((s) => s.path));
    const logs = new Set(seed.logs.map((l) => l.path));
    const journals = new Set(seed.journals.map((j) => j.path));
    expect([...seeded].filter((p) => skipped.has(p) || logs.has(p) || journals.has(p))).toEqual([]);
    expect([...logs].filter((p) => skipped.has(p) || journals.has(p))).toEqual([]);
    expect([...journals].filter((p) => skipped.has(p))).toEqual([]);
    expect([...seeded, ...skipped, ...logs, ...journals].sort()).toEqual([...files].sort());
    // Every pod log file of the sample is a log, and so is the QEMU command line parsed from one;
    // the node journal is its node's.
    const podLogs = files.filter((f) => (f.endsWith('.log') && !f.startsWith('config/node/logs/')) || f.endsWith('/virt-launcher.json'));
    expect(podLogs.sort()).toEqual([...logs].sort());
    expect([...journals]).toEqual(files.filter((f) => f.startsWith('config/node/logs/')));
    expect(seed.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(seed.skipped.map((s) => s.reason)).not.toContain('no rule maps this path to a resource');
    expect(sim.store.count()).toBe(seed.objects.length);
  });

  it('skips nothing that looks like an API object', () => {
    const objectLikeSkipped = seed.skipped
      .filter((s) => s.path.endsWith('.json'))
      .filter((s) => objectLike(JSON.parse(readFileSync(join(SAMPLE_FIXTURE, s.path), 'utf8'))));
    expect(objectLikeSkipped).toEqual([]);
  });

  it('serves each unadjusted file exactly as the file shows it, plus apiVersion/kind', async () => {
    const adjusted = new Set(seed.adjusted.map((a) => a.path));
    const plain = seed.seeded.filter((s) => !adjusted.has(s.path));
    expect(plain.length).toBeGreaterThan(120);
    for (const s of plain) {
      const file = JSON.parse(readFileSync(join(SAMPLE_FIXTURE, s.path), 'utf8')) as Json;
      const res = await rawRequest(sim, apiPath(s.apiVersion, s.kind, s.name, s.namespace));
      expect(res.status, s.path).toBe(200);
      const served = res.json<Json>();
      const type = registry.byKind(s.apiVersion, s.kind)!;
      // Only what a server fills in may be added to metadata.
      const added = Object.keys(served['metadata']).filter((k) => !(k in file['metadata']));
      expect(added.filter((k) => !['uid', 'resourceVersion', 'creationTimestamp'].includes(k)), s.path).toEqual([]);
      const fills = Object.fromEntries(added.map((k) => [k, served['metadata'][k]]));
      expect(served, s.path).toEqual({ ...file, apiVersion: type.apiVersion, kind: type.kind, metadata: { ...file['metadata'], ...fills } });
    }
  });

  it('gives objects that several files claim the names their paths encode', async () => {
    const vwcs = (await rawRequest(sim, '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations')).json<{ items: Json[] }>();
    expect(vwcs.items.map((i) => i['metadata'].name)).toEqual(['autoscaling.openshift.io', 'machine-api', 'multus.openshift.io', 'prometheusrules.openshift.io', 'snapshot.storage.k8s.io']);
    const pools = (await rawRequest(sim, '/apis/machineconfiguration.openshift.io/v1/machineconfigpools')).json<{ items: Json[] }>();
    expect(pools.items.map((i) => i['metadata'].name)).toEqual(['master', 'worker']);
    expect(seed.adjusted.find((a) => a.path === 'config/machineconfigpools/master.json')?.note).toMatch(/"worker" → "master"/);
  });

  it('rebuilds objects the gatherers rendered in other shapes', async () => {
    const monitoring = (await rawRequest(sim, '/api/v1/namespaces/openshift-monitoring/configmaps/cluster-monitoring-config')).json<Json>();
    expect(parseYaml(monitoring['data']['config.yaml'])).toEqual(JSON.parse(readFileSync(join(SAMPLE_FIXTURE, 'config/configmaps/openshift-monitoring/cluster-monitoring-config/config.json'), 'utf8')));
    const install = (await rawRequest(sim, '/api/v1/namespaces/openshift-config/configmaps/openshift-install')).json<Json>();
    expect(install['data']).toEqual({
      invoker: readFileSync(join(SAMPLE_FIXTURE, 'config/configmaps/openshift-config/openshift-install/invoker'), 'utf8'),
      version: readFileSync(join(SAMPLE_FIXTURE, 'config/configmaps/openshift-config/openshift-install/version'), 'utf8'),
    });
    const support = (await rawRequest(sim, '/api/v1/namespaces/openshift-config/secrets/support')).json<Json>();
    expect(support['data']).toEqual(JSON.parse(readFileSync(join(SAMPLE_FIXTURE, 'config/secrets/openshift-config/support/data.json'), 'utf8')));
    const csr = (await rawRequest(sim, '/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-test')).json<Json>();
    expect(csr['spec']).toMatchObject({ username: 'kube:admin', signerName: expect.any(String), request: expect.stringMatching(/^LS0t/) });
    const ic = (await rawRequest(sim, '/apis/operator.openshift.io/v1/namespaces/openshift-ingress-operator/ingresscontrollers/default')).json<Json>();
    expect(ic['metadata']).toMatchObject({ name: 'default', namespace: 'openshift-ingress-operator' });
    expect(ic['spec'].replicas).toBe(2);
    expect(ic).not.toHaveProperty('name');
  });

  it('creates a Namespace for every namespace referenced', async () => {
    const referenced = new Set(seed.objects.map((o) => o.metadata.namespace).filter((n): n is string => typeof n === 'string' && n !== ''));
    const namespaces = (await rawRequest(sim, '/api/v1/namespaces')).json<{ items: Json[] }>().items.map((n) => n['metadata'].name);
    expect(referenced.size).toBeGreaterThan(20);
    // Referenced namespaces, plus the Namespace objects the fixture itself holds (the overlapping uid groups).
    const declared = seed.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces.sort()).toEqual([...new Set([...referenced, ...declared])].sort());
    expect(declared).toEqual(expect.arrayContaining(['test-1', 'openshift-ingress-canary']));
  });

  it('is deterministic', async () => {
    const again = await loadFixture(SAMPLE_FIXTURE);
    expect(JSON.stringify(again)).toBe(JSON.stringify(seed));
  });
});
