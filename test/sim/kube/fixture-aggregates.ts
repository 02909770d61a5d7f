/**
 * Objects behind aggregates of the sample, so that the gatherers computing them find on the
 * simulated cluster what they found on the real one:
 * - `aggregated/ingress_controllers_certs.json` → the router CA and default certificate Secrets, with
 *   certificates valid between the dates the file shows (Ed25519 from a fixed key, so seeding stays
 *   byte-identical across runs);
 * - `config/namespaces_with_overlapping_uids.json` → Namespaces whose uid ranges overlap as listed;
 * - `config/olm_operators.json` → OLM Operators and their ClusterServiceVersions;
 * - `aggregated/pods_and_netnamespaces_with_sdn_annotations.json` → the annotated pods and NetNamespaces.
 */
import type { Rebuilt } from './fixture-rebuild.ts';
import { certificatePem, ed25519Key } from './scale-csr.ts';

const FIXTURE_KEY = ed25519Key(Buffer.alloc(32, 7));

interface CertEntry { name?: unknown; namespace?: unknown; not_before?: unknown; not_after?: unknown }

export function rebuildIngressCertSecrets(raw: unknown): Rebuilt[] {
  if (!Array.isArray(raw)) return [];
  return (raw as CertEntry[]).flatMap((entry, i) => {
    const { name, namespace, not_before: notBefore, not_after: notAfter } = entry;
    if (typeof name !== 'string' || typeof namespace !== 'string' || typeof notBefore !== 'string' || typeof notAfter !== 'string') return [];
    const crt = certificatePem(FIXTURE_KEY, 'ingress-operator', FIXTURE_KEY, name, 'openshift', Buffer.from([i + 1]), Date.parse(notBefore), Date.parse(notAfter));
    const key = FIXTURE_KEY.export({ type: 'pkcs8', format: 'pem' }).toString();
    return [{
      obj: {
        apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name, namespace },
        data: { 'tls.crt': Buffer.from(crt).toString('base64'), 'tls.key': Buffer.from(key).toString('base64') },
      },
      note: `rebuilt: a TLS Secret whose certificate is valid ${notBefore} .. ${notAfter}, as the aggregate shows`,
    }];
  });
}

/** First uid of the ranges given to the sample's overlapping groups; other namespaces start far above. */
export const OVERLAP_UID_BASE = 1_000_000_000;

export function rebuildOverlappingNamespaces(raw: unknown): Rebuilt[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((group: unknown, g) => {
    if (!Array.isArray(group)) return [];
    const range = `${OVERLAP_UID_BASE + g * 10_000}/10000`;
    return group.filter((n): n is string => typeof n === 'string').map((name) => ({
      obj: {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: {
          name,
          labels: { 'kubernetes.io/metadata.name': name },
          annotations: { 'openshift.io/sa.scc.uid-range': range, 'openshift.io/sa.scc.supplemental-groups': range, 'openshift.io/sa.scc.mcs': `s0:c${g + 1},c0` },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      note: `rebuilt: namespace in overlapping uid range group ${g}`,
    }));
  });
}

interface OlmEntry { name?: unknown; displayName?: unknown; version?: unknown; csv_conditions?: unknown }

/**
 * `config/olm_operators.json` → the OLM Operator objects (`<package>.<namespace>`) and the
 * ClusterServiceVersions (`<package>.<version>`) they reference, with the display names and conditions
 * the aggregate shows.
 */
export function rebuildOlmOperators(raw: unknown): Rebuilt[] {
  if (!Array.isArray(raw)) return [];
  return (raw as OlmEntry[]).flatMap((entry) => {
    const { name, displayName, version, csv_conditions: conditions } = entry;
    if (typeof name !== 'string' || typeof version !== 'string' || !name.includes('.')) return [];
    const pkg = name.slice(0, name.indexOf('.'));
    const namespace = name.slice(name.indexOf('.') + 1);
    const csvName = `${pkg}.${version}`;
    return [
      {
        obj: {
          apiVersion: 'operators.coreos.com/v1', kind: 'Operator', metadata: { name },
          spec: {}, status: { components: { refs: [{ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name: csvName, namespace }] } },
        },
        note: `rebuilt: the OLM Operator ${name} behind the aggregate`,
      },
      {
        obj: {
          apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', metadata: { name: csvName, namespace },
          spec: { displayName, version: version.replace(/^v/, '') }, status: { conditions: Array.isArray(conditions) ? conditions : [] },
        },
        note: `rebuilt: the ClusterServiceVersion ${namespace}/${csvName} behind the aggregate`,
      },
    ];
  });
}

/**
 * `aggregated/pods_and_netnamespaces_with_sdn_annotations.json` → that many pods with the SDN
 * assign-macvlan annotation, and NetNamespaces with multicast enabled.
 */
export function rebuildSdnAnnotated(raw: unknown): Rebuilt[] {
  const counts = raw as Record<string, unknown> | null;
  const pods = Number(counts?.['pods_with_assign-macvlan_annotation'] ?? 0);
  const netnamespaces = Number(counts?.['netnamespaces_with_multicast-enabled_annotation'] ?? 0);
  const out: Rebuilt[] = [];
  for (let i = 0; i < pods; i++) {
    out.push({
      obj: {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `macvlan-workload-${i}`, namespace: 'sdn-workloads', annotations: { 'pod.network.openshift.io/assign-macvlan': 'true' } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/app@sha256:' + '0'.repeat(63) + String(i) }] },
        status: { phase: 'Running' },
      },
      note: 'rebuilt: a pod with the assign-macvlan annotation the aggregate counts',
    });
  }
  for (let i = 0; i < netnamespaces; i++) {
    out.push({
      obj: {
        apiVersion: 'network.openshift.io/v1', kind: 'NetNamespace',
        metadata: { name: `multicast-${i}`, annotations: { 'netnamespace.network.openshift.io/multicast-enabled': 'true' } },
        netname: `multicast-${i}`, netid: 100 + i,
      },
      note: 'rebuilt: a NetNamespace with multicast enabled, as the aggregate counts',
    });
  }
  return out;
}
