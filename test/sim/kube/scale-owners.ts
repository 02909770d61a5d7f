/**
 * The controllers of a generated cluster's pods: Deployments and their ReplicaSets, DaemonSets,
 * StatefulSets, Jobs and the CronJobs of some Jobs, with statuses that agree with their pods.
 */
import type { Rng } from './prng.ts';
import { BASE_TIME, timestamp } from './prng.ts';
import type { Workload } from './scale-pods.ts';
import type { KubeObject } from './store.ts';

type Json = Record<string, any>;

function counts(pods: readonly Json[]): { total: number; ready: number; succeeded: number; failed: number } {
  let ready = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of pods) {
    const phase = p['status']['phase'];
    if (phase === 'Succeeded') succeeded++;
    else if (phase === 'Failed') failed++;
    if (p['status']['conditions'].some((c: Json) => c['type'] === 'Ready' && c['status'] === 'True')) ready++;
  }
  return { total: pods.length, ready, succeeded, failed };
}

const condition = (type: string, status: string, at: number, reason: string, message: string): Json =>
  ({ type, status, lastUpdateTime: timestamp(at), lastTransitionTime: timestamp(at), reason, message });

/** Owner objects of one workload's pods (which carry the owner's uid in their ownerReferences). */
export function ownerObjects(rng: Rng, w: Workload, namespace: string, pods: readonly Json[], rv: () => string): KubeObject[] {
  const created = (Math.min(...pods.map((p) => Date.parse(p['metadata']['creationTimestamp']))) - BASE_TIME) / 1000 - rng.range(30, 3600);
  const labels = { app: w.app, 'app.kubernetes.io/name': w.app };
  const template = {
    metadata: { labels: { ...labels, ...(w.kind === 'ReplicaSet' ? { 'pod-template-hash': w.templateHash } : {}) } },
    spec: { containers: w.containers, restartPolicy: w.kind === 'Job' ? 'Never' : 'Always', serviceAccountName: w.serviceAccount, terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' },
  };
  const selector = { matchLabels: w.kind === 'ReplicaSet' ? { app: w.app, 'pod-template-hash': w.templateHash } : { app: w.app } };
  const meta = (name: string, uid: string, extra: Json = {}): KubeObject['metadata'] =>
    ({ name, namespace, uid, resourceVersion: rv(), generation: 1, creationTimestamp: timestamp(created), labels, ...extra });
  const { total, ready, succeeded, failed } = counts(pods);
  const at = created + 120;

  switch (w.kind) {
    case 'ReplicaSet': {
      const deploymentUid = w.parentUid!;
      const replicaSet: KubeObject = {
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: meta(w.owner, w.ownerUid, {
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(total), 'deployment.kubernetes.io/max-replicas': String(total + 1), 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: w.app, uid: deploymentUid, controller: true, blockOwnerDeletion: true }],
        }),
        spec: { replicas: total, selector, template },
        status: { replicas: total, fullyLabeledReplicas: total, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 },
      };
      const deployment: KubeObject = {
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: meta(w.app, deploymentUid, { annotations: { 'deployment.kubernetes.io/revision': '1' } }),
        spec: { replicas: total, selector: { matchLabels: { app: w.app } }, template: { ...template, metadata: { labels } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
        status: {
          observedGeneration: 1, replicas: total, updatedReplicas: total, readyReplicas: ready, availableReplicas: ready,
          ...(total > ready ? { unavailableReplicas: total - ready } : {}),
          conditions: [
            ready === total ? condition('Available', 'True', at, 'MinimumReplicasAvailable', 'Deployment has minimum availability.') : condition('Available', 'False', at, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
            condition('Progressing', 'True', at, 'NewReplicaSetAvailable', `ReplicaSet "${w.owner}" has successfully progressed.`),
          ],
        },
      };
      return [deployment, replicaSet];
    }
    case 'DaemonSet':
      return [{
        apiVersion: 'apps/v1', kind: 'DaemonSet',
        metadata: meta(w.owner, w.ownerUid, { annotations: { 'deprecated.daemonset.template.generation': '1' } }),
        spec: { selector, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } }, revisionHistoryLimit: 10 },
        status: { currentNumberScheduled: total, numberMisscheduled: 0, desiredNumberScheduled: total, numberReady: ready, observedGeneration: 1, updatedNumberScheduled: total, numberAvailable: ready, ...(total > ready ? { numberUnavailable: total - ready } : {}) },
      }];
    case 'StatefulSet': {
      const revision = `${w.owner}-${w.templateHash.slice(0, 8)}`;
      return [{
        apiVersion: 'apps/v1', kind: 'StatefulSet',
        metadata: meta(w.owner, w.ownerUid),
        spec: { replicas: total, selector, template, serviceName: w.app, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } },
        status: { observedGeneration: 1, replicas: total, readyReplicas: ready, currentReplicas: total, updatedReplicas: total, availableReplicas: ready, currentRevision: revision, updateRevision: revision, collisionCount: 0 },
      }];
    }
    case 'Job': {
      const done = created + rng.range(30, 900);
      const ok = failed === 0;
      const owner = w.parentUid === undefined ? {} : { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: w.app, uid: w.parentUid, controller: true, blockOwnerDeletion: true }] };
      const job: KubeObject = {
        apiVersion: 'batch/v1', kind: 'Job',
        metadata: meta(w.owner, w.ownerUid, owner),
        spec: { parallelism: total, completions: total, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': w.ownerUid } }, template },
        status: {
          startTime: timestamp(created + 1), ...(ok ? { completionTime: timestamp(done), succeeded } : { failed }), ready: 0, terminating: 0,
          uncountedTerminatedPods: {},
          conditions: ok
            ? [{ type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: timestamp(done), lastTransitionTime: timestamp(done) }, { type: 'Complete', status: 'True', lastProbeTime: timestamp(done), lastTransitionTime: timestamp(done) }]
            : [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: timestamp(done), lastTransitionTime: timestamp(done) }],
        },
      };
      if (w.parentUid === undefined) return [job];
      const cronJob: KubeObject = {
        apiVersion: 'batch/v1', kind: 'CronJob',
        metadata: meta(w.app, w.parentUid),
        spec: { schedule: `${rng.int(60)} */6 * * *`, concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { backoffLimit: 6, template } } },
        status: { lastScheduleTime: timestamp(created + 1), ...(ok ? { lastSuccessfulTime: timestamp(done) } : {}) },
      };
      return [cronJob, job];
    }
  }
}
