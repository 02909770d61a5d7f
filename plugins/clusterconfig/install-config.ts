import { anonymizePemBlocks, GatherError, maskString, maskUrlList, withMaskedFields } from 'insights-operator/plugin-api';
import { parseGoYaml, stringifyGoYaml } from './go-yaml.ts';
import type { GoYamlValue } from './go-yaml.ts';

/** Where a fencing configuration (BMC credentials of control-plane hosts) can be, relative to the root. */
const FENCING_CREDENTIALS = [['controlPlane'], ['arbiter'], ['compute', '*']].map((pool) => [...pool, 'fencing', 'credentials', '*']);

/**
 * Fields of the install-config masked with `x` of the same length, as the original masks them:
 * `*` stands for every item of a list. Keys match case-insensitively, as Go's JSON decoding matched
 * them when the original read the install-config into its typed form.
 */
const MASKED_FIELDS: ReadonlyArray<readonly string[]> = [
  ['sshKey'],
  ['pullSecret'],
  ['baseDomain'],
  ...FENCING_CREDENTIALS.flatMap((at) => ['hostName', 'username', 'password', 'address'].map((f) => [...at, f])),
  ['platform', 'aws', 'region'],
  ['platform', 'azure', 'region'],
  ...['username', 'password', 'address'].map((f) => ['platform', 'baremetal', 'hosts', '*', 'bmc', f]),
  ['platform', 'gcp', 'region'],
  ['platform', 'gcp', 'projectID'],
  ['platform', 'gcp', 'dns', 'privateZone', 'projectID'],
  ['platform', 'vsphere', 'failureDomains', '*', 'topology', 'datacenter'],
  ['platform', 'vsphere', 'vcenters', '*', 'user'],
  ['platform', 'vsphere', 'vcenters', '*', 'password'],
  // Deprecated spellings of the vSphere credentials and datacenter above, which older install-configs
  // still carry; the original's typed form keeps them unmasked, against its own intent.
  ['platform', 'vsphere', 'username'],
  ['platform', 'vsphere', 'password'],
  ['platform', 'vsphere', 'datacenter'],
  ['platform', 'openstack', 'cloud'],
];

/**
 * The install-config's proxy, masked as the cluster Proxy object is: the original leaves it in clear
 * here although it is the same setting and can hold credentials inline.
 */
const PROXY_FIELDS: ReadonlyArray<readonly string[]> = ['httpProxy', 'httpsProxy', 'noProxy'].map((f) => ['proxy', f]);

/**
 * The `install-config` of `kube-system/cluster-config-v1` anonymized: SSH key, pull secret, base
 * domain, platform regions, projects and cloud names, and every credential (BMC, fencing, vCenter)
 * masked; proxy URLs masked as in the Proxy object; certificate bodies of the additional trust bundle
 * replaced. Written back as YAML the way the original writes it (keys sorted, go-yaml style).
 * @param text - the install-config YAML
 * @throws GatherError when it is not YAML describing an object
 */
export function anonymizeInstallConfig(text: string): string {
  const parsed = parseGoYaml(text);
  if (parsed !== null && !(parsed instanceof Map)) throw new GatherError('install-config is not a YAML mapping', { code: 'IO_YAML_PARSE' });
  const config = toPlain(parsed ?? new Map()) as Record<string, unknown>;
  let masked = withMaskedFields(config, MASKED_FIELDS.flatMap((pattern) => concretePaths(config, pattern)), maskString);
  masked = withMaskedFields(masked, PROXY_FIELDS.flatMap((pattern) => concretePaths(masked, pattern)), maskUrlList);
  masked = withMaskedFields(masked, concretePaths(masked, ['additionalTrustBundle']), anonymizePemBlocks);
  return stringifyGoYaml(masked);
}

function toPlain(value: GoYamlValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

/** The actual paths in `root` that `pattern` designates (`*` = every list item; keys case-insensitive). */
function concretePaths(root: unknown, pattern: readonly string[]): string[][] {
  let frontier: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  for (const segment of pattern) {
    const next: typeof frontier = [];
    for (const { value, path } of frontier) {
      if (segment === '*') {
        if (Array.isArray(value)) value.forEach((item, i) => next.push({ value: item, path: [...path, String(i)] }));
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value)) {
          if (key.toLowerCase() === segment.toLowerCase()) next.push({ value: child, path: [...path, key] });
        }
      }
    }
    frontier = next;
  }
  return frontier.map((f) => f.path);
}
