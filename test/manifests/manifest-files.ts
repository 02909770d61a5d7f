/**
 * The deployment manifests as the tests read them: every YAML document of manifests/ (numbered files
 * first, in apply order, then the sub-folders), and the RBAC they grant flattened to one line per
 * permission.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MANIFESTS_DIR = join(REPO_ROOT, 'manifests');

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** One document of one manifest file. */
export interface ManifestDocument {
  /** Path relative to manifests/. */
  file: string;
  object: ManifestObject;
}

/** Files of one folder, in the order `oc apply -f <folder>` reads them (lexical). */
function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** The numbered manifests (what `oc apply -f manifests/` applies), in apply order. */
export function numberedManifestFiles(): string[] {
  return yamlFilesIn(MANIFESTS_DIR).map((f) => relative(MANIFESTS_DIR, f));
}

/** Every manifest file: the stand-ins of standalone/ (applied first where used), the numbered ones, the examples. */
export function allManifestFiles(): string[] {
  const sub = (name: string) => yamlFilesIn(join(MANIFESTS_DIR, name)).map((f) => relative(MANIFESTS_DIR, f));
  return [...sub('standalone'), ...numberedManifestFiles(), ...sub('examples')];
}

/** Every document of `files` (default: all), parsed with `yaml`; a YAML error throws, naming the file. */
export function loadManifests(files: readonly string[] = allManifestFiles()): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(MANIFESTS_DIR, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const value = doc.toJS() as unknown;
      if (value === null) continue;
      out.push({ file, object: value as ManifestObject });
    }
  }
  return out;
}

/** The one object of this kind and name; throws when there is not exactly one. */
export function findObject<T = ManifestObject>(docs: readonly ManifestDocument[], kind: string, name: string, namespace?: string): T {
  const found = docs.filter((d) => d.object.kind === kind && d.object.metadata.name === name && (namespace === undefined || d.object.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace === undefined ? '' : `${namespace}/`}${name} in manifests/, found ${found.length}`);
  return found[0]!.object as T;
}

interface Rule { apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; verbs: string[]; nonResourceURLs?: string[] }
interface Binding extends ManifestObject {
  roleRef: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
}

/** One permission: `verb group/resource[/name]`, plus ` in <namespace>` for a namespaced grant. */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  name?: string;
  namespace?: string;
  /** The file of the binding that grants it. */
  file: string;
}

/** `update config.openshift.io/clusteroperators/status/insights`; the core group is written `core`. */
export function describePermission(p: Permission): string {
  return `${p.verb} ${p.group === '' ? 'core' : p.group}/${p.resource}${p.name === undefined ? '' : `/${p.name}`}${p.namespace === undefined ? '' : ` in ${p.namespace}`}`;
}

/**
 * Everything the manifests grant the service account `namespace/name`, one entry per verb, group,
 * resource and name of every rule of every role bound to it. A binding to a role the manifests do not
 * define (a cluster's own ClusterRole) throws: the grant could not be listed.
 */
export function permissionsOf(docs: readonly ManifestDocument[], namespace: string, name: string): Permission[] {
  const roles = new Map<string, ManifestObject & { rules?: Rule[] }>();
  for (const { object } of docs) {
    if (object.kind === 'ClusterRole') roles.set(`ClusterRole/${object.metadata.name}`, object);
    if (object.kind === 'Role') roles.set(`Role/${object.metadata.namespace}/${object.metadata.name}`, object);
  }
  const out: Permission[] = [];
  for (const { file, object } of docs) {
    if (object.kind !== 'ClusterRoleBinding' && object.kind !== 'RoleBinding') continue;
    const binding = object as Binding;
    const bound = (binding.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === name && (s.namespace ?? binding.metadata.namespace) === namespace);
    if (!bound) continue;
    const scope = object.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    const key = binding.roleRef.kind === 'ClusterRole' ? `ClusterRole/${binding.roleRef.name}` : `Role/${scope}/${binding.roleRef.name}`;
    const role = roles.get(key);
    if (role === undefined) throw new Error(`${file}: ${object.kind} ${binding.metadata.name} refers to ${key}, which manifests/ does not define`);
    for (const rule of role.rules ?? []) {
      if ((rule.nonResourceURLs ?? []).length > 0) throw new Error(`${key} grants non-resource URLs, which these tests do not list`);
      for (const verb of rule.verbs) {
        for (const group of rule.apiGroups ?? []) {
          for (const resource of rule.resources ?? []) {
            const names = rule.resourceNames ?? [];
            for (const n of names.length === 0 ? [undefined] : names) {
              out.push({ verb, group, resource, ...(n === undefined ? {} : { name: n }), ...(scope === undefined ? {} : { namespace: scope }), file });
            }
          }
        }
      }
    }
  }
  return out;
}
