/**
 * Platform objects every OpenShift 4.17 cluster on AWS has, beyond the cluster singletons: the CRDs
 * the gatherers look up (CSI snapshots) or that serve the operators' own types (DNSRecord,
 * OperatorPKI); the ConfigMaps and Secrets of openshift-config (real CA certificates, the pull secret,
 * identity-provider secrets), the install-config, the insights and monitoring configuration; the image
 * registry's PersistentVolumeClaim and the volume bound to it, and its ImagePruner; storage classes
 * and the EBS CSI driver; the platform's admission webhooks; the per-revision ConfigMaps and Secrets
 * the kube-apiserver operator keeps; and in every fixed namespace its CA ConfigMaps and default
 * ServiceAccounts. Secret values are canaries.
 */
import type { KeyObject } from 'node:crypto';
import { BASE_TIME, timestamp } from './prng.ts';
import type { Rng } from './prng.ts';
import { certificatePem, keyFrom } from './scale-csr.ts';
import { apiIntHost, appsDomain, zoneOf } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { nodesOfUnit } from './scale-nodes.ts';
import { privateKeyPem } from './scale-secrets.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

type Json = Record<string, any>;

const DAY = 86400;
const YEAR = 365 * DAY;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ms = (offsetSeconds: number): number => BASE_TIME + offsetSeconds * 1000;

export interface PlatformArgs {
  rng: Rng;
  id: ClusterIdentity;
  rv: () => string;
  canaries: Canaries;
  /** The corporate proxy's host, where its CA and credentials are configured. */
  proxyHost: string;
}

interface Signer { key: KeyObject; cn: string; pem: string }

/** A self-signed CA valid `years` from `from` (seconds after install). */
function signer(rng: Rng, cn: string, from: number, years: number): Signer {
  const key = keyFrom(rng);
  return { key, cn, pem: certificatePem(key, cn, key, cn, undefined, Buffer.from(rng.hex(16), 'hex'), ms(from), ms(from + years * YEAR)) };
}

/** The cluster's CAs, shared by the ConfigMaps that publish them and the webhooks that trust them. */
export interface ClusterCas {
  adminKubeconfig: Signer; etcd: Signer; etcdMetric: Signer; lb: Signer; localhost: Signer; serviceNetwork: Signer;
  serviceCa: Signer; corpRoot: Signer; corpProxy: Signer; corpRegistry: Signer;
  /** kube-apiserver's serving CAs, as kube-root-ca.crt carries them. */
  rootBundle: string;
}

export function clusterCas(rng: Rng): ClusterCas {
  const cas = {
    adminKubeconfig: signer(rng, 'admin-kubeconfig-signer', 0, 10),
    etcd: signer(rng, 'etcd-signer', 0, 10),
    etcdMetric: signer(rng, 'etcd-metric-signer', 0, 10),
    lb: signer(rng, 'kube-apiserver-lb-signer', 0, 10),
    localhost: signer(rng, 'kube-apiserver-localhost-signer', 0, 10),
    serviceNetwork: signer(rng, 'kube-apiserver-service-network-signer', 0, 10),
    serviceCa: signer(rng, `openshift-service-serving-signer@${Math.floor(ms(300) / 1000)}`, 300, 26 / 12),
    corpRoot: signer(rng, 'Example Corp Root CA', -3 * YEAR, 20),
    corpProxy: signer(rng, 'Example Corp Proxy CA', -YEAR, 5),
    corpRegistry: signer(rng, 'Example Corp Registry CA', -YEAR, 5),
  };
  return { ...cas, rootBundle: `${cas.lb.pem}${cas.localhost.pem}${cas.serviceNetwork.pem}` };
}

// --- CustomResourceDefinitions

interface CrdArgs {
  group: string; kind: string; plural: string; scope: 'Namespaced' | 'Cluster'; shortNames?: string[]; categories?: string[];
  versions: ReadonlyArray<{ name: string; storage: boolean; deprecated?: boolean }>;
  annotations: Record<string, string>; spec: Json; status?: Json; printer?: Json[];
}

function crd(rng: Rng, rv: () => string, a: CrdArgs, created: number): KubeObject {
  const singular = a.kind.toLowerCase();
  const names = { kind: a.kind, listKind: `${a.kind}List`, plural: a.plural, singular, ...(a.shortNames === undefined ? {} : { shortNames: a.shortNames }), ...(a.categories === undefined ? {} : { categories: a.categories }) };
  const schema = {
    openAPIV3Schema: {
      description: `${a.kind} is the Schema for the ${a.plural} API.`, type: 'object', required: ['spec'],
      properties: {
        apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
        kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
        metadata: { type: 'object' },
        spec: a.spec,
        ...(a.status === undefined ? {} : { status: a.status }),
      },
    },
  };
  const at = timestamp(created);
  const condition = (type: string, reason: string, message: string): Json => ({ type, status: 'True', lastTransitionTime: at, reason, message });
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${a.plural}.${a.group}`, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: at, annotations: a.annotations },
    spec: {
      group: a.group, names, scope: a.scope, conversion: { strategy: 'None' },
      versions: a.versions.map((v) => ({
        name: v.name, served: true, storage: v.storage, ...(v.deprecated === true ? { deprecated: true } : {}),
        schema, subresources: { status: {} }, ...(a.printer === undefined ? {} : { additionalPrinterColumns: a.printer }),
      })),
    },
    status: {
      acceptedNames: names,
      conditions: [condition('NamesAccepted', 'NoConflicts', 'no conflicts found'), condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted')],
      storedVersions: a.versions.filter((v) => v.storage).map((v) => v.name),
    },
  };
}

const str = (description: string): Json => ({ description, type: 'string' });

/** CRDs of the snapshot API (which the crds gatherer reads) and of the operator types served here only through their CRD. */
export function customResourceDefinitions(rng: Rng, rv: () => string): KubeObject[] {
  const snapshotAnnotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-csi/external-snapshotter/pull/814', 'controller-gen.kubebuilder.io/version': 'v0.15.0', 'include.release.openshift.io/self-managed-high-availability': 'true' };
  const openshiftAnnotations = (pr: string): Record<string, string> => ({ 'api-approved.openshift.io': `https://github.com/openshift/api/pull/${pr}`, 'include.release.openshift.io/self-managed-high-availability': 'true' });
  const source = (fields: Record<string, string>): Json => ({ type: 'object', description: 'source specifies where a snapshot will be created from. This field is immutable after creation.', properties: Object.fromEntries(Object.entries(fields).map(([k, d]) => [k, str(d)])), 'x-kubernetes-validations': [{ message: 'exactly one of the source fields must be set', rule: '(has(self.volumeHandle) && !has(self.snapshotHandle)) || (!has(self.volumeHandle) && has(self.snapshotHandle))' }] });
  const snapshotStatus = (extra: Record<string, Json>): Json => ({
    type: 'object', description: 'status represents the current information of a snapshot.',
    properties: {
      creationTime: { description: 'creationTime is the timestamp when the point-in-time snapshot is taken by the underlying storage system.', format: 'date-time', type: 'string' },
      error: { type: 'object', description: 'error is the last observed error during snapshot creation, if any.', properties: { message: str('message is a string detailing the encountered error during snapshot creation if specified.'), time: { format: 'date-time', type: 'string' } } },
      readyToUse: { description: 'readyToUse indicates if a snapshot is ready to be used to restore a volume.', type: 'boolean' },
      restoreSize: { description: 'restoreSize represents the minimum size of volume required to create a volume from this snapshot.', 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
      ...extra,
    },
  });
  return [
    crd(rng, rv, {
      group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', plural: 'volumesnapshots', scope: 'Namespaced', shortNames: ['vs'],
      versions: [{ name: 'v1', storage: true }], annotations: snapshotAnnotations,
      spec: { type: 'object', required: ['source'], description: 'spec defines the desired characteristics of a snapshot requested by a user.', properties: {
        source: { type: 'object', description: 'source specifies where a snapshot will be created from.', properties: { persistentVolumeClaimName: str('persistentVolumeClaimName specifies the name of the PersistentVolumeClaim object representing the volume from which a snapshot should be created.'), volumeSnapshotContentName: str('volumeSnapshotContentName specifies the name of a pre-existing VolumeSnapshotContent object representing an existing volume snapshot.') } },
        volumeSnapshotClassName: str('VolumeSnapshotClassName is the name of the VolumeSnapshotClass requested by the VolumeSnapshot.'),
      } },
      status: snapshotStatus({ boundVolumeSnapshotContentName: str('boundVolumeSnapshotContentName is the name of the VolumeSnapshotContent object to which this VolumeSnapshot object intends to bind to.'), volumeGroupSnapshotName: str('VolumeGroupSnapshotName is the name of the VolumeGroupSnapshot of which this VolumeSnapshot is a part of.') }),
      printer: [
        { name: 'ReadyToUse', type: 'boolean', description: 'Indicates if the snapshot is ready to be used to restore a volume.', jsonPath: '.status.readyToUse' },
        { name: 'SourcePVC', type: 'string', description: 'If a new snapshot needs to be created, this contains the name of the source PVC from which this snapshot was (or will be) created.', jsonPath: '.spec.source.persistentVolumeClaimName' },
        { name: 'RestoreSize', type: 'string', description: 'Represents the minimum size of volume required to rehydrate from this snapshot.', jsonPath: '.status.restoreSize' },
        { name: 'SnapshotClass', type: 'string', description: 'The name of the VolumeSnapshotClass requested by the VolumeSnapshot.', jsonPath: '.spec.volumeSnapshotClassName' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    }, 200),
    crd(rng, rv, {
      group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshotContent', plural: 'volumesnapshotcontents', scope: 'Cluster', shortNames: ['vsc', 'vscs'],
      versions: [{ name: 'v1', storage: true }], annotations: snapshotAnnotations,
      spec: { type: 'object', required: ['deletionPolicy', 'driver', 'source', 'volumeSnapshotRef'], description: 'spec defines properties of a VolumeSnapshotContent created by the underlying storage system.', properties: {
        deletionPolicy: { type: 'string', enum: ['Delete', 'Retain'], description: 'deletionPolicy determines whether this VolumeSnapshotContent and its physical snapshot on the underlying storage system should be deleted when its bound VolumeSnapshot is deleted.' },
        driver: str('driver is the name of the CSI driver used to create the physical snapshot on the underlying storage system.'),
        source: source({ snapshotHandle: 'snapshotHandle specifies the CSI "snapshot_id" of a pre-existing snapshot on the underlying storage system.', volumeHandle: 'volumeHandle specifies the CSI "volume_id" of the volume from which a snapshot should be dynamically taken from.' }),
        sourceVolumeMode: str('SourceVolumeMode is the mode of the volume whose snapshot is taken.'),
        volumeSnapshotClassName: str('name of the VolumeSnapshotClass from which this snapshot was (or will be) created.'),
        volumeSnapshotRef: { type: 'object', description: 'volumeSnapshotRef specifies the VolumeSnapshot object to which this VolumeSnapshotContent object is bound.', properties: { apiVersion: str('API version of the referent.'), kind: str('Kind of the referent.'), name: str('Name of the referent.'), namespace: str('Namespace of the referent.'), uid: str('UID of the referent.') }, 'x-kubernetes-map-type': 'atomic' },
      } },
      status: snapshotStatus({ snapshotHandle: str('snapshotHandle is the CSI "snapshot_id" of a snapshot on the underlying storage system.'), volumeGroupSnapshotHandle: str('VolumeGroupSnapshotHandle is the CSI "group_snapshot_id" of a group snapshot on the underlying storage system.') }),
      printer: [
        { name: 'ReadyToUse', type: 'boolean', description: 'Indicates if the snapshot is ready to be used to restore a volume.', jsonPath: '.status.readyToUse' },
        { name: 'RestoreSize', type: 'integer', description: 'Represents the complete size of the snapshot in bytes', jsonPath: '.status.restoreSize' },
        { name: 'DeletionPolicy', type: 'string', description: 'Determines whether this VolumeSnapshotContent and its physical snapshot on the underlying storage system should be deleted when its bound VolumeSnapshot is deleted.', jsonPath: '.spec.deletionPolicy' },
        { name: 'Driver', type: 'string', description: 'Name of the CSI driver used to create the physical snapshot on the underlying storage system.', jsonPath: '.spec.driver' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    }, 200),
    crd(rng, rv, {
      group: 'ingress.operator.openshift.io', kind: 'DNSRecord', plural: 'dnsrecords', scope: 'Namespaced',
      versions: [{ name: 'v1', storage: true }], annotations: openshiftAnnotations('584'),
      spec: { type: 'object', required: ['dnsManagementPolicy', 'dnsName', 'recordTTL', 'recordType', 'targets'], description: 'spec is the specification of the desired behavior of the dnsRecord.', properties: {
        dnsManagementPolicy: { type: 'string', enum: ['Managed', 'Unmanaged'], description: 'dnsManagementPolicy denotes the current policy applied on the DNS record.' },
        dnsName: str('dnsName is the hostname of the DNS record'),
        recordTTL: { type: 'integer', format: 'int64', minimum: 0, description: 'recordTTL is the record TTL in seconds.' },
        recordType: { type: 'string', enum: ['CNAME', 'A'], description: 'recordType is the DNS record type.' },
        targets: { type: 'array', items: { type: 'string' }, description: 'targets are record targets.' },
      } },
      status: { type: 'object', description: 'status is the most recently observed status of the dnsRecord.', properties: { observedGeneration: { type: 'integer', format: 'int64' }, zones: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
    }, 250),
    crd(rng, rv, {
      group: 'network.operator.openshift.io', kind: 'OperatorPKI', plural: 'operatorpkis', scope: 'Namespaced',
      versions: [{ name: 'v1', storage: true }], annotations: openshiftAnnotations('470'),
      spec: { type: 'object', required: ['targetCert'], description: 'OperatorPKISpec is the PKI configuration.', properties: { targetCert: { type: 'object', required: ['commonName'], description: 'targetCert configures the certificate signed by the CA.', properties: { commonName: str('commonName is the value in the certificate\'s CN') } } } },
      status: { type: 'object', description: 'OperatorPKIStatus is not implemented.' },
    }, 250),
  ];
}

// --- openshift-config, kube-system, openshift-insights, openshift-monitoring

function configMap(a: PlatformArgs, namespace: string, name: string, data: Record<string, string>, created: number, extra: Json = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, uid: a.rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(created), ...extra }, data };
}

function secret(a: PlatformArgs, namespace: string, name: string, type: string, data: Record<string, string>, created: number, extra: Json = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, uid: a.rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(created), ...extra }, data, type };
}

/** The oldest release the cluster ran: the one it was installed with. */
const INSTALLED_VERSION = '4.16.20';

/**
 * ConfigMaps and Secrets of openshift-config (CA bundles, the installer's marks, the trust bundles the
 * Proxy, Image and OAuth configurations name; the pull secret, an htpasswd file, the LDAP bind
 * password), the install-config in kube-system, insights-config and cluster-monitoring-config.
 */
export function configObjects(a: PlatformArgs, cas: ClusterCas, sshKey: string): KubeObject[] {
  const { rng, id, canaries } = a;
  const cfg = 'openshift-config';
  const owner = (created: number): Json => ({ annotations: { 'openshift.io/owning-component': 'kube-apiserver' }, creationTimestamp: timestamp(created) });
  const auth = (user: string, password: string): string => b64(`${user}:${password}`);
  const pullSecret = JSON.stringify({
    auths: {
      'cloud.openshift.com': { auth: auth(`${id.clusterName}-pull`, canaries.next('Secret openshift-config/pull-secret .data[.dockerconfigjson] cloud.openshift.com auth (base64 of user:password inside base64 JSON)')), email: `admin@${id.baseDomain}` },
      'quay.io': { auth: auth('openshift-release-dev+ocm_access', canaries.next('Secret openshift-config/pull-secret .data[.dockerconfigjson] quay.io auth (base64 of user:password inside base64 JSON)')), email: `admin@${id.baseDomain}` },
      'registry.corp.example.com:5000': { auth: auth('ocp-pull', canaries.next('Secret openshift-config/pull-secret .data[.dockerconfigjson] registry.corp.example.com auth (base64 of user:password inside base64 JSON)')), email: `admin@${id.baseDomain}` },
    },
  });
  const bcrypt = (canary: string): string => `$2y$05$${canary}${rng.suffix(53 - canary.length)}`;
  const proxyPassword = canaries.next('ConfigMap kube-system/cluster-config-v1 .data[install-config] proxy.httpsProxy password (raw)');
  const installConfig = [
    'additionalTrustBundle: |', ...cas.corpProxy.pem.trimEnd().split('\n').map((l) => `  ${l}`),
    'additionalTrustBundlePolicy: Proxyonly',
    'apiVersion: v1',
    `baseDomain: ${id.baseDomain}`,
    'compute:', '- architecture: amd64', '  hyperthreading: Enabled', '  name: worker', '  platform:', '    aws:', '      type: m6i.4xlarge', '  replicas: 3',
    'controlPlane:', '  architecture: amd64', '  hyperthreading: Enabled', '  name: master', '  platform:', '    aws:', '      type: m6i.2xlarge', '  replicas: 3',
    'metadata:', '  creationTimestamp: null', `  name: ${id.clusterName}`,
    'networking:', '  clusterNetwork:', '  - cidr: 10.128.0.0/14', '    hostPrefix: 23', '  machineNetwork:', '  - cidr: 10.0.0.0/16', '  networkType: OVNKubernetes', '  serviceNetwork:', '  - 172.30.0.0/16',
    'platform:', '  aws:', `    region: ${id.region}`,
    'proxy:', `  httpProxy: http://${a.proxyHost}:3128`, `  httpsProxy: http://proxyuser:${proxyPassword}@${a.proxyHost}:3128`, '  noProxy: .cluster.local,.svc,10.0.0.0/16,10.128.0.0/14,127.0.0.1,169.254.169.254,172.30.0.0/16,localhost',
    'publish: External',
    'pullSecret: ""',
    `sshKey: |`, `  ${sshKey}`,
    '',
  ].join('\n');
  const insightsProxy = canaries.next('ConfigMap openshift-insights/insights-config .data[config.yaml] proxy.httpsProxy password (raw)');
  return [
    configMap(a, cfg, 'admin-acks', { 'ack-4.16-kube-1.30-api-removals-in-4.17': 'true' }, 19 * DAY),
    configMap(a, cfg, 'admin-kubeconfig-client-ca', { 'ca-bundle.crt': cas.adminKubeconfig.pem }, 60),
    configMap(a, cfg, 'etcd-ca-bundle', { 'ca-bundle.crt': cas.etcd.pem }, 60, owner(60)),
    configMap(a, cfg, 'etcd-metric-serving-ca', { 'ca-bundle.crt': cas.etcdMetric.pem }, 60),
    configMap(a, cfg, 'etcd-serving-ca', { 'ca-bundle.crt': cas.etcd.pem }, 60),
    configMap(a, cfg, 'initial-etcd-ca', { 'ca-bundle.crt': cas.etcd.pem }, 60),
    configMap(a, cfg, 'initial-kube-apiserver-server-ca', { 'ca-bundle.crt': cas.rootBundle }, 60),
    configMap(a, cfg, 'ldap-ca', { 'ca.crt': cas.corpRoot.pem }, 2 * DAY),
    configMap(a, cfg, 'openshift-install-manifests', { invoker: 'user', version: `v${INSTALLED_VERSION}` }, 60),
    configMap(a, cfg, 'registry-cas', { 'registry.corp.example.com..5000': cas.corpRegistry.pem }, 2 * DAY),
    configMap(a, cfg, 'user-ca-bundle', { 'ca-bundle.crt': cas.corpProxy.pem }, 60),
    secret(a, cfg, 'pull-secret', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64(pullSecret) }, 60),
    secret(a, cfg, 'htpass-secret', 'Opaque', { htpasswd: b64(`admin:${bcrypt(canaries.next('Secret openshift-config/htpass-secret .data.htpasswd admin hash (base64)'))}\ndeveloper:${bcrypt(canaries.next('Secret openshift-config/htpass-secret .data.htpasswd developer hash (base64)'))}\n`) }, 2 * DAY),
    secret(a, cfg, 'ldap-bind-password', 'Opaque', { bindPassword: b64(canaries.next('Secret openshift-config/ldap-bind-password .data.bindPassword (base64)')) }, 2 * DAY),
    secret(a, cfg, 'etcd-client', 'kubernetes.io/tls', {
      'tls.crt': b64(certificatePem(cas.etcd.key, cas.etcd.cn, keyFrom(rng), 'etcd', 'etcd', Buffer.from(rng.hex(16), 'hex'), ms(60), ms(60 + 3 * YEAR))),
      'tls.key': b64(privateKeyPem(rng, canaries.nextPem('Secret openshift-config/etcd-client .data[tls.key] PEM body (base64 of PEM)'))),
    }, 60),
    configMap(a, 'kube-system', 'cluster-config-v1', { 'install-config': installConfig }, 0),
    configMap(a, 'openshift-insights', 'insights-config', {
      'config.yaml': `dataReporting:\n  interval: 2h\n  uploadEndpoint: https://console.redhat.com/api/ingress/v1/upload\n  obfuscation:\n  - networking\nalerting:\n  disabled: false\nproxy:\n  httpProxy: http://${a.proxyHost}:3128\n  httpsProxy: http://insights:${insightsProxy}@${a.proxyHost}:3128\n  noProxy: .cluster.local,.svc\n`,
    }, 3 * DAY),
    configMap(a, 'openshift-monitoring', 'cluster-monitoring-config', {
      'config.yaml': 'prometheusK8s:\n  retention: 15d\n  nodeSelector:\n    node-role.kubernetes.io/worker: ""\nalertmanagerMain:\n  nodeSelector:\n    node-role.kubernetes.io/worker: ""\ntelemeterClient:\n  enabled: true\n',
    }, 3 * DAY),
  ];
}

// --- image registry storage

/** The PersistentVolumeClaim the image registry stores its images on. */
export const REGISTRY_CLAIM = 'image-registry-storage';

/** The image registry's claim (gp3-csi, bound) and the EBS volume provisioned for it. */
export function registryStorage(a: PlatformArgs): KubeObject[] {
  const { rng, rv } = a;
  const claim = REGISTRY_CLAIM;
  const namespace = 'openshift-image-registry';
  const claimUid = rng.uuid();
  const volume = `pvc-${claimUid}`;
  const nodeIndex = nodesOfUnit(0).findIndex((n) => !n.master);
  const node = nodesOfUnit(0)[nodeIndex]!;
  const created = 2 * DAY;
  const capacity = { storage: '100Gi' };
  const pvc: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name: claim, namespace, uid: claimUid, resourceVersion: rv(), creationTimestamp: timestamp(created),
      annotations: {
        'imageregistry.openshift.io': 'true', 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'volume.kubernetes.io/selected-node': node.name, 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: capacity }, storageClassName: 'gp3-csi', volumeMode: 'Filesystem', volumeName: volume },
    status: { accessModes: ['ReadWriteOnce'], capacity, phase: 'Bound' },
  };
  const pv: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: {
      name: volume, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created + 4),
      annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
      finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection', 'external-attacher/ebs-csi-aws-com'],
    },
    spec: {
      accessModes: ['ReadWriteOnce'], capacity,
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim, namespace, resourceVersion: String(rng.range(10000, 99999)), uid: claimUid },
      csi: { driver: 'ebs.csi.aws.com', fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': `${ms(600)}-${rng.range(1000, 9999)}-ebs.csi.aws.com` }, volumeHandle: `vol-0${rng.hex(16)}` },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', operator: 'In', values: [zoneOf(nodeIndex)] }] }] } },
      persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'gp3-csi', volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: timestamp(created + 4), phase: 'Bound' },
  };
  return [pvc, pv];
}

/** The registry operator's ImagePruner: nightly, keeping three tag revisions. */
export function imagePruner(a: PlatformArgs): KubeObject {
  const at = timestamp(900);
  const condition = (type: string, status: string, reason: string, message: string): Json => ({ type, status, reason, message, lastTransitionTime: at });
  return {
    apiVersion: 'imageregistry.operator.openshift.io/v1', kind: 'ImagePruner',
    metadata: { name: 'cluster', uid: a.rng.uuid(), resourceVersion: a.rv(), generation: 1, creationTimestamp: at },
    spec: { failedJobsHistoryLimit: 3, ignoreInvalidImageReferences: true, keepTagRevisions: 3, logLevel: 'Normal', schedule: '0 0 * * *', successfulJobsHistoryLimit: 3, suspend: false },
    status: {
      conditions: [condition('Available', 'True', 'AsExpected', 'Pruner CronJob has been created'), condition('Scheduled', 'True', 'Scheduled', 'The pruner job has been scheduled'), condition('Failed', 'False', 'Complete', 'Pruner completed successfully')],
      observedGeneration: 1,
    },
  };
}

// --- storage, webhooks

export function storageObjects(a: PlatformArgs): KubeObject[] {
  const { rng, rv } = a;
  const sc = (name: string, type: string, isDefault: boolean): KubeObject => ({
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(700), ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    allowVolumeExpansion: true, parameters: { encrypted: 'true', type }, provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
  });
  return [
    sc('gp2-csi', 'gp2', false),
    sc('gp3-csi', 'gp3', true),
    {
      apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver',
      metadata: { name: 'ebs.csi.aws.com', uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(650), labels: { 'security.openshift.io/csi-ephemeral-volume-profile': 'privileged' }, annotations: { 'csi.openshift.io/managed': 'true' } },
      spec: { attachRequired: true, fsGroupPolicy: 'File', podInfoOnMount: false, requiresRepublish: false, seLinuxMount: false, storageCapacity: false, volumeLifecycleModes: ['Persistent'] },
    },
  ];
}

/** The platform's admission webhooks, their CA bundles injected from the service CA. */
export function webhookConfigurations(a: PlatformArgs, cas: ClusterCas): KubeObject[] {
  const { rng, rv } = a;
  const caBundle = b64(cas.serviceCa.pem);
  const service = (namespace: string, name: string, path: string, port = 443): Json => ({ service: { namespace, name, path, port }, caBundle });
  const rule = (apiGroups: string[], resources: string[], operations = ['CREATE', 'UPDATE']): Json => ({ operations, apiGroups, apiVersions: ['*'], resources, scope: '*' });
  const hook = (name: string, clientConfig: Json, rules: Json[], extra: Json = {}): Json => ({
    name, clientConfig, rules, failurePolicy: 'Ignore', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {},
    sideEffects: 'None', timeoutSeconds: 10, admissionReviewVersions: ['v1'], ...extra,
  });
  const config = (kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', name: string, webhooks: Json[], labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'admissionregistration.k8s.io/v1', kind,
    metadata: {
      name, uid: rng.uuid(), resourceVersion: rv(), generation: 2, creationTimestamp: timestamp(800 + rng.int(600)), ...(labels === undefined ? {} : { labels }),
      annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true', 'service.beta.openshift.io/inject-cabundle': 'true' },
    },
    webhooks,
  });
  const mapi = (path: string): Json => service('openshift-machine-api', 'machine-api-operator-webhook', path);
  return [
    config('ValidatingWebhookConfiguration', 'autoscaling.openshift.io', [
      hook('clusterautoscalers.autoscaling.openshift.io', service('openshift-machine-api', 'cluster-autoscaler-operator', '/validate-clusterautoscalers'), [rule(['autoscaling.openshift.io'], ['clusterautoscalers'])]),
      hook('machineautoscalers.autoscaling.openshift.io', service('openshift-machine-api', 'cluster-autoscaler-operator', '/validate-machineautoscalers'), [rule(['autoscaling.openshift.io'], ['machineautoscalers'])]),
    ], { 'k8s-app': 'cluster-autoscaler-operator' }),
    config('ValidatingWebhookConfiguration', 'controlplanemachineset.machine.openshift.io', [
      hook('controlplanemachineset.machine.openshift.io', service('openshift-machine-api', 'control-plane-machine-set-operator', '/validate-machine-openshift-io-v1-controlplanemachineset', 9443), [rule(['machine.openshift.io'], ['controlplanemachinesets'])], { failurePolicy: 'Fail' }),
    ]),
    config('ValidatingWebhookConfiguration', 'machine-api', [
      hook('validation.machine.machine.openshift.io', mapi('/validate-machine-openshift-io-v1beta1-machine'), [rule(['machine.openshift.io'], ['machines'])]),
      hook('validation.machineset.machine.openshift.io', mapi('/validate-machine-openshift-io-v1beta1-machineset'), [rule(['machine.openshift.io'], ['machinesets'])]),
    ]),
    config('ValidatingWebhookConfiguration', 'multus.openshift.io', [
      hook('multus-validating-config.k8s.io', service('openshift-multus', 'multus-admission-controller', '/validate'), [rule(['k8s.cni.cncf.io'], ['network-attachment-definitions'])]),
    ]),
    config('ValidatingWebhookConfiguration', 'prometheusrules.openshift.io', [
      hook('prometheusrules.openshift.io', service('openshift-monitoring', 'prometheus-operator-admission-webhook', '/admission-prometheusrules/validate', 8443), [rule(['monitoring.coreos.com'], ['prometheusrules'])], { failurePolicy: 'Ignore' }),
    ]),
    config('ValidatingWebhookConfiguration', 'network-node-identity.openshift.io', [
      hook('node.network-node-identity.openshift.io', { url: 'https://127.0.0.1:9743/node', caBundle }, [rule([''], ['nodes/status'], ['UPDATE'])], { failurePolicy: 'Fail', matchPolicy: 'Equivalent' }),
      hook('pod.network-node-identity.openshift.io', { url: 'https://127.0.0.1:9743/pod', caBundle }, [rule([''], ['pods/status'], ['UPDATE'])], { failurePolicy: 'Fail', matchPolicy: 'Equivalent' }),
    ]),
    config('MutatingWebhookConfiguration', 'machine-api', [
      hook('default.machine.machine.openshift.io', mapi('/mutate-machine-openshift-io-v1beta1-machine'), [rule(['machine.openshift.io'], ['machines'], ['CREATE'])], { reinvocationPolicy: 'Never' }),
      hook('default.machineset.machine.openshift.io', mapi('/mutate-machine-openshift-io-v1beta1-machineset'), [rule(['machine.openshift.io'], ['machinesets'], ['CREATE'])], { reinvocationPolicy: 'Never' }),
    ]),
  ];
}

// --- kube-apiserver revisions

const REVISIONED_CONFIGMAPS = ['bound-sa-token-signing-certs', 'config', 'etcd-serving-ca', 'kube-apiserver-audit-policies', 'kube-apiserver-cert-syncer-kubeconfig', 'kube-apiserver-pod', 'kubelet-serving-ca', 'oauth-metadata', 'sa-token-signing-certs'];
const REVISIONED_SECRETS = ['etcd-client', 'localhost-recovery-client-token', 'localhost-recovery-serving-certkey', 'webhook-authenticator'];
/** Revisions the kube-apiserver operator keeps (its pruner keeps the last five). */
export const KEPT_REVISIONS = 5;
/** ConfigMaps and Secrets `revisionedObjects` makes. */
export const REVISIONED_COUNTS = { configMaps: (REVISIONED_CONFIGMAPS.length + 1) * KEPT_REVISIONS + REVISIONED_CONFIGMAPS.length, secrets: (REVISIONED_SECRETS.length + 1) * KEPT_REVISIONS };

/**
 * openshift-kube-apiserver's ConfigMaps and Secrets: the current ones and a copy of each per revision,
 * owned by that revision's `revision-status-<n>` ConfigMap, for the last {@link KEPT_REVISIONS}
 * revisions up to `latest`. Secret values are canaries.
 */
export function revisionedObjects(a: PlatformArgs, cas: ClusterCas, latest: number): KubeObject[] {
  const { rng, id, canaries } = a;
  const ns = 'openshift-kube-apiserver';
  const out: KubeObject[] = [];
  const cmData = (name: string): Record<string, string> => {
    switch (name) {
      case 'config': return { 'config.yaml': `{"apiVersion":"kubecontrolplane.config.openshift.io/v1","kind":"KubeAPIServerConfig","apiServerArguments":{"audit-policy-file":["/etc/kubernetes/static-pod-resources/configmaps/kube-apiserver-audit-policies/policy.yaml"],"etcd-servers":["https://10.0.16.10:2379","https://10.0.16.11:2379","https://10.0.16.12:2379"]},"servicesSubnet":"172.30.0.0/16"}` };
      case 'kube-apiserver-pod': return { pod: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"kube-apiserver","namespace":"openshift-kube-apiserver"}}', version: '4.17.3', forceRedeploymentReason: '' };
      case 'kube-apiserver-audit-policies': return { 'policy.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages:\n- RequestReceived\nrules:\n- level: Metadata\n' };
      case 'kube-apiserver-cert-syncer-kubeconfig': return { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /etc/kubernetes/static-pod-resources/configmaps/kube-apiserver-server-ca/ca-bundle.crt\n    server: https://localhost:6443\n  name: loopback\n` };
      case 'oauth-metadata': return { oauthMetadata: `{"issuer":"https://oauth-openshift.${appsDomain(id)}","authorization_endpoint":"https://oauth-openshift.${appsDomain(id)}/oauth/authorize","token_endpoint":"https://oauth-openshift.${appsDomain(id)}/oauth/token"}` };
      case 'etcd-serving-ca': return { 'ca-bundle.crt': cas.etcd.pem };
      default: return { 'ca-bundle.crt': cas.serviceNetwork.pem };
    }
  };
  const secretData = (name: string, where: string): Record<string, string> => {
    if (name === 'localhost-recovery-client-token') return { token: b64(canaries.next(`Secret ${where} .data.token (base64)`)), namespace: b64('openshift-kube-apiserver'), 'service-ca.crt': b64(cas.serviceCa.pem) };
    if (name === 'webhook-authenticator') return { kubeConfig: b64(`apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://${apiIntHost(id)}:6443/oauth-apiserver\n  name: webhook\nusers:\n- name: webhook\n  user:\n    token: ${canaries.next(`Secret ${where} .data.kubeConfig token (inside base64)`)}\n`) };
    return { 'tls.crt': b64(cas.localhost.pem), 'tls.key': b64(privateKeyPem(rng, canaries.nextPem(`Secret ${where} .data[tls.key] PEM body (base64 of PEM)`))) };
  };
  const cmOf = (name: string, created: number, extra: Json = {}, data = cmData(name.replace(/-\d+$/, ''))): KubeObject =>
    ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(created), ...extra }, data });
  for (const name of REVISIONED_CONFIGMAPS) out.push(cmOf(name, 600));
  for (let revision = latest - KEPT_REVISIONS + 1; revision <= latest; revision++) {
    const created = 900 + (revision - 1) * ((20 * DAY) / latest);
    const status = cmOf(`revision-status-${revision}`, created, {}, { revision: String(revision), status: 'Succeeded', reason: '', message: '' });
    out.push(status);
    const ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: status.metadata.name, uid: status.metadata.uid! }];
    for (const name of REVISIONED_CONFIGMAPS) out.push(cmOf(`${name}-${revision}`, created, { ownerReferences }));
    for (const name of REVISIONED_SECRETS) {
      const secretName = `${name}-${revision}`;
      out.push({
        apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: ns, uid: rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(created), ownerReferences },
        data: secretData(name, `${ns}/${secretName}`), type: name.endsWith('certkey') || name === 'etcd-client' ? 'kubernetes.io/tls' : 'Opaque',
      });
    }
  }
  // The current Secrets the revisions copied, and the serving certificates.
  for (const name of [...REVISIONED_SECRETS]) {
    out.push({
      apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns, uid: rng.uuid(), resourceVersion: a.rv(), creationTimestamp: timestamp(600) },
      data: secretData(name, `${ns}/${name}`), type: name.endsWith('certkey') || name === 'etcd-client' ? 'kubernetes.io/tls' : 'Opaque',
    });
  }
  return out;
}

// --- what every fixed namespace holds

/**
 * Namespaces whose CA ConfigMaps are left out. A real cluster has them in `default` too, but the
 * simulator's tests use `default` as the namespace without ConfigMaps.
 */
export const WITHOUT_CA_CONFIGMAPS: ReadonlySet<string> = new Set(['default']);

/** kube-root-ca.crt and openshift-service-ca.crt, and the default, builder and deployer ServiceAccounts. */
export function namespaceBasics(a: PlatformArgs, cas: ClusterCas, namespace: string, created: number): KubeObject[] {
  const { rng, rv } = a;
  if (WITHOUT_CA_CONFIGMAPS.has(namespace)) return serviceAccounts(rng, rv, namespace, ['builder', 'default', 'deployer'], created);
  return [
    configMap(a, namespace, 'kube-root-ca.crt', { 'ca.crt': cas.rootBundle }, created, { annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }),
    configMap(a, namespace, 'openshift-service-ca.crt', { 'service-ca.crt': cas.serviceCa.pem }, created, { annotations: { 'service.beta.openshift.io/inject-cabundle': 'true' } }),
    ...serviceAccounts(rng, rv, namespace, ['builder', 'default', 'deployer'], created),
  ];
}

/** ServiceAccounts as OpenShift 4.17 makes them: no token Secrets, an image pull secret for the registry. */
export function serviceAccounts(rng: Rng, rv: () => string, namespace: string, names: readonly string[], created: number, pullSecrets: Readonly<Record<string, string>> = {}): KubeObject[] {
  return names.map((name) => {
    const pull = pullSecrets[name];
    return {
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created), ...(pull === undefined ? {} : { annotations: { 'openshift.io/internal-registry-pull-secret-ref': pull } }) },
      ...(pull === undefined ? {} : { imagePullSecrets: [{ name: pull }], secrets: [{ name: pull }] }),
    };
  });
}
