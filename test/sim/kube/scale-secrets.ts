/**
 * Secrets of a generated cluster, and canaries: every secret value placed in the cluster (Secret
 * data, env values, URLs with credentials, last-applied-configuration, PEM private keys, bearer
 * tokens in ConfigMaps) is a recorded, greppable string, so a test can prove none reaches an archive.
 */
import { timestamp } from './prng.ts';
import type { Rng } from './prng.ts';
import type { KubeObject } from './store.ts';

export interface Canary {
  /** The secret string as placed; `CANARY-<seed>-<n>`, or `CANARY<seed>PEM<n>` inside PEM bodies. */
  readonly value: string;
  /** Where it was placed, and how it is encoded there. */
  readonly where: string;
}

export class Canaries {
  readonly list: Canary[] = [];
  readonly #seed: number;
  #n = 0;

  constructor(seed: number) {
    this.#seed = seed;
  }

  /** A new canary. Fixed width, so no canary is a prefix of another. */
  next(where: string): string {
    const value = `CANARY-${this.#seed}-${String(++this.#n).padStart(6, '0')}`;
    this.list.push({ value, where });
    return value;
  }

  /** A canary made of base64 characters only, to sit inside a PEM body. */
  nextPem(where: string): string {
    const value = `CANARY${this.#seed}PEM${String(++this.#n).padStart(6, '0')}`;
    this.list.push({ value, where });
    return value;
  }
}

/**
 * Strings to search an archive for: the canary itself and its base64 encodings at the three byte
 * alignments (only the characters that depend on the canary alone), so a secret that leaks still
 * base64-encoded, or inside a base64-encoded document, is found too.
 */
export function canaryNeedles(value: string): string[] {
  const bytes = Buffer.from(value);
  const needles = [value];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    needles.push(encoded.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6)));
  }
  return needles;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A PEM private key whose body carries a canary (not a usable key: nothing here parses it). */
export function privateKeyPem(rng: Rng, canary: string): string {
  // 40 characters of a real key's start, so the canary sits inside the first 64-character line.
  const body = `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj${canary}${rng.hex(40)}`;
  const filler = Buffer.from(rng.hex(900), 'hex').toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${`${body}${filler}`.replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
}

interface SecretArgs { rng: Rng; namespace: string; rv: () => string; canaries: Canaries; created: number }

function secret(a: SecretArgs, name: string, type: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name, namespace: a.namespace, uid: a.rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(a.created), ...(annotations === undefined ? {} : { annotations }) },
    data, type,
  };
}

/**
 * Per namespace: the service account's dockercfg, an application credentials Secret applied with
 * kubectl (so its last-applied-configuration repeats the password), and the `${app}-db` Secrets the
 * workloads' DB_PASSWORD env refers to.
 */
export function namespaceSecrets(a: SecretArgs, dbSecrets: readonly string[]): KubeObject[] {
  const { rng, namespace, canaries } = a;
  const registry = 'image-registry.openshift-image-registry.svc:5000';
  const dockercfgName = `default-dockercfg-${rng.suffix(5)}`;
  const registryPassword = canaries.next(`Secret ${namespace}/${dockercfgName} .data[.dockercfg] password (base64 of JSON)`);
  const dockercfg = { [registry]: { username: 'serviceaccount', password: registryPassword, email: 'serviceaccount@example.org', auth: b64(`serviceaccount:${registryPassword}`) } };
  const credsName = `${namespace.replace(/^openshift-/, '')}-credentials`;
  const password = canaries.next(`Secret ${namespace}/${credsName} .data.password (base64) and its last-applied-configuration (raw)`);
  const token = canaries.next(`Secret ${namespace}/${credsName} .data.token (base64)`);
  const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { annotations: {}, name: credsName, namespace }, stringData: { password, username: 'svc-app' }, type: 'Opaque' });
  return [
    secret(a, dockercfgName, 'kubernetes.io/dockercfg', { '.dockercfg': b64(JSON.stringify(dockercfg)) },
      { 'kubernetes.io/service-account.name': 'default', 'openshift.io/internal-registry-auth-token.service-account': 'default' }),
    secret(a, credsName, 'Opaque', { username: b64('svc-app'), password: b64(password), token: b64(token) },
      { 'kubectl.kubernetes.io/last-applied-configuration': `${applied}\n` }),
    ...dbSecrets.map((name) => secret(a, name, 'Opaque', {
      password: b64(canaries.next(`Secret ${namespace}/${name} .data.password (base64)`)),
      username: b64('app'),
    })),
  ];
}

/** One TLS Secret per unit, its key a PEM carrying a canary. */
export function tlsSecret(a: SecretArgs, name: string): KubeObject {
  const key = privateKeyPem(a.rng, a.canaries.nextPem(`Secret ${a.namespace}/${name} .data[tls.key] PEM body (base64 of PEM)`));
  const cert = `-----BEGIN CERTIFICATE-----\n${Buffer.from(a.rng.hex(600), 'hex').toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return secret(a, name, 'kubernetes.io/tls', { 'tls.crt': b64(cert), 'tls.key': b64(key) }, { 'cert-manager.io/issuer-name': 'letsencrypt-prod' });
}

/** ConfigMap data that should have been a Secret: a client kubeconfig with a bearer token. */
export function bearerTokenData(canaries: Canaries, namespace: string, name: string, apiServer: string): Record<string, string> {
  const token = canaries.next(`ConfigMap ${namespace}/${name} .data.kubeconfig bearer token (raw)`);
  const header = canaries.next(`ConfigMap ${namespace}/${name} .data[client.properties] Authorization header (raw)`);
  return {
    kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: ${apiServer}\n  name: cluster\ncontexts:\n- context:\n    cluster: cluster\n    user: reporter\n  name: reporter\ncurrent-context: reporter\nusers:\n- name: reporter\n  user:\n    token: ${token}\n`,
    'client.properties': `endpoint=https://reports.example.com/upload\nheader.Authorization=Bearer ${header}\ntimeout=30s\n`,
  };
}

/** ConfigMap data with a private key pasted in. */
export function privateKeyData(rng: Rng, canaries: Canaries, namespace: string, name: string): Record<string, string> {
  return {
    'signing.key': privateKeyPem(rng, canaries.nextPem(`ConfigMap ${namespace}/${name} .data[signing.key] PEM body (raw)`)),
    'issuer.yaml': 'issuer: https://sso.example.com/realms/apps\naudience: apps\n',
  };
}
