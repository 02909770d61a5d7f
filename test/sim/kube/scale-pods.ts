/** Pods of a generated cluster: workload-shaped, with the spec and status fields gatherers read. */
import type { Rng } from './prng.ts';
import { timestamp } from './prng.ts';
import type { PoolImage, SimNode } from './scale-nodes.ts';
import type { Canaries } from './scale-secrets.ts';
import type { KubeObject } from './store.ts';

export interface Workload {
  readonly kind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';
  readonly app: string;
  /** The owning object's name (the ReplicaSet's, not the Deployment's). */
  readonly owner: string;
  readonly ownerUid: string;
  /** The owner's owner: the Deployment of a ReplicaSet, the CronJob of some Jobs. */
  readonly parentUid?: string;
  /** Secrets the containers' env refers to (`${app}-db`), which the namespace must hold. */
  readonly secretRefs: readonly string[];
  readonly templateHash: string;
  readonly containers: readonly Record<string, unknown>[];
  readonly images: readonly PoolImage[];
  readonly serviceAccount: string;
}

const CONTAINER_NAMES = ['main', 'proxy', 'metrics', 'config-reloader', 'kube-rbac-proxy'];

/**
 * A workload and its pod template. Secret values in its env are canaries: a literal API_TOKEN or
 * ADMIN_PASSWORD, a DATABASE_URL and an HTTPS_PROXY with credentials in them.
 */
export function makeWorkload(rng: Rng, kind: Workload['kind'], app: string, pool: readonly PoolImage[], openshift: boolean, namespace: string, canaries: Canaries): Workload {
  const candidates = pool.filter((img) => img.openshift === openshift);
  const count = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  const images = Array.from({ length: count }, () => rng.pick(candidates));
  const templateHash = rng.suffix(10);
  const secretRefs: string[] = [];
  const canary = (env: string): string => canaries.next(`Pod env ${env} of workload ${namespace}/${app} (raw)`);
  const containers = images.map((img, i) => {
    const name = i === 0 ? app : CONTAINER_NAMES[i]!;
    const port = 8080 + i;
    return {
      name,
      image: img.image,
      ...(i === 0 ? { command: [`/usr/bin/${app}`], args: ['--v=2', `--listen=:${port}`, '--config=/etc/config/config.yaml'] } : { args: [`--upstream=http://127.0.0.1:8080/`, `--secure-listen-address=0.0.0.0:${9090 + i}`] }),
      ports: [{ name: i === 0 ? 'http' : `metrics-${i}`, containerPort: port, protocol: 'TCP' }],
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
        { name: 'LOG_LEVEL', value: rng.pick(['info', 'debug', 'warn']) },
        ...(rng.chance(0.2) ? [{ name: 'HTTPS_PROXY', value: `http://proxyuser:${canary('HTTPS_PROXY')}@proxy.internal.example.com:3128` }] : []),
        ...(i === 0 && rng.chance(0.3) ? [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'password' } } }] : []),
        ...(i === 0 && rng.chance(0.15) ? [rng.pick(['API_TOKEN', 'ADMIN_PASSWORD', 'GITHUB_TOKEN'])].map((env) => ({ name: env, value: canary(env) })) : []),
        ...(i === 0 && !openshift && rng.chance(0.1) ? [{ name: 'DATABASE_URL', value: `postgresql://app:${canary('DATABASE_URL')}@${app}-db.${namespace}.svc:5432/${app.replaceAll('-', '_')}?sslmode=require` }] : []),
      ],
      resources: { requests: { cpu: `${rng.pick([10, 50, 100, 250])}m`, memory: `${rng.pick([32, 64, 128, 256, 512])}Mi` }, ...(rng.chance(0.6) ? { limits: { memory: `${rng.pick([512, 1024, 2048])}Mi` } } : {}) },
      volumeMounts: [
        ...(i === 0 ? [{ name: 'config', mountPath: '/etc/config' }] : []),
        { name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
      ],
      ...(i === 0 ? { readinessProbe: { httpGet: { path: '/healthz', port, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } } : {}),
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      imagePullPolicy: 'IfNotPresent',
      securityContext: { capabilities: { drop: ['ALL'] }, runAsNonRoot: true, allowPrivilegeEscalation: false },
    };
  });
  for (const c of containers) for (const e of c.env) if ('valueFrom' in e && e.valueFrom !== undefined && 'secretKeyRef' in e.valueFrom && e.valueFrom.secretKeyRef !== undefined) secretRefs.push(e.valueFrom.secretKeyRef.name);
  // Jobs are named after their start, as a CronJob names them; half of them have one.
  const owner = kind === 'ReplicaSet' ? `${app}-${templateHash}` : kind === 'Job' ? `${app}-${rng.range(28_800_000, 28_900_000)}` : app;
  const parentUid = kind === 'ReplicaSet' || (kind === 'Job' && rng.chance(0.5)) ? rng.uuid() : undefined;
  return {
    kind, app, owner, ownerUid: rng.uuid(), ...(parentUid === undefined ? {} : { parentUid }), secretRefs,
    templateHash, containers, images, serviceAccount: openshift ? app : 'default',
  };
}

export type Fate = 'Running' | 'Pending' | 'Failed' | 'Succeeded' | 'CrashLoopBackOff';

/** What the namespace's annotations give its pods: the first UID of its range, and its SELinux level. */
export interface Scc { readonly uid: number; readonly range: string; readonly mcs: string }

function fateOf(rng: Rng, w: Workload, openshift: boolean): Fate {
  if (w.kind === 'Job') return rng.chance(0.8) ? 'Succeeded' : 'Failed';
  const r = rng.next();
  if (openshift && r < 0.03) return 'CrashLoopBackOff';
  if (r < 0.07) return 'Pending';
  if (r < 0.09) return 'Failed';
  return 'Running';
}

/**
 * `fate` overrides the drawn fate (the draw is made all the same, so later pods do not change); `scc`
 * is the namespace's, which the pod's security context takes.
 */
export function podObject(rng: Rng, w: Workload, name: string, namespace: string, node: SimNode, openshift: boolean, rv: () => string, fate: Fate | undefined, scc: Scc): KubeObject {
  const created = 2 * 86400 + rng.int(27 * 86400);
  const drawn = fateOf(rng, w, openshift);
  fate ??= drawn;
  const started = created + rng.range(2, 60);
  const podIP = `10.${128 + rng.int(4)}.${rng.int(256)}.${rng.range(2, 254)}`;
  const since = (s: number): string => timestamp(s);
  const containerStatuses = w.containers.map((c, i) => {
    const img = w.images[i]!;
    const base = { name: c['name'], image: img.image, imageID: img.imageID };
    const id = `cri-o://${rng.hex(64)}`;
    if (fate === 'Pending') return { ...base, imageID: '', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, started: false };
    if (fate === 'Succeeded' || fate === 'Failed') {
      const exitCode = fate === 'Succeeded' ? 0 : 1;
      return { ...base, containerID: id, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: since(started), finishedAt: since(started + rng.range(5, 600)), containerID: id } }, lastState: {}, ready: false, restartCount: 0, started: false };
    }
    if (fate === 'CrashLoopBackOff' && i === 0) {
      return {
        ...base, containerID: id,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c['name']} pod=${name}_${namespace}(${rng.uuid()})` } },
        lastState: { terminated: { exitCode: rng.pick([1, 2, 137]), reason: 'Error', startedAt: since(29 * 86400), finishedAt: since(29 * 86400 + 40), containerID: id } },
        ready: false, restartCount: rng.range(20, 400), started: false,
      };
    }
    const restarts = rng.chance(0.1) ? rng.range(1, 5) : 0;
    return { ...base, containerID: id, state: { running: { startedAt: since(started + restarts * 30) } }, lastState: {}, ready: true, restartCount: restarts, started: true };
  });
  const ready = fate === 'Running';
  const phase = fate === 'CrashLoopBackOff' ? 'Running' : fate;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace, uid: rng.uuid(), resourceVersion: rv(), creationTimestamp: timestamp(created),
      ...(w.kind === 'ReplicaSet' || w.kind === 'DaemonSet' ? { generateName: `${w.owner}-` } : {}),
      labels: {
        app: w.app, 'app.kubernetes.io/name': w.app, 'app.kubernetes.io/component': openshift ? 'operator' : 'backend',
        ...(w.kind === 'ReplicaSet' ? { 'pod-template-hash': w.templateHash } : w.kind === 'Job' ? { 'job-name': w.owner, 'batch.kubernetes.io/job-name': w.owner, 'batch.kubernetes.io/controller-uid': w.ownerUid } : { 'controller-revision-hash': `${w.owner}-${w.templateHash.slice(0, 8)}` }),
      },
      annotations: {
        'k8s.ovn.org/pod-networks': `{"default":{"ip_addresses":["${podIP}/23"],"mac_address":"0a:58:0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}","gateway_ips":["10.128.0.1"],"role":"primary"}}`,
        'openshift.io/scc': openshift ? 'restricted-v2' : 'anyuid',
        'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
      },
      ownerReferences: [{ apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: w.kind, name: w.owner, uid: w.ownerUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      volumes: [
        { name: 'config', configMap: { name: `${w.app}-config`, defaultMode: 420 } },
        { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }], defaultMode: 420 } },
      ],
      containers: w.containers,
      restartPolicy: w.kind === 'Job' ? 'Never' : 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: w.serviceAccount,
      serviceAccount: w.serviceAccount,
      ...(fate === 'Pending' && rng.chance(0.5) ? {} : { nodeName: node.name }),
      securityContext: { seLinuxOptions: { level: scc.mcs }, fsGroup: scc.uid, seccompProfile: { type: 'RuntimeDefault' } },
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: openshift ? 2000000000 : 0,
      ...(openshift ? { priorityClassName: 'system-cluster-critical' } : {}),
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase,
      conditions: [
        { type: 'PodReadyToStartContainers', status: fate === 'Pending' ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: since(started) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: since(created + 1) },
        { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: since(started + 5), ...(ready ? {} : { reason: fate === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady' }) },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: since(started + 5) },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: since(created) },
      ],
      hostIP: node.ip,
      hostIPs: [{ ip: node.ip }],
      ...(fate === 'Pending' ? {} : { podIP, podIPs: [{ ip: podIP }] }),
      startTime: since(created + 1),
      containerStatuses,
      qosClass: 'Burstable',
    },
  };
}
