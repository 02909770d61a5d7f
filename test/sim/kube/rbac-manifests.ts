/**
 * RBAC from the project's deployment manifests: the ClusterRoles, Roles, bindings, ServiceAccounts and
 * Namespaces in every *.yaml / *.yml under a directory, added to a store so the simulator grants
 * exactly what a cluster running those manifests would.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, ObjectStore } from './store.ts';

const KEPT: ReadonlySet<string> = new Set([
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRoleBinding', 'rbac.authorization.k8s.io/RoleBinding',
  '/ServiceAccount', '/Namespace',
]);

export interface ManifestObjectRef { file: string; kind: string; name: string; namespace?: string }
export interface RbacManifests {
  /** Added to the store, in file then document order. */
  loaded: ManifestObjectRef[];
  /** Documents of other kinds (Deployments, CRDs, …). */
  skipped: ManifestObjectRef[];
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * A Namespace the cluster already has keeps its own labels and annotations (OpenShift's UID range, for
 * one), with the manifest's added over them, as `oc apply` leaves what a manifest does not set.
 */
function asApplied(store: ObjectStore, obj: KubeObject): KubeObject {
  if (obj.apiVersion !== 'v1' || obj.kind !== 'Namespace') return obj;
  const existing = store.get('v1', 'Namespace', obj.metadata.name);
  if (existing === undefined) return obj;
  const merged = (key: 'labels' | 'annotations') => ({ ...(existing.metadata[key] as object | undefined), ...(obj.metadata[key] as object | undefined) });
  return { ...existing, metadata: { ...existing.metadata, labels: merged('labels'), annotations: merged('annotations') } };
}

/** Throws, naming the file, on YAML errors and on namespaced objects without a namespace. */
export async function loadRbacManifests(dir: string, store: ObjectStore): Promise<RbacManifests> {
  const out: RbacManifests = { loaded: [], skipped: [] };
  for (const path of await yamlFiles(dir)) {
    const file = relative(dir, path);
    for (const doc of parseAllDocuments(await readFile(path, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as unknown;
      if (value === null || typeof value !== 'object') continue;
      const obj = value as Partial<KubeObject> & { items?: unknown[] };
      const objects = obj.kind === 'List' && Array.isArray(obj.items) ? obj.items as Partial<KubeObject>[] : [obj];
      for (const o of objects) {
        const ref: ManifestObjectRef = {
          file, kind: String(o.kind), name: String(o.metadata?.name),
          ...(o.metadata?.namespace === undefined ? {} : { namespace: o.metadata.namespace }),
        };
        if (typeof o.apiVersion !== 'string' || !KEPT.has(`${groupOf(o.apiVersion)}/${o.kind}`)) {
          out.skipped.push(ref);
          continue;
        }
        try {
          store.add(asApplied(store, o as KubeObject));
        } catch (error) {
          throw new Error(`${file}: ${(error as Error).message}`);
        }
        out.loaded.push(ref);
      }
    }
  }
  return out;
}
