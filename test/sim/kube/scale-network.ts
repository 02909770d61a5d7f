/**
 * Ingress and network objects of a generated cluster: the ingress operator's CA and the default
 * routers' certificate (real Ed25519 certificates; the keys are canaries), the DNSRecord of the
 * default IngressController, the network operator's OperatorPKIs, and the PodNetworkConnectivityChecks
 * that network-check-source runs from a worker to the API servers, the load balancers and every
 * node's network-check-target, with the failures and outages they logged.
 */
import { BASE_TIME, Rng, timestamp } from './prng.ts';
import { certificatePem, keyFrom } from './scale-csr.ts';
import { apiHost, apiIntHost, appsDomain } from './scale-identity.ts';
import type { ClusterIdentity } from './scale-identity.ts';
import { nodesOfUnit } from './scale-nodes.ts';
import type { SimNode } from './scale-nodes.ts';
import { privateKeyPem } from './scale-secrets.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

type Json = Record<string, any>;

const DAY = 86400;
const YEAR = 365 * DAY;
/** "Now" on the generated cluster's clock: its newest events, heartbeats and checks are from then. */
export const CLUSTER_NOW = 30 * DAY;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ms = (offsetSeconds: number): number => BASE_TIME + offsetSeconds * 1000;

/**
 * router-ca (openshift-ingress-operator) and router-certs-default (openshift-ingress): the CA the
 * ingress operator made at install and the wildcard certificate of the default routers it signed, both
 * valid two years; the leaf's tls.crt carries the chain. The keys are PEM canaries.
 */
export function routerCertificates(rng: Rng, id: ClusterIdentity, rv: () => string, canaries: Canaries): KubeObject[] {
  const installed = 360;
  const caKey = keyFrom(rng);
  const leafKey = keyFrom(rng);
  const caName = `ingress-operator@${Math.floor(ms(installed) / 1000)}`;
  const ca = certificatePem(caKey, caName, caKey, caName, undefined, Buffer.from(rng.hex(16), 'hex'), ms(installed), ms(installed + 2 * YEAR));
  const leaf = certificatePem(caKey, caName, leafKey, `*.${appsDomain(id)}`, undefined, Buffer.from(rng.hex(16), 'hex'), ms(installed + 60), ms(installed + 60 + 2 * YEAR));
  const secret = (namespace: string, name: string, crt: string, extra: Json): KubeObject => ({
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(installed + 60), ...extra },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(crt), 'tls.key': b64(privateKeyPem(rng, canaries.nextPem(`Secret ${namespace}/${name} .data[tls.key] PEM body (base64 of PEM)`))) },
  });
  return [
    secret('openshift-ingress-operator', 'router-ca', ca, {}),
    secret('openshift-ingress', 'router-certs-default', `${leaf}${ca}`, {
      labels: { 'ingresscontroller.operator.openshift.io/owning-ingresscontroller': 'default' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'router-default', uid: rng.uuid(), controller: true }],
    }),
  ];
}

/** The wildcard DNSRecord of the default IngressController (owned by it), published to both zones. */
export function dnsRecord(rng: Rng, id: ClusterIdentity, rv: () => string, ingressControllerUid: string): KubeObject {
  const at = timestamp(420);
  const zone = (dnsZone: Json): Json => ({ dnsZone, conditions: [{ type: 'Published', status: 'True', reason: 'ProviderSuccess', message: 'The DNS provider succeeded in ensuring the record', lastTransitionTime: at }] });
  return {
    apiVersion: 'ingress.operator.openshift.io/v1', kind: 'DNSRecord',
    metadata: {
      name: 'default-wildcard', namespace: 'openshift-ingress-operator', uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: at,
      labels: { 'ingresscontroller.operator.openshift.io/owning-ingresscontroller': 'default' },
      finalizers: ['operator.openshift.io/ingress-dns'],
      ownerReferences: [{ apiVersion: 'operator.openshift.io/v1', kind: 'IngressController', name: 'default', uid: ingressControllerUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      dnsManagementPolicy: 'Managed', dnsName: `*.${appsDomain(id)}.`, recordTTL: 30, recordType: 'CNAME',
      targets: [`a${rng.hex(31)}-${rng.range(100000000, 999999999)}.${id.region}.elb.amazonaws.com`],
    },
    status: {
      observedGeneration: 1,
      zones: [zone({ tags: { Name: `${id.infraName}-int`, [`kubernetes.io/cluster/${id.infraName}`]: 'owned' } }), zone({ id: `Z0${rng.hex(19).toUpperCase()}` })],
    },
  };
}

/** The OVN-Kubernetes OperatorPKIs: the signer, and the certificate of the OVN databases. */
export function operatorPkis(rng: Rng, rv: () => string, networkOperatorUid: string): KubeObject[] {
  return ['ovn', 'signer'].map((name) => ({
    apiVersion: 'network.operator.openshift.io/v1', kind: 'OperatorPKI',
    metadata: {
      name, namespace: 'openshift-ovn-kubernetes', uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(380),
      ownerReferences: [{ apiVersion: 'operator.openshift.io/v1', kind: 'Network', name: 'cluster', uid: networkOperatorUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { targetCert: { commonName: name === 'ovn' ? 'ovn' : '' } },
    status: {},
  }));
}

const hostOf = (node: SimNode): string => node.name.split('.')[0]!;

interface CheckTarget { name: string; endpoint: string; failures?: 'tcp' | 'timeout' | 'dns'; outage?: boolean }

const NS = 'openshift-network-diagnostics';
const source = (): SimNode => nodesOfUnit(0).find((n) => !n.master)!;
const podIp = (rng: Rng): string => `10.${128 + rng.int(4)}.${rng.int(256)}.${rng.range(2, 254)}`;

/** The network-check-source pod (on the first worker), which runs every check. */
function sourcePod(seed: number): { name: string; uid: string } {
  const rng = new Rng(`kube-sim/${seed}/pncc/source`);
  return { name: `network-check-source-${rng.suffix(10)}-${rng.suffix(5)}`, uid: rng.uuid() };
}

/**
 * PodNetworkConnectivityChecks in openshift-network-diagnostics from the network-check-source pod on
 * the first worker to each API server endpoint and service and the API load balancers (the checks to
 * every node's network-check-target come with the nodes: {@link nodeConnectivityChecks}). The newest
 * log entries are from {@link CLUSTER_NOW}; some checks failed in the last day before it, and the API
 * endpoints had an outage during the upgrade.
 */
export function podNetworkConnectivityChecks(seed: number, id: ClusterIdentity, rv: () => string): KubeObject[] {
  const rng = new Rng(`kube-sim/${seed}/pncc`);
  const masters = nodesOfUnit(0).filter((n) => n.master);
  const targets: CheckTarget[] = [
    ...masters.map((m, i): CheckTarget => ({ name: `kubernetes-apiserver-endpoint-${hostOf(m)}`, endpoint: `${m.ip}:6443`, outage: true, ...(i === 0 ? { failures: 'tcp' as const } : {}) })),
    { name: 'kubernetes-apiserver-service-cluster', endpoint: '172.30.0.1:443' },
    { name: 'kubernetes-default-service-cluster', endpoint: '172.30.0.1:443' },
    { name: 'load-balancer-api-external', endpoint: `${apiHost(id)}:6443` },
    { name: 'load-balancer-api-internal', endpoint: `${apiIntHost(id)}:6443`, failures: 'dns' },
    ...masters.map((m): CheckTarget => ({ name: `openshift-apiserver-endpoint-${hostOf(m)}`, endpoint: `${podIp(rng)}:8443` })),
    { name: 'openshift-apiserver-service-cluster', endpoint: `172.30.${rng.int(256)}.${rng.range(2, 254)}:443` },
  ];
  return targets.map((t) => connectivityCheck(rng, seed, t, rv));
}

/** The checks to the network-check-target pods of a unit's nodes (one of unit 0's timed out lately). */
export function nodeConnectivityChecks(seed: number, unit: number, rv: () => string): KubeObject[] {
  const rng = new Rng(`kube-sim/${seed}/unit/${unit}/pncc`);
  return nodesOfUnit(unit).map((node, i) => connectivityCheck(rng, seed, { name: `network-check-target-${hostOf(node)}`, endpoint: `${podIp(rng)}:8080`, ...(unit === 0 && i === 4 ? { failures: 'timeout' as const } : {}) }, rv));
}

function connectivityCheck(rng: Rng, seed: number, t: CheckTarget, rv: () => string): KubeObject {
  const pod = sourcePod(seed);
  const entry = (at: number, success: boolean, reason: string, message: string): Json =>
    ({ latency: `${rng.range(1, 40)}.${rng.range(100000, 999999)}ms`, message, reason, success, time: timestamp(at) });
  const ok = (at: number): Json => entry(at, true, 'TCPConnect', `${t.name}: tcp connection to ${t.endpoint} succeeded`);
  const host = t.endpoint.slice(0, t.endpoint.lastIndexOf(':'));
  const failure = (at: number, kind: 'tcp' | 'timeout' | 'dns'): Json =>
    kind === 'dns'
      ? entry(at, false, 'DNSError', `${t.name}: failure looking up host ${host}: dial tcp: lookup ${host} on 172.30.0.10:53: server misbehaving`)
      : entry(at, false, 'TCPConnectError', `${t.name}: failed to establish a TCP connection to ${t.endpoint}: dial tcp ${t.endpoint}: ${kind === 'tcp' ? 'connect: connection refused' : 'i/o timeout'}`);
  const successes = Array.from({ length: 10 }, (_, i) => ok(CLUSTER_NOW - i * 60 - rng.int(30)));
  // Recent failures: a few within the day before CLUSTER_NOW, newest first.
  const failures = t.failures === undefined ? [] : Array.from({ length: rng.range(1, 3) }, (_, i) => failure(CLUSTER_NOW - 3600 * (i * 7 + 2) - rng.int(600), t.failures!));
  // The API endpoints went away one by one while the control plane was upgraded.
  const upgrade = 20 * DAY + 1200 + rng.int(1800);
  const outages = t.outage !== true ? [] : [{
    start: timestamp(upgrade), end: timestamp(upgrade + 120),
    message: `Connectivity restored after 2m0.${rng.range(100000000, 999999999)}s`,
    startLogs: [failure(upgrade, 'tcp')], endLogs: [ok(upgrade + 120), failure(upgrade + 60, 'tcp')],
  }];
  return {
    apiVersion: 'controlplane.operator.openshift.io/v1alpha1', kind: 'PodNetworkConnectivityCheck',
    metadata: {
      name: `network-check-source-${hostOf(source())}-to-${t.name}`, namespace: NS, uid: rng.uuid(), resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(1800),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.name, uid: pod.uid }],
    },
    spec: { sourcePod: pod.name, targetEndpoint: t.endpoint, tlsClientCert: { name: '' } },
    status: {
      conditions: [{ lastTransitionTime: timestamp(t.outage === true ? upgrade + 120 : 1900), message: `${t.name}: tcp connection to ${t.endpoint} succeeded`, reason: 'TCPConnectSuccess', status: 'True', type: 'Reachable' }],
      failures, outages, successes,
    },
  };
}

/** The name of the first check: the network ClusterOperator lists it among its related objects. */
export function firstConnectivityCheckName(): string {
  return `network-check-source-${hostOf(source())}-to-kubernetes-apiserver-endpoint-${hostOf(nodesOfUnit(0).find((n) => n.master)!)}`;
}
