/**
 * Files the gatherers write in a shape other than the API object's (anonymized structs, single
 * fields, configmap keys as files): turned back into the objects a cluster would serve, so that the
 * same gatherer run against the simulator writes the same file again.
 */
import { stringify } from 'yaml';
import type { KubeObject, KubeObjectMeta } from './store.ts';

export interface Rebuilt { obj: KubeObject; note: string }

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects of which the gatherer keeps one section (`status` of CephClusters, `spec` of NodeFeatures). */
export function wrapSection(apiVersion: string, kind: string, section: 'spec' | 'status') {
  return (raw: unknown, m: RegExpExecArray): Rebuilt[] => [{
    obj: { apiVersion, kind, metadata: { name: m[2]!, namespace: m[1]! }, [section]: raw },
    note: `rebuilt: the file holds only the ${kind}'s ${section}`,
  }];
}

/**
 * Objects whose file names another object than its path does (the sample was stitched from several
 * clusters): served under the identity the path encodes, as a gatherer writing `[{ns}/]{name}.json`
 * implies, so that the gatherer writes the file back at its path.
 * @param nameGroup - capture group of the name
 * @param namespaceGroup - capture group of the namespace, when the path has one
 */
export function atPathIdentity(nameGroup: number, namespaceGroup?: number) {
  return (raw: unknown, m: RegExpExecArray): Rebuilt[] => {
    if (!isObject(raw) || !isObject(raw['metadata']) || typeof raw['apiVersion'] !== 'string' || typeof raw['kind'] !== 'string') return [];
    const metadata = { ...raw['metadata'], name: m[nameGroup]!, ...(namespaceGroup === undefined ? {} : { namespace: m[namespaceGroup]! }) };
    const moved = metadata.name !== raw['metadata']['name'] || metadata.namespace !== raw['metadata']['namespace'];
    return [{ obj: { ...raw, metadata } as KubeObject, note: moved ? 'metadata name/namespace taken from the path (the file names another object)' : 'as the file shows it' }];
  };
}

/**
 * The CSR gatherer writes Go's CSRAnonymizedFeatures (TypeMeta/ObjectMeta/Spec/Status with the
 * request parsed). The PEM request, signerName and expiry come back from kubectl's
 * last-applied-configuration; username, groups and usages are what the API server recorded.
 */
export function rebuildCsr(raw: unknown, m: RegExpExecArray): Rebuilt[] {
  if (!isObject(raw) || !isObject(raw['ObjectMeta'])) return [];
  const metadata = { ...raw['ObjectMeta'] } as KubeObjectMeta;
  metadata.name ??= m[1]!;
  const spec: Json = {};
  const applied = isObject(metadata['annotations']) ? metadata['annotations']['kubectl.kubernetes.io/last-applied-configuration'] : undefined;
  if (typeof applied === 'string') {
    try {
      const parsed = JSON.parse(applied) as unknown;
      if (isObject(parsed) && isObject(parsed['spec'])) Object.assign(spec, parsed['spec']);
    } catch { /* an unparsable annotation leaves only the recorded fields */ }
  }
  const s = isObject(raw['Spec']) ? raw['Spec'] : {};
  if (typeof s['UID'] === 'string' && s['UID'] !== '') spec['uid'] = s['UID'];
  if (typeof s['Username'] === 'string') spec['username'] = s['Username'];
  if (Array.isArray(s['Groups'])) spec['groups'] = s['Groups'];
  if (Array.isArray(s['Usages'])) spec['usages'] = s['Usages'];
  const st = isObject(raw['Status']) ? raw['Status'] : {};
  const status: Json = {};
  if (Array.isArray(st['Conditions'])) status['conditions'] = st['Conditions'];
  if (typeof st['Cert'] === 'string') status['certificate'] = st['Cert'];
  return [{
    obj: { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata, spec, status },
    note: 'rebuilt from the anonymized CSR rendering (request from last-applied-configuration)',
  }];
}

/**
 * The sample is stitched: its failing SAP pods (`config/pod/di-288312/`) come from a cluster whose
 * DataHub it does not hold, yet sap_pods reads pods only in namespaces that hold a DataHub. That
 * cluster's DataHub is served as a copy of the sample's one (by uid) in each namespace listed here.
 */
const STITCHED_DATAHUB_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
  '1efff0e0-d012-45da-810d-5df6c841da35': ['di-288312'],
};

/** A DataHub file: the object as the file shows it, plus the copies {@link STITCHED_DATAHUB_NAMESPACES} asks for. */
export function rebuildDataHub(raw: unknown): Rebuilt[] {
  if (!isObject(raw) || !isObject(raw['metadata']) || typeof raw['apiVersion'] !== 'string' || typeof raw['kind'] !== 'string') return [];
  const obj = raw as unknown as KubeObject;
  const { uid, resourceVersion: _rv, selfLink: _self, ...meta } = obj.metadata;
  const copies = STITCHED_DATAHUB_NAMESPACES[String(uid)] ?? [];
  return [
    { obj, note: 'served as the file shows it' },
    ...copies.map((namespace) => ({
      // uid and resourceVersion are the server's own; the copy gets fresh ones.
      obj: { ...obj, metadata: { ...meta, namespace } },
      note: `stitched sample: a copy of this DataHub is served in ${namespace}, whose failing SAP pods the sample holds`,
    })),
  ];
}

/** Secrets whose data the gatherer parsed: the key it read, and how to turn the file back into it. */
const SECRET_KEYS: Readonly<Record<string, (raw: unknown) => Record<string, string>>> = {
  // The alertmanager gatherer unmarshals alertmanager.yaml and writes it anonymized as JSON.
  'openshift-monitoring/alertmanager-main': (raw) => ({ 'alertmanager.yaml': Buffer.from(stringify(raw)).toString('base64') }),
};

/** Other secrets are written as their `data` map, whose []byte values JSON already renders as base64. */
export function rebuildSecret(raw: unknown, m: RegExpExecArray): Rebuilt[] {
  const [namespace, name] = [m[1]!, m[2]!];
  const special = SECRET_KEYS[`${namespace}/${name}`];
  let data: Record<string, string>;
  if (special !== undefined) data = special(raw);
  else if (isObject(raw) && Object.values(raw).every((v) => typeof v === 'string')) data = raw as Record<string, string>;
  else return [];
  return [{ obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data, type: 'Opaque' }, note: 'rebuilt: the file holds the Secret data' }];
}

/**
 * Compacted event lists ({items: [{namespace, lastTimestamp, reason, message, type}]}). Event names
 * are not kept by the gatherer; these are made up, stable across runs.
 */
export function rebuildEvents(raw: unknown, m: RegExpExecArray): Rebuilt[] {
  if (!isObject(raw) || !Array.isArray(raw['items'])) return [];
  const namespace = m[1]!;
  return raw['items'].filter(isObject).map(({ namespace: own, ...fields }, i) => ({
    obj: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${namespace}.sample-${String(i).padStart(4, '0')}`, namespace: typeof own === 'string' ? own : namespace },
      ...fields,
    },
    note: 'rebuilt from a compacted event list (event names made up)',
  }));
}

export interface ConfigMapKeyFile { path: string; namespace: string; name: string; file: string; text: string }

/**
 * Keys the gatherer converted from YAML to JSON (or unquoted) before writing: the original key and
 * how to restore its value.
 */
const CONVERTED_KEYS: Readonly<Record<string, { key: string; value: (text: string) => string }>> = {
  'openshift-monitoring/cluster-monitoring-config/config.json': { key: 'config.yaml', value: (t) => stringify(JSON.parse(t)) },
  'openshift-insights/insights-config/config.json': { key: 'config.yaml', value: (t) => stringify(JSON.parse(t)) },
  'openshift-network-operator/gateway-mode-config/mode.json': { key: 'mode', value: (t) => String(JSON.parse(t)) },
};

/** One ConfigMap per `config/configmaps/{ns}/{name}/` directory, one data key per file. */
export function rebuildConfigMaps(files: readonly ConfigMapKeyFile[]): Array<Rebuilt & { paths: string[] }> {
  const byMap = new Map<string, ConfigMapKeyFile[]>();
  for (const f of files) {
    const id = `${f.namespace}/${f.name}`;
    byMap.set(id, [...(byMap.get(id) ?? []), f]);
  }
  return [...byMap.values()].map((group) => {
    const data: Record<string, string> = {};
    for (const f of group) {
      const converted = CONVERTED_KEYS[`${f.namespace}/${f.name}/${f.file}`];
      if (converted !== undefined) data[converted.key] = converted.value(f.text);
      else data[f.file] = f.text;
    }
    const { namespace, name } = group[0]!;
    return {
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data },
      note: 'rebuilt: one file per ConfigMap key',
      paths: group.map((f) => f.path),
    };
  });
}

/**
 * A PersistentVolume file: the volume under the name its path encodes (the sample's monitoring volume
 * was copied under a descriptive name), and, when it is Bound, the PersistentVolumeClaim its claimRef
 * names: a bound volume implies its claim, which the monitoring and registry gatherers read to find it.
 */
export function rebuildBoundVolume(raw: unknown, m: RegExpExecArray): Rebuilt[] {
  if (!isObject(raw) || !isObject(raw['metadata'])) return [];
  // The gatherer's typed client drops apiVersion/kind.
  const volume: Rebuilt = {
    obj: { ...raw, apiVersion: 'v1', kind: 'PersistentVolume', metadata: { ...raw['metadata'], name: m[1]! } } as KubeObject,
    note: raw['metadata']['name'] === m[1] ? 'served as the file shows it' : 'metadata.name taken from the path (the file names another object)',
  };
  const spec = isObject(volume.obj['spec']) ? volume.obj['spec'] : {};
  const claim = isObject(spec['claimRef']) ? spec['claimRef'] : undefined;
  const bound = isObject(volume.obj['status']) && volume.obj['status']['phase'] === 'Bound';
  if (!bound || claim === undefined || claim['kind'] !== 'PersistentVolumeClaim' || typeof claim['name'] !== 'string' || typeof claim['namespace'] !== 'string') return [volume];
  const metadata: KubeObjectMeta = {
    name: claim['name'], namespace: claim['namespace'],
    ...(typeof claim['uid'] === 'string' ? { uid: claim['uid'] } : {}),
    annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' },
    finalizers: ['kubernetes.io/pvc-protection'],
  };
  const capacity = isObject(spec['capacity']) ? spec['capacity'] : {};
  const pvc: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata,
    spec: {
      accessModes: spec['accessModes'], resources: { requests: { ...capacity } }, storageClassName: spec['storageClassName'],
      volumeMode: spec['volumeMode'], volumeName: volume.obj.metadata.name,
    },
    status: { phase: 'Bound', accessModes: spec['accessModes'], capacity: { ...capacity } },
  };
  return [volume, { obj: pvc, note: `made: the PersistentVolumeClaim ${claim['namespace']}/${claim['name']} the volume is bound to` }];
}

/** Where the sample's custom monitoring instances are served: the aggregate keeps their names only. */
const CUSTOM_MONITORING_NAMESPACE = 'example-monitoring';

/**
 * `aggregated/custom_prometheuses_alertmanagers.json` ({prometheuses: [names], alertmanagers: [names]},
 * the Prometheus and Alertmanager resources outside openshift-monitoring): each name becomes one in a
 * made-up namespace, next to the platform's own `k8s` and `main` in openshift-monitoring, which every
 * OpenShift cluster runs and which the gatherer leaves out.
 */
export function rebuildMonitoringInstances(raw: unknown): Rebuilt[] {
  if (!isObject(raw)) return [];
  const names = (key: string): string[] => (Array.isArray(raw[key]) ? raw[key].filter((n): n is string => typeof n === 'string') : []);
  const instance = (kind: string, name: string, namespace: string): KubeObject =>
    ({ apiVersion: 'monitoring.coreos.com/v1', kind, metadata: { name, namespace }, spec: { replicas: 1 } });
  return [
    ...names('prometheuses').map((n) => ({ obj: instance('Prometheus', n, CUSTOM_MONITORING_NAMESPACE), note: `rebuilt from the aggregate: served in ${CUSTOM_MONITORING_NAMESPACE} (the aggregate keeps names only)` })),
    ...names('alertmanagers').map((n) => ({ obj: instance('Alertmanager', n, CUSTOM_MONITORING_NAMESPACE), note: `rebuilt from the aggregate: served in ${CUSTOM_MONITORING_NAMESPACE} (the aggregate keeps names only)` })),
    { obj: instance('Prometheus', 'k8s', 'openshift-monitoring'), note: "made: the platform's Prometheus, which the aggregate leaves out" },
    { obj: instance('Alertmanager', 'main', 'openshift-monitoring'), note: "made: the platform's Alertmanager, which the aggregate leaves out" },
  ];
}
