/**
 * Objects behind two aggregates of the sample, so that the gatherers computing them find on the
 * simulated cluster what they found on the real one:
 * - `aggregated/ingress_controllers_certs.json` → the router CA and default certificate Secrets, with
 *   certificates valid between the dates the file shows (Ed25519 from a fixed key, so seeding stays
 *   byte-identical across runs);
 * - `config/namespaces_with_overlapping_uids.json` → Namespaces whose uid ranges overlap as listed.
 */
import { createPrivateKey } from 'node:crypto';
import type { Rebuilt } from './fixture-rebuild.ts';
import { certificatePem } from './scale-csr.ts';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const FIXTURE_KEY = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, Buffer.alloc(32, 7)]), format: 'der', type: 'pkcs8' });

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
