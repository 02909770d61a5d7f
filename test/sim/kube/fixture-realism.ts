/**
 * `deanonymize`: realistic values for what the sample archive shows anonymized (x-ed strings,
 * 0.0.0.0 addresses, x-ed CA bundles), so anonymization can be shown to work on them. Values are
 * deterministic (seeded by file and field) and keep the anonymized value's length and separators,
 * so anonymizing them as the original does (`x` per character; URLs keep `.-/:`) gives the file back.
 */
import { Rng } from './prng.ts';
import type { KubeObject } from './store.ts';

export interface Substitution { path: string; note: string; field: string; from: string; to: string }

type Json = Record<string, unknown>;

/** Only x's, or x's with a URL's kept characters; at least four x's. */
const ANONYMIZED = /^(?=(?:[^x]*x){4})[x.:/-]+$/;
/** `key: xxxx` lines of YAML or properties text (install-config, converted ConfigMaps, Secret YAML). */
const TEXT_LINE = /^(\s*(?:- )?)([\w.-]+): (['"]?)((?=(?:[^x]*x){4})[x.:/-]+)\3$/gm;
const ZERO_IP_KEYS: Readonly<Record<string, (rng: Rng, n: number) => string>> = {
  'metallb.universe.tf/loadBalancerIPs': (_r, n) => `172.17.0.${80 + (n % 20)}`,
  ipaddr: (_r, n) => `172.17.0.${100 + (n % 50)}`,
  ctlplaneNetmask: () => '255.255.255.0',
  internalapi: () => '172.17.0.100',
  storage: () => '172.18.0.100',
  tenant: () => '172.19.0.100',
};

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const word = (rng: Rng, n: number, alphabet = ALNUM): string => Array.from({ length: n }, (_, i) => (i === 0 ? LOWER : alphabet)[rng.int(i === 0 ? 26 : alphabet.length)]).join('');

/** `s` made exactly `n` long: longer ones are cut; shorter ones get their first host label (or the end) padded. */
function fit(rng: Rng, s: string, n: number): string {
  if (s.length >= n) return s.slice(0, n).replace(/[.:/-]$/, 'a');
  const scheme = s.indexOf('://');
  const hostStart = scheme < 0 ? 0 : scheme + 3;
  const dot = s.indexOf('.', hostStart);
  const at = dot < 0 ? s.length : dot;
  return s.slice(0, at) + word(rng, n - s.length, LOWER) + s.slice(at);
}

/** A list joined with commas, exactly `n` long: items while they fit, then a made-up domain or a longer first item. */
function fitList(rng: Rng, items: readonly string[], n: number): string {
  let out = '';
  for (const item of items) if (out.length + (out === '' ? 0 : 1) + item.length <= n) out += (out === '' ? '' : ',') + item;
  const left = n - out.length;
  if (left >= 3 && out !== '') return `${out},.${word(rng, left - 2, LOWER)}`;
  if (out === '') return fit(rng, '.svc', n);
  const at = out.indexOf('.', 1) < 0 ? out.length : out.indexOf('.', 1);
  return out.slice(0, at) + word(rng, left, LOWER) + out.slice(at);
}

/** An HTTP proxy URL exactly `n` long, with credentials when there is room. */
function proxyUrl(rng: Rng, n: number, credentials: boolean): string {
  const auth = credentials && n >= 36 ? `proxy:${rng.hex(8)}@` : '';
  const hostLength = n - 'http://'.length - ':3128'.length - auth.length;
  if (hostLength < 4) return fit(rng, 'http://proxy', n);
  return `http://${auth}${hostLength >= 11 ? fit(rng, 'proxy.corp', hostLength) : word(rng, hostLength, LOWER)}:3128`;
}

/** An IPv4 address exactly `n` (7-15) characters long. */
function ipOfLength(rng: Rng, n: number): string {
  const digits = [3, 3, 3, 3];
  for (let excess = 15 - Math.min(15, Math.max(7, n)), i = 3; excess > 0; excess--, i = (i + 3) % 4) digits[i]!--;
  return digits.map((d, i) => (d === 1 ? rng.range(1, 9) : d === 2 ? rng.range(10, 99) : i === 0 ? 192 : rng.range(100, 254))).join('.');
}

const hex = (rng: Rng, n: number): string => rng.hex(n);
const uuid = (rng: Rng, n: number): string => fit(rng, rng.uuid(), n);

/** Generators by field name: (rng, length, context) → value. */
const BY_KEY: Readonly<Record<string, (rng: Rng, n: number, ctx: { parent: string; obj: Json; anonymized: string }) => string>> = {
  machineID: hex, systemUUID: uuid, bootID: uuid, httpSecret: hex, routing_key: hex, service_key: hex,
  'mac-address': (rng) => `fa:16:3e:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`,
  region: (rng, n) => (n === 9 ? 'us-east-2' : n === 8 ? 'us-east1' : fit(rng, 'us-east', n)),
  'machine.openshift.io/region': (rng, n) => (n === 9 ? 'us-east-2' : fit(rng, 'us-east', n)),
  availabilityZone: (rng, n) => (n === 10 ? 'us-east-2a' : fit(rng, 'us-east-1a', n)),
  providerID: (rng, n) => `aws:///us-east-2a/i-0${rng.hex(Math.max(0, n - 21))}`.slice(0, n),
  projectID: (rng, n) => (n === 22 ? 'openshift-gce-devel-ci' : fit(rng, 'openshift-ci', n)),
  infrastructureName: (rng, n, { obj, anonymized }) => {
    // The infrastructure name is the cluster name and a suffix; the cluster name is in the API URL.
    const host = /^https:\/\/api\.([^.]+)\./.exec(String((obj['status'] as Json | undefined)?.['apiServerURL'] ?? ''))?.[1];
    const [name, suffix] = anonymized.split('-');
    return host !== undefined && name !== undefined && host.length === name.length && suffix !== undefined ? `${host}-${word(rng, suffix.length)}` : fit(rng, 'cluster', n);
  },
  dockerImageRepository: (rng, n) => {
    const base = 'image-registry.openshift-image-registry.svc:5000/openshift/';
    return n > base.length + 2 ? base + word(rng, n - base.length, LOWER) : fit(rng, base, n);
  },
  api_url: (rng, n) => fit(rng, `https://hooks.slack.com/services/T${rng.hex(8).toUpperCase()}/B${rng.hex(8).toUpperCase()}/${rng.hex(24)}`, n),
  url: (rng, n) => fit(rng, `https://alerts.example.com/api/v2/alerts/${rng.hex(32)}`, n),
  auth_password: (rng, n) => `Pw1-${rng.hex(n)}`.slice(0, n),
  auth_secret: (rng, n) => `Sec-${rng.hex(n)}`.slice(0, n),
  auth_username: (rng, n) => (n > 6 ? `alerts-${word(rng, n - 7)}` : word(rng, n)),
  smarthost: (rng, n) => fit(rng, 'smtp.example.com:587', n),
  httpProxy: (rng, n) => proxyUrl(rng, n, false),
  httpsProxy: (rng, n) => proxyUrl(rng, n, true),
  noProxy: (rng, n) => fitList(rng, ['.cluster.local', '.svc', 'localhost', '127.0.0.1', '10.0.0.0/16'], n),
  baseDomain: (rng, n) => (n > 12 ? `${word(rng, n - 12, LOWER)}.example.com` : fit(rng, 'example.com', n)),
  ansibleHost: (rng, n) => ipOfLength(rng, n),
  ansibleUser: (rng, n) => fit(rng, 'cloud-admin', n),
};

const HOSTNAME_PARENTS = new Set(['ctlplane', 'internalapi', 'storage', 'tenant']);

function realistic(rng: Rng, key: string, from: string, parent: string, obj: Json): string | undefined {
  const byKey = BY_KEY[key];
  if (byKey !== undefined) return byKey(rng, from.length, { parent, obj, anonymized: from });
  // allHostnames: {node: {network: host}}
  if (HOSTNAME_PARENTS.has(key)) return fit(rng, `${parent}.${key}.example.com`, from.length);
  // Otherwise keep the separators the URL anonymizer kept, and fill the x runs.
  return from.replace(/x+/g, (run) => word(rng, run.length));
}

/** A PEM certificate of exactly `n` characters (its body is not a valid certificate). */
function pemOfLength(rng: Rng, n: number): string {
  const head = '-----BEGIN CERTIFICATE-----\n';
  const tail = '-----END CERTIFICATE-----\n';
  const m = Math.max(2, n - head.length - tail.length);
  let c = m;
  while (c + Math.ceil(c / 64) > m) c--;
  let chars = 'MIID';
  while (chars.length < c + 1) chars += Buffer.from(rng.hex(48), 'hex').toString('base64');
  let body = chars.slice(0, c).replace(/.{1,64}/g, '$&\n');
  // Lengths a 64-column body cannot reach get one longer last line; PEM readers do not mind.
  if (body.length < m) body = `${body.slice(0, -1)}${chars[c]}\n`;
  return head + body + tail;
}

/**
 * Replaces anonymized values in `obj` (in place) and records each substitution against the file it
 * came from: `pathFor(field)` picks it when an object was rebuilt from several files.
 */
export function deanonymize(obj: KubeObject, pathFor: (field: string) => string, out: Substitution[]): void {
  let zeroIps = 0;
  const record = (field: string, from: string, to: string): void => {
    out.push({ path: pathFor(field), note: `realistic value for anonymized ${field}: ${JSON.stringify(from)} → ${JSON.stringify(to)}`, field, from, to });
  };
  const rngFor = (field: string): Rng => new Rng(`kube-sim/realism/${pathFor(field)}/${field}`);
  const text = (value: string, field: string): string =>
    value.replace(TEXT_LINE, (line, indent: string, key: string, quote: string, from: string) => {
      const to = realistic(rngFor(`${field}:${key}`), key, from, '', obj as Json) ?? from;
      record(`${field} (${key})`, from, to);
      return `${indent}${key}: ${quote}${to}${quote}`;
    });
  const walk = (node: unknown, field: string, key: string, parent: string): unknown => {
    if (Array.isArray(node)) return node.map((v, i) => walk(v, `${field}[${i}]`, key, parent));
    if (node !== null && typeof node === 'object') {
      const o = node as Json;
      for (const [k, v] of Object.entries(o)) o[k] = walk(v, childField(field, k), k, key);
      return o;
    }
    if (typeof node !== 'string') return node;
    if (ANONYMIZED.test(node)) {
      const to = realistic(rngFor(field), key, node, parent, obj as Json);
      if (to === undefined || to === node) return node;
      record(field, node, to);
      return to;
    }
    if (node === '0.0.0.0' && ZERO_IP_KEYS[key] !== undefined && /openstack/i.test(obj.apiVersion)) {
      const to = ZERO_IP_KEYS[key]!(rngFor(field), zeroIps++);
      record(field, node, to);
      return to;
    }
    if (key === 'caBundle') {
      const decoded = Buffer.from(node, 'base64').toString('latin1');
      if (/^x+$/.test(decoded)) {
        const to = Buffer.from(pemOfLength(rngFor(field), decoded.length)).toString('base64');
        record(field, `base64(${decoded.length} x's)`, 'base64(PEM certificate)');
        return to;
      }
      return node;
    }
    if (/^data[.[]/.test(field) && obj.kind === 'Secret' && obj.apiVersion === 'v1') {
      const decoded = Buffer.from(node, 'base64').toString('utf8');
      const replaced = text(decoded, `${field} (decoded)`);
      return replaced === decoded ? node : Buffer.from(replaced).toString('base64');
    }
    return node.includes('\n') ? text(node, field) : node;
  };
  for (const k of Object.keys(obj)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata') (obj as Json)[k] = walk((obj as Json)[k], k, k, '');
  const meta = obj.metadata as Json;
  for (const k of ['labels', 'annotations']) if (meta[k] !== undefined) meta[k] = walk(meta[k], `metadata.${k}`, k, '');
}

/** `a.b`, or `a["b.c/d"]` for keys that are not plain names, so a field path reads back unambiguously. */
function childField(field: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${field}[${JSON.stringify(key)}]`;
  return field === '' ? key : `${field}.${key}`;
}
