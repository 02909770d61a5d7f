/** metadata.name rules, with apimachinery's validation messages. */
import type { FieldError } from './errors.ts';
import type { ResourceType } from './resource-types.ts';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?';

/** apimachinery's validation.RegexError. */
function regexError(message: string, regex: string, ...examples: string[]): string {
  let out = `${message} (e.g. `;
  examples.forEach((e, i) => {
    out += `${i > 0 ? ' or ' : ''}'${e}', `;
  });
  return `${out}regex used for validation is '${regex}')`;
}

function dnsSubdomain(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 253) errors.push('must be no more than 253 characters');
  if (!new RegExp(`^${SUBDOMAIN}$`).test(name)) {
    errors.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", SUBDOMAIN, 'example.com'));
  }
  return errors;
}

function dnsLabel(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 63) errors.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL}$`).test(name)) {
    errors.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", LABEL, 'my-name', '123-abc'));
  }
  return errors;
}

function dns1035Label(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 63) errors.push('must be no more than 63 characters');
  if (!new RegExp(`^${DNS1035}$`).test(name)) {
    errors.push(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", DNS1035, 'my-name', 'abc-123'));
  }
  return errors;
}

/** RBAC names (`system:openshift:…`) only have to be usable as a path segment. */
function pathSegment(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errors.push(`may not contain '${bad}'`);
  return errors;
}

const PATH_SEGMENT_GROUPS = new Set(['rbac.authorization.k8s.io', 'authorization.openshift.io', 'user.openshift.io', 'oauth.openshift.io', 'security.openshift.io']);

function nameRule(t: ResourceType): (name: string) => string[] {
  if (t.group === '' && t.kind === 'Namespace') return dnsLabel;
  if (t.group === '' && t.kind === 'Service') return dns1035Label;
  if (PATH_SEGMENT_GROUPS.has(t.group)) return pathSegment;
  return dnsSubdomain;
}

/** Errors in an object's metadata.name (and generateName) for its type; empty when valid. */
export function validateName(t: ResourceType, metadata: { name?: unknown; generateName?: unknown }): FieldError[] {
  const { name, generateName } = metadata;
  if (typeof name !== 'string' || name === '') {
    if (typeof generateName === 'string' && generateName !== '') return [];
    return [{ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' }];
  }
  return nameRule(t)(name).map((detail) => ({ field: 'metadata.name', type: 'Invalid', value: name, detail }));
}

/** Rules of particular types beyond the name (only those the simulator relies on). */
export function validateObject(t: ResourceType, obj: { metadata: { name?: unknown }; spec?: unknown }): FieldError[] {
  if (t.group === 'apiextensions.k8s.io' && t.kind === 'CustomResourceDefinition') {
    // The name is how the CRD is found again; kube insists on <plural>.<group>.
    const spec = (obj.spec ?? {}) as { group?: unknown; names?: { plural?: unknown } };
    if (obj.metadata.name !== `${String(spec.names?.plural)}.${String(spec.group)}`) {
      return [{ field: 'metadata.name', type: 'Invalid', value: obj.metadata.name, detail: 'must be spec.names.plural+"."+spec.group' }];
    }
  }
  return [];
}
