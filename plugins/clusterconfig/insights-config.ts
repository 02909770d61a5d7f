import { GatherError, maskString } from 'insights-operator/plugin-api';
import { parseGoYaml } from './go-yaml.ts';
import type { GoYamlValue } from './go-yaml.ts';

/**
 * The sections of the operator's `insights-config` ConfigMap and their fields, in the order the
 * original's serialized configuration type declares them. Everything else in the ConfigMap is
 * dropped, as the original drops what its type does not know.
 */
const SECTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['dataReporting', ['interval', 'uploadEndpoint', 'downloadEndpoint', 'downloadEndpointTechPreview', 'storagePath',
    'conditionalGathererEndpoint', 'processingStatusEndpoint', 'obfuscation', 'disableRuntimeExtractor']],
  ['alerting', ['disabled']],
  ['sca', ['disabled', 'interval', 'endpoint']],
  ['clusterTransfer', ['interval', 'endpoint']],
  ['proxy', ['httpProxy', 'httpsProxy', 'noProxy']],
];
/** The one list-valued field; all others are strings. */
const LIST_FIELD = 'obfuscation';
/** Proxy settings can carry credentials inline: masked with `x` of the same length. */
const MASKED_PROXY_FIELDS = new Set(['httpProxy', 'httpsProxy', 'noProxy']);

type Section = Record<string, string | string[]>;

/**
 * The `config.yaml` of `openshift-insights/insights-config` as the original records it: decoded into
 * the operator's configuration type (unknown keys dropped, numbers and booleans turned into the
 * strings the type holds, empty fields left out) with the proxy settings masked.
 * @param text - the `config.yaml` value ('' when the key is missing)
 * @throws GatherError when the text is not YAML, or a value has a shape the type cannot hold
 */
export function anonymizedInsightsConfig(text: string): Record<string, Section> {
  const parsed = parseGoYaml(text);
  if (parsed !== null && !(parsed instanceof Map)) throw typeError('the configuration', parsed);
  const out: Record<string, Section> = {};
  for (const [name, fields] of SECTIONS) {
    const section: Section = {};
    const value = lookup(parsed, name);
    if (value !== null && value !== undefined && !(value instanceof Map)) throw typeError(name, value);
    for (const field of fields) {
      const raw = lookup(value ?? null, field);
      if (raw === null || raw === undefined) continue;
      if (field === LIST_FIELD) {
        if (!Array.isArray(raw)) throw typeError(`${name}.${field}`, raw);
        if (raw.length > 0) section[field] = raw.map((item) => (item === null ? '' : scalarString(`${name}.${field}`, item)));
        continue;
      }
      const text = scalarString(`${name}.${field}`, raw);
      if (text !== '') section[field] = name === 'proxy' && MASKED_PROXY_FIELDS.has(field) ? maskString(text) : text;
    }
    out[name] = section;
  }
  return out;
}

/**
 * The value Go's JSON decoding leaves in a field: keys match it ignoring case, and since the original
 * decodes from JSON with sorted keys, the last matching key in sorted order wins.
 */
function lookup(object: GoYamlValue | undefined, field: string): GoYamlValue | undefined {
  if (!(object instanceof Map)) return undefined;
  const matching = [...object.keys()].filter((k) => k.toLowerCase() === field.toLowerCase()).sort();
  const key = matching.at(-1);
  return key === undefined ? undefined : object.get(key);
}

/** A scalar as the string field receives it: sigs.k8s.io/yaml turns numbers and booleans into text. */
function scalarString(where: string, value: GoYamlValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw typeError(where, value);
}

function typeError(where: string, value: GoYamlValue | undefined): GatherError {
  const shape = value instanceof Map ? 'object' : Array.isArray(value) ? 'array' : typeof value;
  return new GatherError(`insights-config: cannot read ${where} from a YAML ${shape}`, { code: 'IO_YAML_PARSE' });
}
