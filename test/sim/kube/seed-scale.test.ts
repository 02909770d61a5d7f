import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Pkcs10CertificateRequest, X509Certificate } from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { Canaries, canaryNeedles, countKey, expectedCounts, generateScaleCluster, ResourceRegistry, resolveScale, SCALE_PRESETS, startKubeSim } from './index.ts';
import type { KubeObject } from './index.ts';
import { encodeContinue } from './list.ts';
import { BASE_TIME } from './prng.ts';
import { rawRequest } from './test-helpers.ts';

type Json = Record<string, any>;

function generate(scale: number, seed?: number): { hash: string; objects: KubeObject[]; canaries: Canaries } {
  const hash = createHash('sha256');
  const objects: KubeObject[] = [];
  const canaries = new Canaries(seed ?? 1);
  for (const o of generateScaleCluster(scale, { ...(seed === undefined ? {} : { seed }), canaries })) {
    hash.update(JSON.stringify(o));
    objects.push(o);
  }
  return { hash: hash.digest('hex'), objects, canaries };
}

const registry = new ResourceRegistry();
/** `kind` is group-qualified as countKey makes it (`apps/ReplicaSet`, `Pod`). */
const idOf = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ''}/${name}`;

describe('scale generator', () => {
  const { hash, objects, canaries } = generate(2);
  const byKind = (kind: string): Json[] => objects.filter((o) => o.kind === kind) as Json[];
  const pods = byKind('Pod');
  const index = new Map(objects.map((o) => [idOf(countKey(o), o.metadata.namespace, o.metadata.name), o as Json]));

  it('is deterministic: the same scale and seed give byte-identical objects, another seed another cluster', () => {
    expect(generate(2).hash).toBe(hash);
    expect(generate(2, 1).hash).toBe(hash);
    expect(generate(2, 7).hash).not.toBe(hash);
    expect(generate(1).hash).not.toBe(hash);
    // Unit 0 is the same at every scale: scale 1's pods are scale 2's first 500.
    expect(generate(1).objects.filter((o) => o.kind === 'Pod').map((o) => JSON.stringify(o))).toEqual(pods.slice(0, 500).map((o) => JSON.stringify(o)));
  });

  it('resolves presets and rejects other scales', () => {
    expect(SCALE_PRESETS).toEqual({ small: 1, large: 40, huge: 200 });
    expect([resolveScale('small'), resolveScale('large'), resolveScale('huge'), resolveScale(3), resolveScale('12')]).toEqual([1, 40, 200, 3, 12]);
    for (const bad of [0, -1, 1.5, 'medium', '', 'x1']) expect(() => resolveScale(bad), String(bad)).toThrow(RangeError);
    expect(() => [...generateScaleCluster(1, { seed: -1 })]).toThrow(RangeError);
  });

  it('has the documented counts, and unique identities', () => {
    const counts: Record<string, number> = {};
    for (const o of objects) counts[countKey(o)] = (counts[countKey(o)] ?? 0) + 1;
    const expected = expectedCounts(2);
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, counts[k]]))).toEqual(expected);
    expect(counts['Pod']).toBe(1000);
    expect(index.size).toBe(objects.length);
  });

  it('gives every pod an owner that exists, with a status that counts its pods', () => {
    const owned = new Map<string, Json[]>();
    for (const p of pods) {
      const [ref] = p['metadata'].ownerReferences as Json[];
      expect(['ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job']).toContain(ref!['kind']);
      const owner = index.get(idOf(countKey(ref as { apiVersion: string; kind: string }), p['metadata'].namespace, ref!['name']));
      expect(owner?.['metadata'].uid, `${p['metadata'].name} → ${ref!['kind']} ${ref!['name']}`).toBe(ref!['uid']);
      const key = `${ref!['kind']}/${p['metadata'].namespace}/${ref!['name']}`;
      owned.set(key, [...(owned.get(key) ?? []), p]);
    }
    for (const rs of byKind('ReplicaSet')) {
      expect(rs['status'].replicas).toBe(owned.get(`ReplicaSet/${rs['metadata'].namespace}/${rs['metadata'].name}`)?.length);
      const [dref] = rs['metadata'].ownerReferences as Json[];
      expect(index.get(idOf('apps/Deployment', rs['metadata'].namespace, dref!['name']))?.['metadata'].uid).toBe(dref!['uid']);
    }
    for (const ds of byKind('DaemonSet')) expect(ds['status'].desiredNumberScheduled).toBe(owned.get(`DaemonSet/${ds['metadata'].namespace}/${ds['metadata'].name}`)?.length);
    for (const job of byKind('Job').filter((j) => j['metadata'].ownerReferences !== undefined)) {
      const [cref] = job['metadata'].ownerReferences as Json[];
      expect(index.get(idOf('batch/CronJob', job['metadata'].namespace, cref!['name']))?.['metadata'].uid).toBe(cref!['uid']);
    }
    for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']) expect(byKind(kind).length, kind).toBeGreaterThan(0);
  });

  it('builds a plausible ClusterVersion and cluster config', () => {
    const cv = byKind('ClusterVersion')[0]!;
    expect(cv['metadata'].name).toBe('version');
    expect(cv['spec'].clusterID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cv['status'].desired.version).toBe('4.17.3');
    expect(cv['status'].history.length).toBeGreaterThan(1);
    for (const kind of ['Infrastructure', 'Network', 'Proxy', 'FeatureGate']) {
      expect(objects.find((o) => o.kind === kind && o.apiVersion === 'config.openshift.io/v1')?.metadata.name, kind).toBe('cluster');
    }
    const degraded = byKind('ClusterOperator').filter((o) => o['status'].conditions.some((c: Json) => c['type'] === 'Degraded' && c['status'] === 'True'));
    expect(degraded).toHaveLength(1);
  });

  it("points ClusterOperators' relatedObjects only at objects that exist, operator resources included", () => {
    let operatorRefs = 0;
    for (const co of byKind('ClusterOperator')) {
      for (const ref of co['status'].relatedObjects as Json[]) {
        const type = registry.byGroupAndName(ref['group'], ref['resource']);
        expect(type, `${co['metadata'].name}: ${ref['resource']}.${ref['group']}`).toBeDefined();
        expect(index.has(idOf(countKey(type!), ref['namespace'], ref['name'])), `${co['metadata'].name} → ${JSON.stringify(ref)}`).toBe(true);
        if (ref['group'].endsWith('operator.openshift.io')) operatorRefs++;
      }
    }
    expect(operatorRefs).toBe(20);
    const ingress = byKind('ClusterOperator').find((c) => c['metadata'].name === 'ingress')!;
    expect(ingress['status'].relatedObjects).toContainEqual({ group: 'operator.openshift.io', resource: 'ingresscontrollers', name: 'default', namespace: 'openshift-ingress-operator' });
  });

  it('makes realistic pods: sizes, phases, crash loops, a repeating image pool with digests', () => {
    const sizes = pods.map((p) => JSON.stringify(p).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(3000);
    expect(mean).toBeLessThan(5500);
    expect(pods.every((p) => p['metadata'].ownerReferences?.length === 1 && p['spec'].containers.length >= 1 && p['spec'].containers.length <= 3)).toBe(true);
    const phases = new Set(pods.map((p) => p['status'].phase));
    expect([...phases].sort()).toEqual(expect.arrayContaining(['Failed', 'Pending', 'Running', 'Succeeded']));
    expect(pods.filter((p) => p['status'].phase === 'Running').length / pods.length).toBeGreaterThan(0.8);
    const crashLooping = pods.filter((p) => p['status'].containerStatuses.some((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff'));
    expect(crashLooping.length).toBeGreaterThan(0);
    expect(crashLooping.every((p) => p['metadata'].namespace.startsWith('openshift-'))).toBe(true);
    const statuses = pods.flatMap((p) => p['status'].containerStatuses as Json[]);
    const images = new Set(statuses.map((c) => c['image']));
    expect(images.size).toBeLessThanOrEqual(200);
    expect(images.size).toBeLessThan(statuses.length / 2);
    expect(statuses.filter((c) => c['imageID'] !== '').every((c) => /@sha256:[0-9a-f]{64}$/.test(c['imageID']))).toBe(true);
    const specImages = pods.flatMap((p) => (p['spec'].containers as Json[]).map((c) => String(c['image'])));
    expect(specImages.some((i) => i.startsWith('registry.example.com/') && i.includes('@sha256:'))).toBe(true);
    expect(specImages.some((i) => /:v\d/.test(i))).toBe(true);
  });

  it('makes nodes with node info, images, conditions and addresses', () => {
    const nodes = byKind('Node');
    for (const n of nodes) {
      expect(n['status'].nodeInfo).toMatchObject({ machineID: expect.stringMatching(/^[0-9a-f]{32}$/), systemUUID: expect.any(String), bootID: expect.any(String) });
      expect(n['status'].images.length).toBeGreaterThan(10);
      expect(n['status'].conditions.find((c: Json) => c['type'] === 'Ready')?.status).toBe('True');
      expect(n['status'].addresses[0].type).toBe('InternalIP');
    }
    expect(nodes.filter((n) => 'node-role.kubernetes.io/master' in n['metadata'].labels)).toHaveLength(3);
    const nodeNames = new Set(nodes.map((n) => n['metadata'].name));
    expect(pods.filter((p) => p['spec'].nodeName !== undefined).every((p) => nodeNames.has(p['spec'].nodeName))).toBe(true);
  });

  it('has events about pods and their controllers', () => {
    const events = byKind('Event');
    const kinds = new Set(events.map((e) => e['involvedObject'].kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['Pod', 'Deployment']));
    for (const e of events) {
      const o = index.get(idOf(countKey(e['involvedObject']), e['involvedObject'].namespace, e['involvedObject'].name));
      // Controller events name pods by a made-up suffix; the involved object itself always exists.
      expect(o?.['metadata'].uid, JSON.stringify(e['involvedObject'])).toBe(e['involvedObject'].uid);
    }
  });

  it('makes CSRs that parse and verify: issued, pending and expired', async () => {
    const csrs = byKind('CertificateSigningRequest');
    expect(csrs).toHaveLength(6);
    const now = BASE_TIME + 30 * 86400_000;
    const states: string[] = [];
    for (const csr of csrs) {
      const request = new Pkcs10CertificateRequest(Buffer.from(csr['spec'].request, 'base64').toString());
      expect(await request.verify()).toBe(true);
      expect(request.subject).toMatch(/^O=system:nodes, CN=system:node:ip-/);
      if (csr['status'].certificate === undefined) {
        expect(csr['status'].conditions).toBeUndefined();
        states.push('pending');
        continue;
      }
      const cert = new X509Certificate(Buffer.from(csr['status'].certificate, 'base64').toString());
      expect(cert.subject).toBe(request.subject);
      expect(csr['status'].conditions[0]).toMatchObject({ type: 'Approved', status: 'True' });
      states.push(cert.notAfter.getTime() < now ? 'expired' : cert.notAfter.getTime() > Date.now() ? 'issued' : 'odd');
    }
    expect(states.sort()).toEqual(['expired', 'expired', 'issued', 'issued', 'pending', 'pending']);
  });

  it('puts InstallPlans mostly in openshift-* namespaces', () => {
    const plans = byKind('InstallPlan');
    const openshift = plans.filter((p) => p['metadata'].namespace.startsWith('openshift-'));
    expect(openshift.length).toBe(3 + 2 * 2);
    expect(plans.length - openshift.length).toBe(2);
    expect(new Set(plans.map((p) => p['status'].phase))).toEqual(new Set(['Complete', 'RequiresApproval', 'Failed']));
    expect(plans.every((p) => p['metadata'].generateName === 'install-' && p['spec'].clusterServiceVersionNames.length === 1)).toBe(true);
  });

  describe('canaries', () => {
    const text = objects.map((o) => JSON.stringify(o)).join('\n');
    const where = canaries.list.map((c) => c.where).join('\n');

    it('are unique, fixed-width (none is a prefix of another) and all recorded', () => {
      const values = canaries.list.map((c) => c.value);
      expect(values.length).toBeGreaterThan(50);
      expect(new Set(values).size).toBe(values.length);
      for (const v of values) expect(v).toMatch(/^CANARY-1-\d{6}$|^CANARY1PEM\d{6}$/);
      // Any CANARY string in the cluster is one of the list.
      const found = new Set(text.match(/CANARY-?1(?:-|PEM)\d{6}/g));
      const decoded = new Set<string>();
      for (const s of text.match(/"[A-Za-z0-9+/=]{16,}"/g) ?? []) for (const m of Buffer.from(s.slice(1, -1), 'base64').toString('latin1').match(/CANARY-?1(?:-|PEM)\d{6}/g) ?? []) decoded.add(m);
      expect(new Set([...found, ...decoded])).toEqual(new Set(values));
    });

    it('sit where secrets leak: Secret data, env, URLs, last-applied, PEM keys, ConfigMap tokens', () => {
      for (const place of ['.data.password (base64)', 'last-applied-configuration', '.dockercfg', 'tls.key', 'Pod env API_TOKEN', 'Pod env DATABASE_URL', 'Pod env HTTPS_PROXY', 'bearer token', 'Authorization header', 'signing.key', 'httpsProxy', 'httpSecret']) {
        expect(where, place).toContain(place);
      }
      expect(text).toMatch(/"name":"(?:API_TOKEN|ADMIN_PASSWORD|GITHUB_TOKEN)","value":"CANARY-1-\d{6}"/);
      expect(text).toMatch(/postgresql:\/\/app:CANARY-1-\d{6}@/);
      const applied = byKind('Secret').map((s) => s['metadata'].annotations?.['kubectl.kubernetes.io/last-applied-configuration']).filter((a) => a !== undefined);
      expect(applied.length).toBeGreaterThan(0);
      for (const a of applied) expect(JSON.parse(a).stringData.password).toMatch(/^CANARY-1-\d{6}$/);
      expect(text).toMatch(/-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9]*CANARY1PEM\d{6}/);
      expect(text).toMatch(/token: CANARY-1-\d{6}/);
    });

    it('are found by their needles even base64-encoded inside base64 data', () => {
      const secret = byKind('Secret').find((s) => s['type'] === 'kubernetes.io/dockercfg')!;
      const canary = canaries.list.find((c) => c.where.includes(secret['metadata'].name))!;
      const data = secret['data']['.dockercfg'] as string;
      expect(data).not.toContain(canary.value);
      expect(canaryNeedles(canary.value).some((n) => data.includes(n))).toBe(true);
      const other = canaries.list.find((c) => c !== canary)!;
      expect(canaryNeedles(other.value).some((n) => data.includes(n))).toBe(false);
    });

    it('every DB_PASSWORD secretKeyRef has its Secret', () => {
      const refs = pods.flatMap((p) => (p['spec'].containers as Json[]).flatMap((c) => (c['env'] as Json[]).filter((e) => e['valueFrom']?.secretKeyRef).map((e) => `${p['metadata'].namespace}/${e['valueFrom'].secretKeyRef.name}`)));
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(index.has(idOf('Secret', ...(ref.split('/') as [string, string]))), ref).toBe(true);
    });
  });

  it("serves 'small' and exposes its canaries on the simulator", async () => {
    const sim = await startKubeSim({ scale: 'small', seed: 3 });
    try {
      const list = (await rawRequest(sim, '/api/v1/pods?limit=1')).json<{ metadata: Json }>();
      expect(list.metadata['remainingItemCount']).toBe(499);
      expect(sim.canaries.length).toBeGreaterThan(20);
      expect(sim.canaries[0]!.value).toMatch(/^CANARY-3-/);
    } finally {
      await sim.close();
    }
  });

  it('serves scale 100 (50,000 pods) with pages that cost O(page)', async () => {
    const started = performance.now();
    const sim = await startKubeSim({ scale: 100 });
    try {
      const seededIn = performance.now() - started;
      expect(seededIn).toBeLessThan(60_000);
      const first = (await rawRequest(sim, '/api/v1/pods?limit=500')).json<{ metadata: Json; items: unknown[] }>();
      expect(first.items).toHaveLength(500);
      expect(first.metadata['remainingItemCount']).toBe(49_500);
      // Deep in the list a page starts from a binary search in the cached, sorted keys.
      const deep = `/api/v1/pods?limit=500&continue=${encodeContinue(Number(first.metadata['resourceVersion']), 'payments-prod-48/\u0000')}`;
      const t0 = performance.now();
      const page = (await rawRequest(sim, deep)).json<{ metadata: Json; items: Json[] }>();
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(page.items[0]!['metadata'].namespace).toBe('payments-prod-48');
      expect(page.metadata['remainingItemCount']).toBeLessThan(49_500);
      // Sorting happens once per write, not once per page.
      const podType = sim.store.registry.byKind('v1', 'Pod')!;
      expect(sim.store.sortedEntries(podType)).toBe(sim.store.sortedEntries(podType));
    } finally {
      await sim.close();
    }
  }, 120_000);
});
