/**
 * Seeds the store from an extracted Insights archive. Objects are served as each file shows them
 * (apiVersion/kind added from the path when the gatherer dropped them); files that are not objects
 * are reported with the reason, so a test can check nothing object-like was dropped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fillMissingMetadata, namespacesFor } from './fixture-finish.ts';
import { attachLogs, matchLogPath } from './fixture-logs.ts';
import type { FixtureLog, LogFile } from './fixture-logs.ts';
import { attachParsedLogs, isParsedLogPath } from './fixture-parsed-logs.ts';
import type { FixtureJournal, ParsedLogFile } from './fixture-parsed-logs.ts';
import { deanonymize } from './fixture-realism.ts';
import type { Substitution } from './fixture-realism.ts';
import { rebuildConfigMaps } from './fixture-rebuild.ts';
import type { ConfigMapKeyFile } from './fixture-rebuild.ts';
import { CONFIGMAP_KEY, OBJECT_RULES, REBUILD_RULES, SKIP_RULES } from './fixture-rules.ts';
import type { ObjectRule } from './fixture-rules.ts';
import { DVO_METRICS, serviceMetricsFromArchive } from './fixture-service-metrics.ts';
import type { FixtureBackend } from './fixture-service-metrics.ts';
import { ResourceRegistry } from './resource-types.ts';
import type { ResourceType } from './resource-types.ts';
import type { KubeObject, KubeObjectMeta } from './store.ts';

export interface FixtureSeed {
  /** Objects to add, namespaces included, in a stable order. */
  readonly objects: readonly KubeObject[];
  /** One row per (file, object); a ConfigMap rebuilt from several files has a row per file. */
  readonly seeded: ReadonlyArray<{ path: string; apiVersion: string; kind: string; namespace?: string; name: string }>;
  readonly skipped: ReadonlyArray<{ path: string; reason: string }>;
  /**
   * Where an object differs from its file beyond the added apiVersion/kind, and why. With
   * `deanonymize`, each realistic value put in place of an anonymized one is a row with `field`,
   * `from` (as in the file) and `to` (as served).
   */
  readonly adjusted: ReadonlyArray<{ path: string; note: string } & Partial<Omit<Substitution, 'path' | 'note'>>>;
  /** Pod log files, as the logs of their pods' containers (virt-launcher.json files among them). */
  readonly logs: readonly FixtureLog[];
  /** Node journal files (`config/node/logs/{node}.log`), as the journals of their nodes' units. */
  readonly journals: readonly FixtureJournal[];
  /** What Services' backends serve through the service proxy (`config/dvo_metrics`). */
  readonly backends: readonly FixtureBackend[];
}

export interface FixtureOptions {
  /** Realistic values for anonymized ones (fixture-realism.ts). Default false: objects as the files show them. */
  deanonymize?: boolean;
}

interface Candidate { path: string; obj: KubeObject; type: ResourceType; pathName: string; pathNamespace: string | undefined }

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/')).sort();
}

function resolveType(rule: ObjectRule, m: RegExpExecArray, raw: Json, registry: ResourceRegistry): ResourceType | undefined {
  if (typeof raw['apiVersion'] === 'string' && typeof raw['kind'] === 'string') return registry.byKind(raw['apiVersion'], raw['kind']);
  if (rule.type === 'own') return undefined;
  if (typeof rule.type === 'string') {
    const [apiVersion, kind] = rule.type.split(' ') as [string, string];
    return registry.byKind(apiVersion, kind);
  }
  const group = typeof rule.type.group === 'number' ? m[rule.type.group]! : rule.type.group;
  return registry.byGroupAndName(group, m[rule.type.resource]!);
}

export async function loadFixture(dir: string, registry = new ResourceRegistry(), options: FixtureOptions = {}): Promise<FixtureSeed> {
  const skipped: Array<{ path: string; reason: string }> = [];
  const adjusted: Array<{ path: string; note: string }> = [];
  const logFiles: LogFile[] = [];
  const parsedLogFiles: ParsedLogFile[] = [];
  const seeded: Array<{ path: string; apiVersion: string; kind: string; namespace?: string; name: string }> = [];
  const candidates: Candidate[] = [];
  const rebuilt: Array<{ paths: string[]; obj: KubeObject }> = [];
  const configMapKeys: ConfigMapKeyFile[] = [];
  const backends: FixtureBackend[] = [];

  for (const path of await listFiles(dir)) {
    const log = matchLogPath(path);
    if (log !== undefined) {
      logFiles.push({ ...log, text: await readFile(join(dir, path), 'utf8') });
      continue;
    }
    if (isParsedLogPath(path)) {
      parsedLogFiles.push({ path, text: await readFile(join(dir, path), 'utf8') });
      continue;
    }
    if (DVO_METRICS.test(path)) {
      const made = serviceMetricsFromArchive(path, await readFile(join(dir, path), 'utf8'));
      for (const obj of made.objects) rebuilt.push({ paths: [path], obj });
      adjusted.push({ path, note: made.note });
      backends.push(...made.backends);
      continue;
    }
    const skip = SKIP_RULES.find((r) => r.re.test(path));
    if (skip !== undefined) {
      skipped.push({ path, reason: skip.reason });
      continue;
    }
    const text = await readFile(join(dir, path), 'utf8');
    const cm = CONFIGMAP_KEY.exec(path);
    if (cm !== null) {
      configMapKeys.push({ path, namespace: cm[1]!, name: cm[2]!, file: cm[3]!, text });
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      skipped.push({ path, reason: 'not JSON and no rule for it' });
      continue;
    }
    const rebuildRule = REBUILD_RULES.map((r) => ({ r, m: r.re.exec(path) })).find((x) => x.m !== null);
    if (rebuildRule !== undefined) {
      const out = rebuildRule.r.rebuild(raw, rebuildRule.m!);
      if (out.length === 0) skipped.push({ path, reason: 'not in the shape its gatherer writes' });
      for (const { obj, note } of out) {
        rebuilt.push({ paths: [path], obj });
        adjusted.push({ path, note });
      }
      continue;
    }
    const match = OBJECT_RULES.map((r) => ({ r, m: r.re.exec(path) })).find((x) => x.m !== null);
    if (match === undefined) {
      skipped.push({ path, reason: 'no rule maps this path to a resource' });
      continue;
    }
    const { r: rule, m } = { r: match.r, m: match.m! };
    if (!isObject(raw)) {
      skipped.push({ path, reason: 'expected a JSON object' });
      continue;
    }
    const type = resolveType(rule, m, raw, registry);
    if (type === undefined) {
      skipped.push({ path, reason: 'its type is not in resource-table.ts' });
      continue;
    }
    const pathName = typeof rule.name === 'number' ? m[rule.name]! : typeof rule.name === 'string' ? rule.name : rule.name(m);
    const pathNamespace = rule.namespace === undefined ? undefined : m[rule.namespace];
    candidates.push({ path, obj: toObject(path, raw, type, pathName, pathNamespace, adjusted), type, pathName, pathNamespace });
  }

  for (const { obj, note, paths } of rebuildConfigMaps(configMapKeys)) {
    rebuilt.push({ paths, obj });
    for (const path of paths) adjusted.push({ path, note });
  }

  const objects: KubeObject[] = [];
  const sources: Array<{ paths: readonly string[]; obj: KubeObject }> = [];
  const record = (paths: readonly string[], obj: KubeObject): void => {
    objects.push(obj);
    sources.push({ paths, obj });
    for (const path of paths) {
      const { name, namespace } = obj.metadata;
      seeded.push({ path, apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace === undefined ? {} : { namespace }), name });
    }
  };
  for (const c of resolveCollisions(candidates, adjusted)) record([c.path], c.obj);
  for (const r of rebuilt) record(r.paths, r.obj);
  const { logs, pods } = attachLogs(logFiles, objects, adjusted);
  for (const pod of pods) record([], pod);
  // After the pod logs, so that the nodes made here do not host the pods made there.
  const parsed = attachParsedLogs(parsedLogFiles, objects, adjusted);
  for (const obj of parsed.objects) record([], obj);
  if (options.deanonymize === true) {
    for (const { paths, obj } of sources) if (paths.length > 0) deanonymize(obj, (field) => sourceOf(paths, field), adjusted as Substitution[]);
  }
  fillMissingMetadata(objects);
  for (const ns of namespacesFor(objects, registry)) record([], ns);
  return { objects, seeded, skipped, adjusted, logs: [...logs, ...parsed.logs], journals: parsed.journals, backends };
}

/** The file a field of an object came from: a ConfigMap's key file, else the object's file. */
function sourceOf(paths: readonly string[], field: string): string {
  const m = /^data(?:\.([\w$-]+)|\[("(?:[^"\\]|\\.)*")\])/.exec(field);
  const key = m === null ? undefined : m[1] ?? (JSON.parse(m[2]!) as string);
  return (key === undefined ? undefined : paths.find((p) => p.endsWith(`/${key}`) || p.endsWith(`/${key.replace(/\.yaml$/, '.json')}`))) ?? paths[0]!;
}

/** Adds the type the path implies; gives metadata to objects the gatherer rendered without it. */
function toObject(path: string, raw: Json, type: ResourceType, name: string, namespace: string | undefined, adjusted: Array<{ path: string; note: string }>): KubeObject {
  const obj: Json = { apiVersion: raw['apiVersion'] ?? type.apiVersion, kind: raw['kind'] ?? type.kind, ...raw };
  if (!isObject(obj['metadata'])) {
    // operator.openshift.io resources are written as {apiVersion, kind, name, spec}.
    const { name: _dropped, ...rest } = obj;
    adjusted.push({ path, note: 'metadata rebuilt from the path (the file has a top-level name instead)' });
    return { ...rest, metadata: { name, ...(type.namespaced && namespace !== undefined ? { namespace } : {}) } } as KubeObject;
  }
  const metadata = { ...obj['metadata'] } as KubeObjectMeta;
  if (typeof metadata.name !== 'string' || metadata.name === '') metadata.name = name;
  if (type.namespaced && (typeof metadata.namespace !== 'string' || metadata.namespace === '') && namespace !== undefined) metadata.namespace = namespace;
  obj['metadata'] = metadata;
  return obj as KubeObject;
}

/**
 * The sample was stitched from several clusters and some files were copied under new names, so
 * several files can claim one object (five validating webhooks all named snapshot.storage.k8s.io).
 * The file whose path agrees with its content keeps the identity; the others take the identity their
 * path encodes, which is what a gatherer writing `{name}.json` implies.
 */
function resolveCollisions(candidates: readonly Candidate[], adjusted: Array<{ path: string; note: string }>): Candidate[] {
  const id = (type: ResourceType, ns: string | undefined, name: string): string => `${type.storageKey} ${type.namespaced ? ns : ''}/${name}`;
  const claims = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = id(c.type, c.obj.metadata.namespace, c.obj.metadata.name);
    claims.set(key, [...(claims.get(key) ?? []), c]);
  }
  const out: Candidate[] = [];
  for (const group of claims.values()) {
    const agrees = (c: Candidate): boolean => c.pathName === c.obj.metadata.name && (!c.type.namespaced || c.pathNamespace === undefined || c.pathNamespace === c.obj.metadata.namespace);
    const keeper = group.find(agrees) ?? group[0]!;
    for (const c of group) {
      if (c === keeper) {
        out.push(c);
        continue;
      }
      const metadata: KubeObjectMeta = { ...c.obj.metadata, name: c.pathName };
      if (c.type.namespaced && c.pathNamespace !== undefined) metadata.namespace = c.pathNamespace;
      adjusted.push({ path: c.path, note: `metadata.name "${c.obj.metadata.name}" → "${c.pathName}": ${keeper.path} claims the same object` });
      out.push({ ...c, obj: { ...c.obj, metadata } });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
