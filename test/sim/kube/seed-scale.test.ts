import 'reflect-metadata';
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import { Pkcs10CertificateRequest, X509Certificate } from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Canaries, canaryNeedles, countKey, expectedCounts, generateScaleCluster, ResourceRegistry, resolveScale, SCALE_PRESETS, startKubeSim } from './index.ts';
import type { KubeObject } from './index.ts';
import { typesOfCrd } from './crd.ts';
import { encodeContinue } from './list.ts';
import { BASE_TIME } from './prng.ts';
import { CLUSTER_NOW } from './scale-network.ts';
import { degradedOperator, FIXED } from './seed-scale.ts';
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
  // The kinds the generated CRDs define, as the simulator serves them once seeded.
  for (const crd of byKind('CustomResourceDefinition')) for (const type of typesOfCrd(crd['metadata'].name, crd['spec'])) registry.register(type);

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
    // 20 operator resources, the ImagePruner, the ingress DNSRecord, two OperatorPKIs and a connectivity check.
    expect(operatorRefs).toBe(25);
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
    expect(openshift.length).toBe(FIXED.installPlans + 2 * 2);
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
      // Base64 values, and base64 inside them (registry auths in a base64 pull secret), two levels deep.
      const decoded = new Set<string>();
      const decode = (t: string, depth: number): void => {
        for (const s of t.match(/(?<=")[A-Za-z0-9+/=]{16,}(?=\\?")/g) ?? []) {
          const inner = Buffer.from(s, 'base64').toString('latin1');
          for (const m of inner.match(/CANARY-?1(?:-|PEM)\d{6}/g) ?? []) decoded.add(m);
          if (depth > 1) decode(inner, depth - 1);
        }
      };
      decode(text, 2);
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

  describe('platform objects', () => {
    const find = (kind: string, name: string, namespace?: string): Json => {
      const o = byKind(kind).find((x) => x['metadata'].name === name && x['metadata'].namespace === namespace);
      expect(o, `${kind} ${namespace ?? ''}/${name}`).toBeDefined();
      return o!;
    };
    const b64 = (s: string): string => Buffer.from(s, 'base64').toString('latin1');
    const pems = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
    const byName = (a: Json, b: Json): number => (a['metadata'].name < b['metadata'].name ? -1 : a['metadata'].name > b['metadata'].name ? 1 : 0);

    it('has the admin, edit and view ClusterRoles, each the union of the roles its aggregationRule selects', () => {
      const roles = byKind('ClusterRole');
      const rules = (name: string): string[] => find('ClusterRole', name)['rules'].map((r: Json) => JSON.stringify(r));
      for (const name of ['admin', 'edit', 'view']) {
        const role = find('ClusterRole', name);
        const label = `rbac.authorization.k8s.io/aggregate-to-${name}`;
        expect(role['aggregationRule']).toEqual({ clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] });
        const selected = roles.filter((r) => r['metadata'].labels?.[label] === 'true').sort(byName);
        expect(selected.length).toBeGreaterThan(2);
        expect(rules(name)).toEqual([...new Set(selected.flatMap((r) => r['rules'].map((x: Json) => JSON.stringify(x))))]);
      }
      expect(rules('admin')).toEqual(expect.arrayContaining(rules('edit')));
      expect(rules('edit')).toEqual(expect.arrayContaining(rules('view')));
      expect(find('ClusterRole', 'admin')['rules']).toContainEqual({ verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'] });
      expect(rules('view').join('\n')).not.toMatch(/"secrets"/);
    });

    it('has the ingress CA and default router certificate, real and chained, with keys that are canaries', () => {
      const ca = find('Secret', 'router-ca', 'openshift-ingress-operator');
      const router = find('Secret', 'router-certs-default', 'openshift-ingress');
      const caCert = new NodeX509(b64(ca['data']['tls.crt']));
      const [leafPem, chainPem] = pems(b64(router['data']['tls.crt']));
      const leaf = new NodeX509(leafPem!);
      expect(caCert.subject).toBe(caCert.issuer);
      expect(caCert.subject).toMatch(/^CN=ingress-operator@\d+$/);
      expect(leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey)).toBe(true);
      expect(chainPem).toBe(pems(b64(ca['data']['tls.crt']))[0]);
      expect(leaf.subject).toBe(`CN=*.${find('Ingress', 'cluster')['spec'].domain}`);
      for (const s of [ca, router]) {
        const key = b64(s['data']['tls.key']);
        const canary = canaries.list.find((c) => c.where.startsWith(`Secret ${s['metadata'].namespace}/${s['metadata'].name} .data[tls.key]`));
        expect(key).toContain(canary!.value);
      }
      const controller = find('IngressController', 'default', 'openshift-ingress-operator');
      const record = find('DNSRecord', 'default-wildcard', 'openshift-ingress-operator');
      expect(record['metadata'].ownerReferences[0]).toMatchObject({ kind: 'IngressController', name: 'default', uid: controller['metadata'].uid });
      expect(record['spec'].dnsName).toBe(`*.${controller['status'].domain}.`);
    });

    it('stores the image registry on a bound PVC whose PersistentVolume points back at it', () => {
      const config = byKind('Config').find((c) => c['apiVersion'].startsWith('imageregistry.'))!;
      const claim = find('PersistentVolumeClaim', config['spec'].storage.pvc.claim, 'openshift-image-registry');
      const volume = find('PersistentVolume', claim['spec'].volumeName);
      expect(claim['status'].phase).toBe('Bound');
      expect(volume['spec'].claimRef).toMatchObject({ name: claim['metadata'].name, namespace: 'openshift-image-registry', uid: claim['metadata'].uid });
      expect(find('StorageClass', claim['spec'].storageClassName)['provisioner']).toBe(volume['spec'].csi.driver);
      expect(config['spec']).toMatchObject({ replicas: 1, rolloutStrategy: 'Recreate' });
      find('ImagePruner', 'cluster');
    });

    it('runs connectivity checks to every node and the API, some failing in the day before the cluster\'s now', () => {
      const checks = byKind('PodNetworkConnectivityCheck');
      const nodes = byKind('Node');
      expect(checks.length).toBe(FIXED.connectivityChecks + nodes.length);
      for (const n of nodes) expect(checks.some((c) => c['metadata'].name.endsWith(`-to-network-check-target-${n['metadata'].name.split('.')[0]}`)), n['metadata'].name).toBe(true);
      expect(new Set(checks.map((c) => c['spec'].sourcePod)).size).toBe(1);
      const now = BASE_TIME + CLUSTER_NOW * 1000;
      const recent = checks.flatMap((c) => c['status'].failures as Json[]).filter((f) => Date.parse(f['time']) > now - 86400_000 && Date.parse(f['time']) <= now);
      expect(new Set(recent.map((f) => f['reason']))).toEqual(new Set(['TCPConnectError', 'DNSError']));
      expect(checks.some((c) => c['status'].outages.length > 0 && Date.parse(c['status'].outages[0].start) < now - 86400_000)).toBe(true);
    });

    it('installs OLM operators whose component refs, subscriptions and install plans agree', () => {
      const operators = byKind('Operator');
      expect(operators.length).toBeGreaterThan(2);
      const phases = new Set<string>();
      for (const op of operators) {
        const refs = op['status'].components.refs as Json[];
        const csvRef = refs.find((r) => r['kind'] === 'ClusterServiceVersion')!;
        const csv = find('ClusterServiceVersion', csvRef['name'], csvRef['namespace']);
        expect(csv['spec'].displayName).toEqual(expect.any(String));
        expect(csv['status'].conditions.length).toBeGreaterThan(2);
        phases.add(csv['status'].phase);
        expect(op['metadata'].name).toBe(`${csv['metadata'].labels ? Object.keys(csv['metadata'].labels)[0]!.replace('operators.coreos.com/', '') : ''}`);
        const sub = find('Subscription', refs.find((r) => r['kind'] === 'Subscription')!['name'], csvRef['namespace']);
        const plan = find('InstallPlan', refs.find((r) => r['kind'] === 'InstallPlan')!['name'], csvRef['namespace']);
        expect(plan['metadata'].ownerReferences[0].uid).toBe(sub['metadata'].uid);
        expect(plan['spec'].clusterServiceVersionNames).toEqual([csv['metadata'].name]);
        expect(sub['spec'].startingCSV).toBe(csv['metadata'].name);
      }
      expect([...phases].sort()).toEqual(['Failed', 'Succeeded']);
      expect(find('ClusterServiceVersion', 'packageserver', 'openshift-operator-lifecycle-manager')['status'].phase).toBe('Succeeded');
    });

    it('has a Machine behind every node, owned by its MachineSet or the ControlPlaneMachineSet', () => {
      const machines = byKind('Machine');
      const nodes = byKind('Node');
      expect(machines).toHaveLength(nodes.length);
      for (const n of nodes) {
        const name = n['metadata'].annotations['machine.openshift.io/machine'].split('/')[1];
        const m = find('Machine', name, 'openshift-machine-api');
        expect(m['status'].nodeRef).toEqual({ kind: 'Node', name: n['metadata'].name, uid: n['metadata'].uid });
        expect(m['spec'].providerID).toBe(n['spec'].providerID);
        const [owner] = m['metadata'].ownerReferences as Json[];
        expect(index.get(idOf(countKey(owner as { apiVersion: string; kind: string }), 'openshift-machine-api', owner!['name']))?.['metadata'].uid).toBe(owner!['uid']);
      }
      for (const set of byKind('MachineSet')) {
        const owned = machines.filter((m) => m['metadata'].ownerReferences[0].uid === set['metadata'].uid);
        expect(set['spec'].replicas).toBe(owned.length);
        expect(owned.every((m) => m['metadata'].labels['machine.openshift.io/zone'] === set['spec'].template.spec.providerSpec.value.placement.availabilityZone)).toBe(true);
      }
      expect(machines.filter((m) => m['metadata'].ownerReferences[0].kind === 'ControlPlaneMachineSet')).toHaveLength(3);
      const scaled = byKind('MachineAutoscaler')[0]!['spec'].scaleTargetRef;
      find('MachineSet', scaled.name, 'openshift-machine-api');
    });

    it('runs every node on its pool\'s rendered MachineConfig, rendered from configs that exist', () => {
      const pools = byKind('MachineConfigPool');
      const configs = new Set(byKind('MachineConfig').map((c) => c['metadata'].name));
      for (const pool of pools) {
        const role = pool['metadata'].name;
        const members = byKind('Node').filter((n) => `node-role.kubernetes.io/${role}` in n['metadata'].labels);
        expect(pool['status'].machineCount).toBe(members.length);
        expect(configs.has(pool['status'].configuration.name)).toBe(true);
        for (const src of pool['spec'].configuration.source) expect(configs.has(src.name), src.name).toBe(true);
        for (const n of members) {
          expect(n['metadata'].annotations['machineconfiguration.openshift.io/currentConfig']).toBe(pool['status'].configuration.name);
          expect(n['metadata'].annotations['machineconfiguration.openshift.io/desiredConfig']).toBe(pool['status'].configuration.name);
        }
      }
      // Older rendered configs are still stored, no longer used.
      expect([...configs].filter((c) => c.startsWith('rendered-'))).toHaveLength(6);
      for (const c of byKind('MachineConfig').filter((x) => ['KubeletConfig', 'ContainerRuntimeConfig'].includes(x['metadata'].ownerReferences?.[0]?.kind))) {
        const [owner] = c['metadata'].ownerReferences as Json[];
        expect(find(owner!['kind'], owner!['name'])['metadata'].uid).toBe(owner!['uid']);
      }
    });

    it('keeps openshift-config CA bundles, an install-config and the insights and monitoring configuration', () => {
      const cms = byKind('ConfigMap').filter((c) => c['metadata'].namespace === 'openshift-config');
      expect(cms.map((c) => c['metadata'].name)).toEqual(expect.arrayContaining(['user-ca-bundle', 'registry-cas', 'ldap-ca', 'kube-root-ca.crt', 'openshift-install-manifests']));
      for (const cm of cms) for (const v of Object.values(cm['data'] as Record<string, string>)) for (const pem of pems(v)) expect(() => new NodeX509(pem), cm['metadata'].name).not.toThrow();
      // The configurations name what exists.
      expect(find('Proxy', 'cluster')['spec'].trustedCA.name).toBe('user-ca-bundle');
      expect(find('Image', 'cluster')['spec'].additionalTrustedCA.name).toBe('registry-cas');
      const ldap = find('OAuth', 'cluster')['spec'].identityProviders.find((p: Json) => p['type'] === 'LDAP').ldap;
      find('ConfigMap', ldap.ca.name, 'openshift-config');
      find('Secret', ldap.bindPassword.name, 'openshift-config');
      const install = parseYaml(find('ConfigMap', 'cluster-config-v1', 'kube-system')['data']['install-config']) as Json;
      expect(install).toMatchObject({ apiVersion: 'v1', metadata: { name: expect.any(String) }, platform: { aws: { region: 'us-east-1' } }, pullSecret: '' });
      expect(`https://api.${install['metadata'].name}.${install['baseDomain']}:6443`).toBe(find('Infrastructure', 'cluster')['status'].apiServerURL);
      expect(parseYaml(find('ConfigMap', 'insights-config', 'openshift-insights')['data']['config.yaml'])).toMatchObject({ dataReporting: { interval: '2h' } });
      expect(parseYaml(find('ConfigMap', 'cluster-monitoring-config', 'openshift-monitoring')['data']['config.yaml'])).toMatchObject({ prometheusK8s: { retention: '15d' } });
      for (const name of ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io']) find('CustomResourceDefinition', name);
    });

    it('keeps five revisions of the kube-apiserver\'s ConfigMaps and Secrets, owned by their revision-status', () => {
      const latest = find('KubeAPIServer', 'cluster')['status'].latestAvailableRevision as number;
      const ns = 'openshift-kube-apiserver';
      const owned = [...byKind('ConfigMap'), ...byKind('Secret')].filter((o) => o['metadata'].namespace === ns && o['metadata'].ownerReferences?.[0]?.name.startsWith('revision-status-'));
      const revisions = new Set(owned.map((o) => Number(o['metadata'].name.match(/-(\d+)$/)![1])));
      expect([...revisions].sort((a, b) => a - b)).toEqual([latest - 4, latest - 3, latest - 2, latest - 1, latest]);
      for (const o of owned) expect(find('ConfigMap', o['metadata'].ownerReferences[0].name, ns)['metadata'].uid).toBe(o['metadata'].ownerReferences[0].uid);
    });

    it('gives namespaces distinct UID ranges (but for one restored namespace), which their pods run with', () => {
      const ranges = byKind('Namespace').map((n) => n['metadata'].annotations['openshift.io/sa.scc.uid-range']);
      expect(ranges.length - new Set(ranges).size).toBe(1);
      const byNs = new Map(byKind('Namespace').map((n) => [n['metadata'].name, n['metadata'].annotations]));
      for (const p of pods) {
        const a = byNs.get(p['metadata'].namespace)!;
        expect(p['spec'].securityContext.fsGroup).toBe(Number(a['openshift.io/sa.scc.uid-range'].split('/')[0]));
        expect(p['spec'].securityContext.seLinuxOptions.level).toBe(a['openshift.io/sa.scc.mcs']);
      }
    });

    it('has the ServiceAccounts pods run as, and PDBs whose status counts the pods they select', () => {
      const accounts = new Set(byKind('ServiceAccount').map((a) => `${a['metadata'].namespace}/${a['metadata'].name}`));
      for (const p of pods) expect(accounts.has(`${p['metadata'].namespace}/${p['spec'].serviceAccountName}`), p['metadata'].name).toBe(true);
      for (const sa of byKind('ServiceAccount').filter((a) => a['imagePullSecrets'] !== undefined)) find('Secret', sa['imagePullSecrets'][0].name, sa['metadata'].namespace);
      const budgets = byKind('PodDisruptionBudget');
      expect(budgets.filter((b) => b['metadata'].namespace.startsWith('openshift-')).length).toBe(3 * 2);
      for (const b of budgets) {
        const selected = pods.filter((p) => p['metadata'].namespace === b['metadata'].namespace && p['metadata'].labels.app === b['spec'].selector.matchLabels.app);
        expect(b['status'].expectedPods, b['metadata'].name).toBe(selected.length);
      }
    });

    it('degrades one operator whose namespace has a crash-looping pod at every scale', () => {
      const degraded = byKind('ClusterOperator').filter((o) => o['status'].conditions.some((c: Json) => c['type'] === 'Degraded' && c['status'] === 'True'));
      expect(degraded.map((o) => o['metadata'].name)).toEqual([degradedOperator(1)]);
      const namespaces = degraded[0]!['status'].relatedObjects.filter((r: Json) => r['resource'] === 'namespaces').map((r: Json) => r['name']);
      for (const scale of [1, 2]) {
        const cluster = scale === 2 ? objects : generate(1).objects;
        const crashing = (cluster as Json[]).filter((p) => p['kind'] === 'Pod' && namespaces.includes(p['metadata'].namespace)
          && p['status'].containerStatuses.some((c: Json) => c['state'].waiting?.reason === 'CrashLoopBackOff' && c['restartCount'] > 0 && c['lastState'].terminated !== undefined));
        expect(crashing.length, `scale ${scale}`).toBeGreaterThan(0);
      }
      expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(degradedOperator)).size).toBeGreaterThan(1);
    });

    it('serves what the CRDs define, and the bootstrap roles aggregate in the RBAC authorizer', async () => {
      const sim = await startKubeSim({ scale: 1, rbac: true });
      try {
        for (const path of ['/apis/ingress.operator.openshift.io/v1/namespaces/openshift-ingress-operator/dnsrecords/default-wildcard', '/apis/network.operator.openshift.io/v1/namespaces/openshift-ovn-kubernetes/operatorpkis/ovn', '/apis/snapshot.storage.k8s.io/v1/volumesnapshots']) {
          expect((await rawRequest(sim, path)).status, path).toBe(200);
        }
        sim.store.add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'viewers', namespace: 'openshift-ingress' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'viewer', namespace: 'openshift-ingress' }] });
        const token = sim.serviceAccountToken('openshift-ingress', 'viewer');
        expect((await rawRequest(sim, '/api/v1/namespaces/openshift-ingress/pods', { token })).status).toBe(200);
        expect((await rawRequest(sim, '/api/v1/namespaces/openshift-ingress/secrets', { token })).status).toBe(403);
        expect((await rawRequest(sim, '/api/v1/namespaces/openshift-monitoring/pods', { token })).status).toBe(403);
      } finally {
        await sim.close();
      }
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
