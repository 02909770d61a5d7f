import { Canaries, canaryNeedles } from '../../test/sim/kube/index.ts';
import type { KubeObject, KubeSim } from '../../test/sim/kube/index.ts';

/** A string that must never appear in a record, and what it is. */
export interface SecretNeedle {
  needle: string;
  where: string;
}

/** Seed of the kit's own canaries; generated clusters use theirs (1 by default). */
const KIT_CANARY_SEED = 97;
/** Secret values shorter than this are not searched for: `"1"` or `"true"` would match anything. */
const MIN_SECRET_LENGTH = 8;

/**
 * Canary Secrets for the contract: one in `default`, `openshift-config` and `kube-system`, and one in
 * every namespace of the author's objects, each with a password, a token and a PEM key carrying a canary.
 * @param objects - the author's objects, for their namespaces
 */
export function canarySecrets(objects: readonly object[]): KubeObject[] {
  const canaries = new Canaries(KIT_CANARY_SEED);
  const namespaces = new Set(['default', 'openshift-config', 'kube-system']);
  for (const o of objects as KubeObject[]) {
    if (typeof o.metadata?.namespace === 'string') namespaces.add(o.metadata.namespace);
    if (o.kind === 'Namespace' && typeof o.metadata?.name === 'string') namespaces.add(o.metadata.name);
  }
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [...namespaces].sort().map((namespace) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'plugin-kit-canary', namespace },
    type: 'Opaque',
    data: {
      password: b64(canaries.next(`Secret ${namespace}/plugin-kit-canary password`)),
      token: b64(canaries.next(`Secret ${namespace}/plugin-kit-canary token`)),
      'tls.key': b64(`-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${canaries.nextPem(`Secret ${namespace}/plugin-kit-canary tls.key`)}\n-----END PRIVATE KEY-----\n`),
    },
  }));
}

/**
 * Every secret string of the simulated cluster: each Secret's values (decoded, and as stored in base64)
 * and the generated cluster's canaries placed elsewhere (environment values, URLs, ConfigMaps), with
 * their base64 encodings at the three alignments.
 * @param sim - the running simulator, once every object is stored
 */
export function secretNeedles(sim: KubeSim): SecretNeedle[] {
  const needles = new Map<string, string>();
  const add = (needle: string, where: string) => {
    if (needle.length >= MIN_SECRET_LENGTH && !needles.has(needle)) needles.set(needle, where);
  };
  for (const secret of sim.store.list('v1', 'Secret')) {
    const data = (secret as { data?: Record<string, unknown>; stringData?: Record<string, unknown> }).data ?? {};
    const where = (key: string) => `Secret ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''} key ${key}`;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      add(value, where(key));
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      for (const canary of decoded.match(/CANARY(-\d+-|\d+PEM)\d{6}/g) ?? []) for (const needle of canaryNeedles(canary)) add(needle, where(key));
      // Whole values only when short enough to be a password; long ones (PEM, JSON) are covered by their canaries.
      if (decoded.length <= 256 && !decoded.includes('\n')) add(decoded, where(key));
    }
  }
  for (const canary of sim.canaries) for (const needle of canaryNeedles(canary.value)) add(needle, canary.where);
  return [...needles].map(([needle, where]) => ({ needle, where }));
}

/**
 * The needles found in `data`.
 * @param data - a record's bytes
 * @param needles - from {@link secretNeedles}
 */
export function leakedSecrets(data: Buffer, needles: readonly SecretNeedle[]): SecretNeedle[] {
  const text = data.toString('latin1');
  return needles.filter((n) => text.includes(n.needle));
}
